/*
 * Test helper shared by the CSV reader's unit tests and fuzz harness: runs
 * tip_csv over an input fed in pieces and returns every event (records
 * with their row, offset, flags, raw bytes and fields, then the final
 * status) as text, so two runs can be compared byte for byte.
 * Header only (static functions); aborts on an internal failure.
 */
#ifndef TIP_TEST_CSV_EVENTS_H
#define TIP_TEST_CSV_EVENTS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tip_csv.h"

struct csv_events {
	char *buf;
	size_t len;
	FILE *fp;
	uint64_t stop_at; /* the callback stops at this record (0: never) */
};

static int
csv_events_row(void *ctx, const struct tip_csv_row *r)
{
	struct csv_events *l = ctx;

	fprintf(l->fp, "rec %llu line %llu off %llu flags %u n %zu raw[%zu]=",
	    (unsigned long long)r->recno, (unsigned long long)r->line,
	    (unsigned long long)r->offset, r->flags, r->n, r->rawlen);
	fwrite(r->raw, 1, r->rawlen, l->fp);
	/* raw[rawlen] is the first byte of the line end, by contract */
	switch (r->raw[r->rawlen]) {
	case '\n': fputs(" end LF", l->fp); break;
	case '\r': fputs(" end CR", l->fp); break;
	case '\0': fputs(" end none", l->fp); break;
	default: abort();
	}
	for (size_t i = 0; i < r->n; i++) {
		if (r->f[i].s[r->f[i].len] != '\0')
			abort(); /* fields are NUL-terminated by contract */
		fprintf(l->fp, " |%zu:", r->f[i].len);
		fwrite(r->f[i].s, 1, r->f[i].len, l->fp);
	}
	fputc('\n', l->fp);
	return l->stop_at != 0 && r->recno == l->stop_at;
}

/*
 * Feeds in[0..len) in pieces of step bytes (0: whole), with the fast path
 * on or off (fast < 0: the reader's default). Returns the event log (the
 * caller frees it) and its length in *outlen when outlen is not NULL.
 */
static char *
csv_events(const void *in, size_t len, size_t step,
    const struct tip_csv_opts *o, int fast, uint64_t stop_at, size_t *outlen)
{
	struct csv_events l = {.stop_at = stop_at};
	const char *p = in;
	struct tip_csv *c;
	int rc = 0;

	l.fp = open_memstream(&l.buf, &l.len);
	c = tip_csv_new(o, csv_events_row, &l);
	if (l.fp == NULL || c == NULL)
		abort();
	if (fast >= 0)
		tip_csv_set_fastpath(c, fast);
	if (step == 0)
		step = len > 0 ? len : 1;
	for (size_t off = 0; off < len && rc == 0; off += step)
		rc = tip_csv_feed(c, p + off, len - off < step ? len - off : step);
	if (rc == 0)
		rc = tip_csv_finish(c);
	fprintf(l.fp, "rc %d kind %d msg '%s' off %llu line %llu recs %llu\n",
	    rc, (int)tip_csv_errkind(c), rc ? tip_csv_errmsg(c) : "",
	    (unsigned long long)tip_csv_erroffset(c),
	    (unsigned long long)tip_csv_errline(c),
	    (unsigned long long)tip_csv_records(c));
	tip_csv_free(c);
	fclose(l.fp);
	if (outlen != NULL)
		*outlen = l.len;
	return l.buf;
}

#endif
