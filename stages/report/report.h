/*
 * tip-report: the HTML donor report and its tables as CSV, built from
 * aggregates/, charts/ and the provenance files of the data directory.
 */
#ifndef REPORT_REPORT_H
#define REPORT_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "indic.h"
#include "inputs.h"
#include "table.h"
#include "tip_opts.h"

struct report_opts {
	struct tip_common_opts co; /* -d, -h, -V, -v, -q */
	int restricted;            /* --restricted: indicators.csv */
	int wait_seconds;          /* --wait SECONDS for the lock */
	const char *title;         /* --title TEXT */
};

#define REP_DEFAULT_TITLE \
	"Joint Programmes against Trafficking in Persons: results report"

/* Everything the sections read, loaded once. */
struct rep_ctx {
	const struct report_opts *o;
	const char *root;
	const char *indicators_name; /* "indicators_public.csv" or restricted */
	struct rep_indic ix;
	struct rep_meta meta;
	struct rep_checks ck;
	struct rep_subs subs;

	char **progs;        /* programme codes in the data, palette order */
	size_t nprog;
	char **periods;      /* distinct periods, sorted */
	size_t nper;
	int annual;          /* the data has YYYY periods */
	const char *key_period; /* period of the key figures */
	int key_quarters;    /* quarters of key_period's year in the data */

	struct rep_table **tab; /* every table, in page order (owned) */
	size_t ntab;
	int charts_shown, charts_missing;
};

/*
 * Runs the stage: lock, read, write reports/donor-report.html (or
 * reports/restricted/ with --restricted) and the CSV tables. Returns an exit
 * status: 0, 65 when some input was unreadable but a report was written,
 * 66 when the aggregates are missing, or 73/74/75.
 */
int report_run(const struct report_opts *o);

/* Registers a table for the CSV output (ownership passes to cx). */
void rep_ctx_add_table(struct rep_ctx *cx, struct rep_table *t);

/* Writes the whole HTML page. Returns 0 or -1 when fp is in error. */
int rep_write_html(struct rep_ctx *cx, FILE *fp);

/* The report's style sheet (inline in <style>). */
extern const char rep_css[];

/*
 * Embeds root/charts/<stem>.svg (or .png when there is no SVG) as an <img>
 * with a data: URI, so that nothing in the file can run or fetch. Returns 1
 * when embedded, 0 when there is no usable file (nothing written).
 */
int rep_chart_embed(FILE *fp, const char *root, const char *stem,
    const char *alt);

#endif
