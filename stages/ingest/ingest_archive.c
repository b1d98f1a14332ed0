/*
 * Archive reader for submissions. Compressed and plain tar files are read
 * in two layers: an outer libarchive "raw" reader undoes the gzip or xz
 * filter and reads the stream to its very end (so that trailing garbage and
 * truncation show), and an inner reader parses tar from those bytes. Zip is
 * read by libarchive directly. Extraction is never done here: regular
 * members are streamed to a sink.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_archive.h"
#include "tip_datadir.h"

#define OUTER_BUF ((size_t)256 * 1024)

struct archive *
ingest_archive_new(enum ingest_fmt f)
{
	struct archive *a = archive_read_new();
	int r = ARCHIVE_OK;

	if (a == NULL)
		return NULL;
	switch (f) {
	case INGEST_FMT_ZIP:
		r = archive_read_support_format_zip(a);
		break;
	case INGEST_FMT_TGZ:
	case INGEST_FMT_CSVGZ:
		r = archive_read_support_format_raw(a);
		/* ARCHIVE_WARN here would mean "will run gzip": refuse. */
		if (r == ARCHIVE_OK)
			r = archive_read_support_filter_gzip(a);
		break;
	case INGEST_FMT_TXZ:
		r = archive_read_support_format_raw(a);
		if (r == ARCHIVE_OK)
			r = archive_read_support_filter_xz(a);
		break;
	case INGEST_FMT_TAR:
	case INGEST_FMT_CSV:
		r = archive_read_support_format_raw(a);
		break;
	default:
		r = ARCHIVE_FATAL;
	}
	if (r != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/*
 * The tar layer pulls the outer reader's bytes through this. Two buffers
 * take turns, so the chunk before the last one is still intact when the
 * tar layer stops: what it read ahead but did not use is checked there.
 */
struct outer_src {
	struct archive *outer;
	char *buf[2];     /* OUTER_BUF bytes each, owned by read_tar */
	size_t len[2];    /* bytes in each */
	int cur;          /* buffer of the last chunk */
	uint64_t given;   /* bytes handed to the tar layer */
	char msg[256];    /* the outer reader's error, when it failed */
	int failed;
};

static la_ssize_t
outer_read(struct archive *inner, void *ctx, const void **out)
{
	struct outer_src *s = ctx;
	int next = !s->cur;
	la_ssize_t got = archive_read_data(s->outer, s->buf[next], OUTER_BUF);

	if (got < 0) {
		const char *m = archive_error_string(s->outer);
		snprintf(s->msg, sizeof(s->msg), "%s", m ? m : "read error");
		s->failed = 1;
		archive_set_error(inner, EIO, "%s", s->msg);
		return -1;
	}
	s->cur = next;
	s->len[next] = (size_t)got;
	s->given += (uint64_t)got;
	*out = s->buf[next];
	return got;
}

/* 1 when the last n bytes handed to the tar layer are all zero. */
static int
tail_is_zero(const struct outer_src *s, uint64_t n)
{
	int b = s->cur;

	for (int k = 0; k < 2 && n > 0; k++, b = !b) {
		size_t take = n < s->len[b] ? (size_t)n : s->len[b];
		const char *p = s->buf[b] + s->len[b] - take;
		for (size_t i = 0; i < take; i++)
			if (p[i] != 0)
				return 0;
		n -= take;
	}
	return n == 0;
}

/* State of one walk over the entries. */
struct walk {
	const struct ingest_limits *lim;
	const struct ingest_sink *sink;
	enum ingest_fmt fmt;
	uint64_t insize;
	int max_filters;  /* gzip over gzip is a nested archive */
	uint64_t entries, files, total;
	char **names; /* normalised names seen, for duplicates (owned) */
	size_t nnames, capnames;
	char *why;
	size_t n;
};

static const char *
errstr(struct archive *a)
{
	const char *m = archive_error_string(a);

	return m != NULL ? m : "unknown error";
}

/* Records name; returns -1 when it was seen before. */
static int
remember(struct walk *w, const char *name)
{
	size_t len = strlen(name);

	while (len > 1 && name[len - 1] == '/')
		len--;
	for (size_t i = 0; i < w->nnames; i++)
		if (strlen(w->names[i]) == len &&
		    memcmp(w->names[i], name, len) == 0)
			return -1;
	if (w->nnames == w->capnames) {
		w->capnames = w->capnames ? 2 * w->capnames : 16;
		w->names = tip_xrealloc(w->names,
		    w->capnames * sizeof(*w->names));
	}
	w->names[w->nnames] = tip_xmalloc(len + 1);
	memcpy(w->names[w->nnames], name, len);
	w->names[w->nnames++][len] = '\0';
	return 0;
}

static int reject(struct walk *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
reject(struct walk *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->why, w->n, fmt, ap);
	va_end(ap);
	return INGEST_REJECT;
}

static int
over_ratio(const struct walk *w)
{
	uint64_t limit;

	if (w->lim->max_ratio == 0 || w->total <= INGEST_RATIO_FLOOR)
		return 0;
	if (__builtin_mul_overflow(w->lim->max_ratio, w->insize, &limit))
		return 0;
	return w->total > limit;
}

/* Streams the data of the current regular entry to the sink. */
static int
copy_entry(struct walk *w, struct archive *a, const char *name, void *buf,
    size_t bufsize)
{
	unsigned char head[INGEST_MAGIC_LEN];
	size_t nhead = 0;
	uint64_t bytes = 0;
	la_ssize_t got;
	int rc, checked = 0;

	rc = w->sink->begin(w->sink->ctx, name, w->why, w->n);
	if (rc != INGEST_OK)
		return rc;
	while ((got = archive_read_data(a, buf, bufsize)) > 0) {
		bytes += (uint64_t)got;
		w->total += (uint64_t)got;
		if (w->lim->max_entry_size && bytes > w->lim->max_entry_size) {
			snprintf(w->why, w->n, "member '%s' is larger than "
			    "%llu bytes", name,
			    (unsigned long long)w->lim->max_entry_size);
			return INGEST_REJECT;
		}
		if (w->lim->max_total_size && w->total > w->lim->max_total_size) {
			snprintf(w->why, w->n, "members are larger than %llu "
			    "bytes in total",
			    (unsigned long long)w->lim->max_total_size);
			return INGEST_REJECT;
		}
		if (over_ratio(w)) {
			snprintf(w->why, w->n, "compression ratio above %llu:1 "
			    "(decompression bomb?)",
			    (unsigned long long)w->lim->max_ratio);
			return INGEST_REJECT;
		}
		if (!checked) {
			size_t take = (size_t)got;
			if (take > sizeof(head) - nhead)
				take = sizeof(head) - nhead;
			memcpy(head + nhead, buf, take);
			nhead += take;
			if (nhead == sizeof(head)) {
				checked = 1;
				if (ingest_magic_is_archive(ingest_magic(head,
				    nhead)))
					goto nested;
			}
		}
		rc = w->sink->data(w->sink->ctx, buf, (size_t)got, w->why, w->n);
		if (rc != INGEST_OK)
			return rc;
	}
	if (got < 0) {
		snprintf(w->why, w->n, "corrupt data in '%s': %s", name,
		    errstr(a));
		return INGEST_REJECT;
	}
	if (!checked && ingest_magic_is_archive(ingest_magic(head, nhead)))
		goto nested;
	return w->sink->end(w->sink->ctx, w->why, w->n);
nested:
	snprintf(w->why, w->n, "nested archive: member '%s' holds %s data",
	    name, ingest_magic_name(ingest_magic(head, nhead)));
	return INGEST_REJECT;
}

/* Walks the entries of a (a zip, a tar layer, or the raw single file). */
static int
walk_entries(struct walk *w, struct archive *a, int single, void *buf,
    size_t bufsize)
{
	struct archive_entry *e;
	char name[512];
	int r;

	for (;;) {
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK)
			return reject(w, "corrupt archive: %s", errstr(a));
		w->entries++;
		if (single && archive_filter_count(a) > w->max_filters)
			return reject(w, "nested archive: compressed more "
			    "than once");
		if (w->lim->max_entries && w->entries > w->lim->max_entries) {
			snprintf(w->why, w->n, "more than %llu entries",
			    (unsigned long long)w->lim->max_entries);
			return INGEST_REJECT;
		}
		const char *path = archive_entry_pathname(e);
		if (single) {
			snprintf(name, sizeof(name), "data");
		} else {
			const char *bad;
			if (ingest_member_name(path, name, sizeof(name),
			    &bad) != 0)
				return reject(w, "unsafe member name '%s': %s",
				    path ? path : "", bad);
		}
		if (archive_entry_is_encrypted(e))
			return reject(w, "encrypted member '%s'", name);
		if (archive_entry_hardlink(e) != NULL)
			return reject(w, "hardlink member '%s' -> '%s'", name,
			    archive_entry_hardlink(e));
		if (archive_entry_symlink(e) != NULL ||
		    archive_entry_filetype(e) == AE_IFLNK) {
			const char *to = archive_entry_symlink(e);
			return reject(w, "symlink member '%s' -> '%s'", name,
			    to ? to : "?");
		}
		switch (archive_entry_filetype(e)) {
		case AE_IFREG:
			break;
		case AE_IFDIR:
			if (remember(w, name) != 0)
				return reject(w, "duplicate member '%s'",
				    name);
			continue;
		case AE_IFIFO:
			return reject(w, "FIFO member '%s'", name);
		case AE_IFCHR:
		case AE_IFBLK:
			return reject(w, "device member '%s'", name);
		case AE_IFSOCK:
			return reject(w, "socket member '%s'", name);
		default:
			return reject(w, "member '%s' of unknown type", name);
		}
		if (archive_entry_sparse_count(e) > 0)
			return reject(w, "sparse member '%s'", name);
		if (!single && remember(w, name) != 0)
			return reject(w, "duplicate member '%s'", name);
		if (!single && ingest_name_is_archive(name))
			return reject(w, "nested archive '%s'", name);
		if (w->lim->max_entry_size && archive_entry_size_is_set(e) &&
		    archive_entry_size(e) > 0 &&
		    (uint64_t)archive_entry_size(e) > w->lim->max_entry_size) {
			snprintf(w->why, w->n, "member '%s' is larger than "
			    "%llu bytes", name,
			    (unsigned long long)w->lim->max_entry_size);
			return INGEST_REJECT;
		}
		w->files++;
		int rc = copy_entry(w, a, name, buf, bufsize);
		if (rc != INGEST_OK)
			return rc;
	}
	return INGEST_OK;
}

