/*
 * Fuzz harness for the CSV cell writer: any bytes written as a cell and
 * read back with tip_csv must come back unchanged (exact flavour), and in
 * the spreadsheet flavour must never read back as a formula.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tip_csv.h"
#include "tip_csvout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct got {
	int rows;
	size_t n;
	char *cell;
	size_t len;
};

static int
on_row(void *ctx, const struct tip_csv_row *r)
{
	struct got *g = ctx;

	g->rows++;
	g->n = r->n;
	if (r->n == 2) {
		free(g->cell);
		g->cell = malloc(r->f[1].len + 1);
		if (g->cell == NULL)
			abort();
		memcpy(g->cell, r->f[1].s, r->f[1].len);
		g->len = r->f[1].len;
	}
	return 0;
}

static void
roundtrip(const uint8_t *data, size_t size, int flavour)
{
	char *buf = NULL;
	size_t blen = 0;
	FILE *fp = open_memstream(&buf, &blen);
	struct got g = {0};

	if (fp == NULL)
		abort();
	fputs("x,", fp);
	if (tip_csv_put(fp, (const char *)data, size, flavour) != 0)
		abort();
	fputc('\n', fp);
	fclose(fp);

	struct tip_csv *c = tip_csv_new(NULL, on_row, &g);
	if (c == NULL)
		abort();
	int rc = tip_csv_feed(c, buf, blen);
	if (rc == 0)
		rc = tip_csv_finish(c);
	/* The writer's output is always well-formed CSV of one record. */
	if (rc != 0 || g.rows != 1 || g.n != 2)
		abort();
	if (flavour == TIP_CSV_EXACT &&
	    (g.len != size || (size > 0 && memcmp(g.cell, data, size) != 0)))
		abort();
	if (flavour == TIP_CSV_SPREADSHEET && tip_csv_is_formula(g.cell, g.len))
		abort();
	tip_csv_free(c);
	free(g.cell);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 60000)
		return 0;
	roundtrip(data, size, TIP_CSV_EXACT);
	roundtrip(data, size, TIP_CSV_SPREADSHEET);
	return 0;
}
