/*
 * libFuzzer harness for ingest's archive reader: the first byte picks the
 * format (tar, tar.gz, tar.xz, zip, csv.gz, csv), the rest is the file. The
 * sink hashes every member, parses datapackage.json and matches headers,
 * as staging does, but writes nothing.
 */
#include <archive.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../../stages/ingest/ingest_archive.h"
#include "../../../stages/ingest/ingest_meta.h"
#include "tip_sha256.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fz {
	struct tip_sha256 sha;
	int in_dp;
	char dp[65536];
	size_t ndp;
	char head[4097];
	size_t nhead;
};

static int
f_begin(void *ctx, const char *name, char *why, size_t n)
{
	struct fz *f = ctx;

	(void)why;
	(void)n;
	f->in_dp = strcmp(name, "datapackage.json") == 0;
	f->ndp = 0;
	f->nhead = 0;
	tip_sha256_init(&f->sha);
	return INGEST_OK;
}

static int
f_data(void *ctx, const void *buf, size_t len, char *why, size_t n)
{
	struct fz *f = ctx;

	if (f->in_dp) {
		if (len > sizeof(f->dp) - f->ndp) {
			snprintf(why, n, "datapackage.json too large");
			return INGEST_REJECT;
		}
		memcpy(f->dp + f->ndp, buf, len);
		f->ndp += len;
	}
	if (f->nhead < sizeof(f->head) - 1) {
		size_t take = len < sizeof(f->head) - 1 - f->nhead ? len
		    : sizeof(f->head) - 1 - f->nhead;
		memcpy(f->head + f->nhead, buf, take);
		f->nhead += take;
	}
	tip_sha256_update(&f->sha, buf, len);
	return INGEST_OK;
}

static int
f_end(void *ctx, char *why, size_t n)
{
	static char *v[] = {"case_id", "date_identified", "country", "sex"};
	static char *p[] = {"month", "country", "stage", "persons"};
	struct fz *f = ctx;
	struct ingest_resource res[INGEST_MAX_RESOURCES];
	struct ingest_schemas sc;
	struct ingest_name nm;
	uint8_t dig[32];
	char t[16];

	tip_sha256_final(&f->sha, dig);
	if (f->in_dp)
		(void)ingest_dp_parse(f->dp, f->ndp, &nm, res, why, n);
	memset(&sc, 0, sizeof(sc));
	sc.loaded = 1;
	sc.field[0] = v;
	sc.nfield[0] = 4;
	sc.field[1] = p;
	sc.nfield[1] = 4;
	f->head[f->nhead] = '\0';
	(void)ingest_header_match(&sc, f->head, t);
	return INGEST_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ingest_fmt fmts[] = {
		INGEST_FMT_TAR, INGEST_FMT_TGZ, INGEST_FMT_TXZ, INGEST_FMT_ZIP,
		INGEST_FMT_CSVGZ, INGEST_FMT_CSV,
	};
	static const struct ingest_limits lim = {64, 1 << 20, 4 << 20, 200};
	static char buf[65536];
	static struct fz f;
	struct ingest_sink sink = {f_begin, f_data, f_end, &f};
	struct archive *a;
	enum ingest_fmt fmt;
	char why[512];

	if (size < 1)
		return 0;
	fmt = fmts[data[0] % 6];
	a = ingest_archive_new(fmt);
	if (a == NULL)
		return 0;
	if (archive_read_open_memory(a, data + 1, size - 1) == ARCHIVE_OK)
		(void)ingest_archive_read(a, fmt, size - 1, &lim, &sink, buf,
		    sizeof(buf), why, sizeof(why));
	archive_read_free(a);
	return 0;
}