/* Tar inside the outer (raw) layer. */
static int
read_tar(struct walk *w, struct archive *outer, void *buf, size_t bufsize)
{
	struct outer_src src = {.outer = outer};
	struct archive *inner;
	la_ssize_t got;
	int rc;

	inner = archive_read_new();
	if (inner == NULL || archive_read_support_format_tar(inner) != ARCHIVE_OK) {
		archive_read_free(inner);
		errno = ENOMEM;
		return INGEST_SYSERR;
	}
	src.buf[0] = tip_xmalloc(OUTER_BUF);
	src.buf[1] = tip_xmalloc(OUTER_BUF);
	if (archive_read_open(inner, &src, NULL, outer_read, NULL) != ARCHIVE_OK) {
		rc = src.failed ? reject(w, "corrupt archive: %s", src.msg)
		    : reject(w, "not a tar archive: %s", errstr(inner));
		goto out;
	}
	rc = walk_entries(w, inner, 0, buf, bufsize);
	if (rc == INGEST_REJECT && src.failed)
		rc = reject(w, "corrupt archive: %s", src.msg);
	if (rc != INGEST_OK)
		goto out;
	/* After the end-of-archive blocks only zero padding may follow:
	 * first what the tar layer read ahead, then the rest. */
	uint64_t used = (uint64_t)archive_filter_bytes(inner, 0);
	if (used > src.given || !tail_is_zero(&src, src.given - used)) {
		rc = reject(w, "trailing garbage after the end of the tar "
		    "archive");
		goto out;
	}
	while ((got = archive_read_data(outer, buf, bufsize)) > 0) {
		const unsigned char *p = buf;
		for (la_ssize_t i = 0; i < got; i++)
			if (p[i] != 0) {
				rc = reject(w, "trailing garbage after the end "
				    "of the tar archive");
				goto out;
			}
	}
	if (got < 0)
		rc = reject(w, "corrupt archive: %s", errstr(outer));
out:
	archive_read_free(inner);
	free(src.buf[0]);
	free(src.buf[1]);
	return rc;
}

