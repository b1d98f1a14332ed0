/*
 * Partial aggregates: one TSV file per validated submission holding its
 * finest cells (indicator, country, quarter, values, sum), with the
 * catalogue sha256 and the XXH64 hash of each validated file it was
 * built from (a fast hash is enough to notice a change; partials written
 * with sha256 no longer match and are recomputed once). A partial whose
 * provenance no longer matches is recomputed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "tip_afile.h"
#include "tip_err.h"

#define MAGIC "tip-aggregate-partial\t1"

int
agg_partial_write(const char *path, const struct agg_catalogue *cat,
    const struct agg_sub *s, const struct agg_table *t)
{
	struct tip_afile af;
	struct agg_cell **v;
	size_t n;

	if (tip_afile_open(&af, path) != 0) {
		tip_warn(errno, "cannot create '%s'", path);
		return tip_ex_for_errno(errno);
	}
	fprintf(af.fp, "%s\ncatalogue\t%s\nsubmission\t%s\t%s\t%s\t%s\n", MAGIC,
	    cat->sha256, s->id, s->programme, s->agency, s->period);
	for (size_t i = 0; i < cat->nschema; i++)
		fprintf(af.fp, "file\t%s\t%s\t%" PRIu64 "\n", cat->schema[i].name,
		    s->file_sha[i], s->rows[i]);
	v = agg_table_sorted(t, &n);
	fprintf(af.fp, "cells\t%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		const struct agg_cell *c = v[i];
		char per[16];
		agg_period_str(c->k.period, per);
		fprintf(af.fp, "%s\t%s\t%s", cat->ind[c->k.ind].id,
		    agg_str(c->k.country), per);
		for (int d = 0; d < AGG_NDIM; d++)
			fprintf(af.fp, "\t%s", agg_str(c->k.dim[d]));
		fprintf(af.fp, "\t%" PRId64 "\t%u\n", c->v,
		    (unsigned)(c->flags & AGG_F_OVERFLOW));
	}
	free(v);
	if (tip_afile_commit(&af) != 0) {
		tip_warn(errno, "cannot write '%s'", path);
		return tip_ex_for_errno(errno);
	}
	return 0;
}

/* Splits line at tabs into at most max fields; returns the count. */
static size_t
split(char *line, char **f, size_t max)
{
	size_t n = 0;

	for (;;) {
		if (n == max)
			return max + 1;
		f[n++] = line;
		char *tab = strchr(line, '\t');
		if (tab == NULL)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return n;
}

static int
read_line(FILE *fp, char *buf, size_t size)
{
	size_t len;

	if (fgets(buf, (int)size, fp) == NULL)
		return -1;
	len = strlen(buf);
	if (len == 0 || buf[len - 1] != '\n')
		return -1;
	buf[len - 1] = '\0';
	return 0;
}

static int
parse_i64(const char *s, int64_t *out)
{
	char *end;

	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

int
agg_partial_read(const char *path, const struct agg_catalogue *cat,
    struct agg_sub *s, struct agg_table *t)
{
	FILE *fp = fopen(path, "r");
	char line[4096], *f[16];
	int64_t ncells, v, fl;
	int rc = 1;

	if (fp == NULL)
		return 1;
	if (read_line(fp, line, sizeof(line)) != 0 || strcmp(line, MAGIC) != 0)
		goto out;
	if (read_line(fp, line, sizeof(line)) != 0 ||
	    split(line, f, 16) != 2 || strcmp(f[0], "catalogue") != 0 ||
	    strcmp(f[1], cat->sha256) != 0)
		goto out;
	if (read_line(fp, line, sizeof(line)) != 0 ||
	    split(line, f, 16) != 5 || strcmp(f[0], "submission") != 0 ||
	    strcmp(f[1], s->id) != 0 || strcmp(f[2], s->programme) != 0 ||
	    strcmp(f[3], s->agency) != 0 || strcmp(f[4], s->period) != 0)
		goto out;
	for (size_t i = 0; i < cat->nschema; i++) {
		if (read_line(fp, line, sizeof(line)) != 0 ||
		    split(line, f, 16) != 4 || strcmp(f[0], "file") != 0 ||
		    strcmp(f[1], cat->schema[i].name) != 0 ||
		    strcmp(f[2], s->file_sha[i]) != 0 ||
		    parse_i64(f[3], &v) != 0 || v < 0)
			goto out;
		s->rows[i] = (uint64_t)v;
	}
	if (read_line(fp, line, sizeof(line)) != 0 ||
	    split(line, f, 16) != 2 || strcmp(f[0], "cells") != 0 ||
	    parse_i64(f[1], &ncells) != 0 || ncells < 0)
		goto out;
	for (int64_t i = 0; i < ncells; i++) {
		struct agg_key k;
		uint32_t per;
		int ind;
		if (read_line(fp, line, sizeof(line)) != 0 ||
		    split(line, f, 16) != 5 + AGG_NDIM ||
		    (ind = agg_catalogue_find(cat, f[0])) < 0 ||
		    cat->ind[ind].ratio ||
		    agg_period_parse(f[2], &per) != 0 || AGG_PQ(per) == 0 ||
		    parse_i64(f[3 + AGG_NDIM], &v) != 0 ||
		    parse_i64(f[4 + AGG_NDIM], &fl) != 0)
			goto out;
		agg_key_clear(&k, (uint32_t)ind);
		k.country = agg_intern(f[1], strlen(f[1]));
		k.period = per;
		for (int d = 0; d < AGG_NDIM; d++)
			k.dim[d] = agg_intern(f[3 + d], strlen(f[3 + d]));
		if (agg_table_add(t, &k, v, fl ? AGG_F_OVERFLOW : 0) != 0) {
			rc = -1;
			goto out;
		}
	}
	if (fgetc(fp) != EOF)
		goto out;
	rc = 0;
out:
	fclose(fp);
	return rc;
}
