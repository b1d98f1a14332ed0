/*
 * Staging sink: members go to ".m<n>" files created with O_EXCL|O_NOFOLLOW
 * in the temp folder; each is hashed and its lines counted on the way.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest_stage.h"
#include "tip_datadir.h"

void
ingest_stage_init(struct ingest_stage *st, int dirfd, int single)
{
	memset(st, 0, sizeof(*st));
	st->dirfd = dirfd;
	st->fd = -1;
	st->single = single;
}

void
ingest_stage_release(struct ingest_stage *st)
{
	if (st->fd >= 0)
		close(st->fd);
	free(st->m);
	free(st->dp);
	memset(st, 0, sizeof(*st));
	st->fd = -1;
}

uint64_t
ingest_member_rows(const struct ingest_member *m)
{
	return m->lines > 0 ? m->lines - 1 : 0;
}

static int
ends_with(const char *s, const char *suf)
{
	size_t ls = strlen(s), lx = strlen(suf);

	return ls >= lx && strcmp(s + ls - lx, suf) == 0;
}

static int
st_begin(void *ctx, const char *name, char *why, size_t n)
{
	struct ingest_stage *st = ctx;
	struct ingest_member *m;

	if (!st->single && strcmp(name, "datapackage.json") == 0) {
		st->in_dp = 1;
		return INGEST_OK;
	}
	if (!st->single && (!ends_with(name, ".csv") || name[0] == '.')) {
		snprintf(why, n, "unknown member '%s' (want <table>.csv and "
		    "datapackage.json)", name);
		return INGEST_REJECT;
	}
	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 8;
		st->m = tip_xrealloc(st->m, st->cap * sizeof(*st->m));
	}
	m = &st->m[st->n];
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	snprintf(m->file, sizeof(m->file), ".m%zu", st->n);
	st->fd = openat(st->dirfd, m->file,
	    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (st->fd < 0)
		return INGEST_SYSERR;
	st->n++;
	tip_sha256_init(&st->sha);
	st->last_lf = 1;
	return INGEST_OK;
}

static int
write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static uint64_t
count_lf(const char *p, size_t len)
{
	uint64_t c = 0;
	const char *end = p + len;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		c++;
		p++;
	}
	return c;
}

static int
st_data(void *ctx, const void *buf, size_t len, char *why, size_t n)
{
	struct ingest_stage *st = ctx;
	struct ingest_member *m;

	if (len == 0)
		return INGEST_OK;
	if (st->in_dp) {
		if (len > INGEST_MAX_DATAPACKAGE - st->ndp) {
			snprintf(why, n, "datapackage.json is larger than %zu "
			    "bytes", INGEST_MAX_DATAPACKAGE);
			return INGEST_REJECT;
		}
		if (st->dp == NULL)
			st->dp = tip_xmalloc(INGEST_MAX_DATAPACKAGE + 1);
		memcpy(st->dp + st->ndp, buf, len);
		st->ndp += len;
		return INGEST_OK;
	}
	m = &st->m[st->n - 1];
	if (m->nhead < INGEST_HEAD) {
		size_t take = len < INGEST_HEAD - m->nhead ? len
		    : INGEST_HEAD - m->nhead;
		memcpy(m->head + m->nhead, buf, take);
		m->nhead += take;
		m->head[m->nhead] = '\0';
	}
	if (write_all(st->fd, buf, len) != 0)
		return INGEST_SYSERR;
	tip_sha256_update(&st->sha, buf, len);
	m->bytes += len;
	m->lines += count_lf(buf, len);
	st->last_lf = ((const char *)buf)[len - 1] == '\n';
	return INGEST_OK;
}

static int
st_end(void *ctx, char *why, size_t n)
{
	struct ingest_stage *st = ctx;
	struct ingest_member *m;
	uint8_t dig[32];
	int fd;

	(void)why;
	(void)n;
	if (st->in_dp) {
		st->in_dp = 0;
		if (st->dp == NULL)
			st->dp = tip_xmalloc(1);
		st->dp[st->ndp] = '\0';
		return INGEST_OK;
	}
	m = &st->m[st->n - 1];
	if (!st->last_lf)
		m->lines++;
	tip_sha256_final(&st->sha, dig);
	tip_sha256_hex(dig, m->sha256);
	fd = st->fd;
	st->fd = -1;
	/* Durable before the folder is renamed into staged/. */
	if (fsync(fd) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return INGEST_SYSERR;
	}
	if (close(fd) != 0)
		return INGEST_SYSERR;
	return INGEST_OK;
}

struct ingest_sink
ingest_stage_sink(struct ingest_stage *st)
{
	struct ingest_sink s = {
		.begin = st_begin, .data = st_data, .end = st_end, .ctx = st,
	};
	return s;
}