int
ingest_archive_read(struct archive *a, enum ingest_fmt f, uint64_t insize,
    const struct ingest_limits *lim, const struct ingest_sink *sink,
    void *buf, size_t bufsize, char *why, size_t n)
{
	struct walk w = {
		.lim = lim, .sink = sink, .fmt = f, .insize = insize,
		.why = why, .n = n,
	};
	struct archive_entry *e;
	int rc;

	why[0] = '\0';
	w.max_filters = f == INGEST_FMT_TGZ || f == INGEST_FMT_TXZ ||
	    f == INGEST_FMT_CSVGZ ? 2 : 1;
	switch (f) {
	case INGEST_FMT_ZIP:
		rc = walk_entries(&w, a, 0, buf, bufsize);
		break;
	case INGEST_FMT_CSV:
	case INGEST_FMT_CSVGZ:
		rc = walk_entries(&w, a, 1, buf, bufsize);
		break;
	case INGEST_FMT_TAR:
	case INGEST_FMT_TGZ:
	case INGEST_FMT_TXZ:
		if (archive_read_next_header(a, &e) != ARCHIVE_OK) {
			rc = reject(&w, "corrupt archive: %s", errstr(a));
			break;
		}
		if (archive_filter_count(a) > w.max_filters) {
			rc = reject(&w, "nested archive: compressed more than "
			    "once");
			break;
		}
		rc = read_tar(&w, a, buf, bufsize);
		break;
	default:
		rc = reject(&w, "unsupported format");
	}
	if (rc == INGEST_OK && f != INGEST_FMT_ZIP &&
	    (uint64_t)archive_filter_bytes(a, -1) != insize) {
		if (f == INGEST_FMT_TGZ || f == INGEST_FMT_CSVGZ)
			rc = reject(&w, "trailing garbage after the gzip "
			    "stream");
		else if (f == INGEST_FMT_TXZ)
			rc = reject(&w, "trailing garbage after the xz "
			    "stream");
		else
			rc = reject(&w, "trailing garbage");
	}
	if (rc == INGEST_OK && w.files == 0)
		rc = reject(&w, "empty archive (no files)");
	for (size_t i = 0; i < w.nnames; i++)
		free(w.names[i]);
	free(w.names);
	return rc;
}
