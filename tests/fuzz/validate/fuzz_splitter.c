/*
 * libFuzzer harness: tip_csv's fast path against libcsv. The first byte
 * picks a chunk size and the caps; the rest is CSV, read once with the
 * fast path off and once on. Any difference in the events (fields, raw
 * bytes, row numbers, offsets, flags, final status and error) aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tip_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct log {
	char *buf;
	size_t len;
	FILE *fp;
	uint64_t stop_at;
};

static int
on_row(void *ctx, const struct tip_csv_row *r)
{
	struct log *l = ctx;

	fprintf(l->fp, "rec %llu line %llu off %llu flags %u n %zu raw[%zu]=",
	    (unsigned long long)r->recno, (unsigned long long)r->line,
	    (unsigned long long)r->offset, r->flags, r->n, r->rawlen);
	fwrite(r->raw, 1, r->rawlen, l->fp);
	for (size_t i = 0; i < r->n; i++) {
		if (r->f[i].s[r->f[i].len] != '\0')
			abort();
		fprintf(l->fp, " |%zu:", r->f[i].len);
		fwrite(r->f[i].s, 1, r->f[i].len, l->fp);
	}
	fputc('\n', l->fp);
	return r->recno == l->stop_at;
}

static char *
run(const uint8_t *in, size_t len, size_t step, const struct tip_csv_opts *o,
    int fast, uint64_t stop_at, size_t *outlen)
{
	struct log l = {.stop_at = stop_at};
	struct tip_csv *c;
	int rc = 0;

	l.fp = open_memstream(&l.buf, &l.len);
	c = tip_csv_new(o, on_row, &l);
	if (l.fp == NULL || c == NULL)
		abort();
	tip_csv_set_fastpath(c, fast);
	for (size_t p = 0; p < len && rc == 0; p += step)
		rc = tip_csv_feed(c, in + p, len - p < step ? len - p : step);
	if (rc == 0)
		rc = tip_csv_finish(c);
	fprintf(l.fp, "rc %d kind %d msg '%s' off %llu line %llu recs %llu\n",
	    rc, (int)tip_csv_errkind(c), rc ? tip_csv_errmsg(c) : "",
	    (unsigned long long)tip_csv_erroffset(c),
	    (unsigned long long)tip_csv_errline(c),
	    (unsigned long long)tip_csv_records(c));
	tip_csv_free(c);
	fclose(l.fp);
	*outlen = l.len;
	return l.buf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tip_csv_opts small = {.max_field = 10,
	    .max_record = 64, .max_fields = 4};
	const struct tip_csv_opts *o;
	size_t step, la, lb;
	uint64_t stop;
	char *a, *b;

	if (size == 0)
		return 0;
	o = (data[0] & 0x80) ? &small : NULL;
	stop = (data[0] & 0x40) ? 3 : 0;
	step = data[0] & 0x3F;
	data++;
	size--;
	if (step == 0 || step > size)
		step = size > 0 ? size : 1;
	a = run(data, size, step, o, 0, stop, &la);
	b = run(data, size, step, o, 1, stop, &lb);
	if (la != lb || memcmp(a, b, la) != 0) {
		fprintf(stderr, "libcsv:\n%.*s---\nfast path:\n%.*s", (int)la, a,
		    (int)lb, b);
		abort();
	}
	free(a);
	free(b);
	return 0;
}
