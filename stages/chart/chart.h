/*
 * tip-chart: writes a gnuplot data file (.dat) and script (.gp) per chart
 * into charts/ and renders them with gnuplot. This header is shared by the
 * files of the stage only: options, the in-memory aggregates, the label
 * quoters, the chart definitions and the gnuplot runner. Other stages never
 * include it.
 */
#ifndef CHART_H
#define CHART_H

#include <stddef.h>
#include <stdio.h>

#include "tip_opts.h"

/* Output formats (bit set). */
enum {
	CHART_PNG = 1,
	CHART_SVG = 2,
	CHART_PDF = 4,
};

struct chart_opts {
	struct tip_common_opts co; /* -d, -h, -V, -v, -q */
	unsigned formats;          /* --format LIST; default png,svg */
	const char *gnuplot;       /* --gnuplot PATH; default: on PATH */
	int timeout;               /* --timeout SECONDS per chart; default 60 */
	int restricted;            /* --restricted: indicators.csv */
	int wait;                  /* --wait SECONDS for the data lock */
	int jobs;                  /* -j/--jobs N gnuplots at once; 0: cores */
};

/* Runs the stage. Returns the worst exit status (0, 65, 66, 69, 70, ...). */
int chart_run(const struct chart_opts *o);

/*
 * Parses "png,svg,pdf" (any order, no blanks) into CHART_* bits. Returns 0,
 * or -1 on an empty list or an unknown name (*out unchanged).
 */
int chart_parse_formats(const char *s, unsigned *out);

/* ---- aggregates (chart_data.c) ---------------------------------------- */

enum chart_status {
	CHART_ST_OK,
	CHART_ST_SUPPRESSED,
	CHART_ST_NO_DATA,     /* also zero_denominator and overflow */
	CHART_ST_ABSENT,      /* no row at all (never read from a file) */
};

/* One indicator row that a chart may use; strings owned by the table. */
struct chart_row {
	char *indicator, *pillar, *programme, *country, *period;
	char *sex, *age_group, *exploitation;
	int pcode;                /* period: year*10 + quarter (0 = year) */
	double value;             /* meaningful when status is OK */
	enum chart_status status;
};

struct chart_table {
	struct chart_row *r; /* owned */
	size_t n, cap;
	size_t skipped;      /* malformed rows left out (warned) */
};

/* Most rows kept: an aggregates file is per group, never per record. */
#define CHART_MAX_ROWS 500000

/*
 * Loads the rows of an indicators CSV that charts use (indicators in the
 * chart catalogue, other dimensions total or not applicable). Returns 0,
 * 66 when the file is missing, 74 when unreadable, 65 when some rows were
 * malformed (they are skipped after a warning; t holds the rest). The caller
 * releases t in every case.
 */
int chart_table_load(const char *path, struct chart_table *t);
void chart_table_release(struct chart_table *t);

/*
 * Parses a period "YYYY" or "YYYYQn" (years 1900..2199) into year*10+q.
 * Returns -1 when s is anything else.
 */
int chart_period_parse(const char *s);
/* Formats a period code back ("2010", "2010Q3") into buf[8]. */
void chart_period_format(int pcode, char buf[8]);

/*
 * Reads as_of from meta.json into buf (size n), shortened to the date when
 * it is an ISO timestamp. Returns 0, or -1 (after a warning) with "unknown"
 * in buf when the file is missing, malformed or the value is not a plain
 * date/time.
 */
int chart_meta_as_of(const char *path, char *buf, size_t n);

/* Row counts of one validated submission (validated/<id>/report.json). */
struct chart_sub {
	char *id, *programme, *agency, *period; /* owned */
	long long accepted, rejected;
};

struct chart_subs {
	struct chart_sub *s; /* owned; by programme, agency, period, id */
	size_t n, cap;
};

/* Most submissions read for the data-quality chart. */
#define CHART_MAX_SUBS 100000

/*
 * Loads the report.json of every current submission under root/validated
 * (superseded ones, per the ledger, are left out). Returns 0, or 65 when
 * some reports were unreadable (warned, skipped). A missing validated/
 * folder is an empty list. The caller releases s in every case.
 */
int chart_subs_load(const char *root, struct chart_subs *s);
void chart_subs_release(struct chart_subs *s);

/* ---- labels (chart_quote.c) ------------------------------------------- */

/* Longest label kept in a .dat file, in bytes (longer ones are cut). */
#define CHART_LABEL_MAX 24

/*
 * Quotes s as a gnuplot single-quoted string literal: 'it''s'. Returns a new
 * string the caller frees, or NULL with errno EINVAL when s holds a control
 * character (C0, DEL) or is not valid UTF-8, or longer than 1000 bytes.
 */
char *chart_gp_quote(const char *s, size_t len);

/*
 * Makes a .dat field from a data label: control characters become spaces,
 * '"' becomes '\'', invalid UTF-8 bytes become '?', the text is cut at
 * CHART_LABEL_MAX bytes on a character boundary (with "..."), and the
 * result is wrapped in double quotes. gnuplot reads such a field as a plain
 * string through columnheader/xticlabels/labels. Returns a new string the
 * caller frees (never NULL).
 */
char *chart_dat_label(const char *s, size_t len);

/* ---- gnuplot (chart_gnuplot.c) ---------------------------------------- */

/*
 * Finds the gnuplot executable: opt (a path with '/', or a name looked up
 * on PATH), or "gnuplot" on PATH when opt is NULL. Returns a new string the
 * caller frees, or NULL when none is executable.
 */
char *chart_gnuplot_find(const char *opt);

/*
 * Renders charts/<stem>.gp with `gnuplot -d -e <output names> <stem>.gp`
 * in the folder dir, stdin from /dev/null, a cleaned environment, killed
 * after timeout seconds. The images go to temp names and are renamed into
 * place only when gnuplot succeeded. Returns 0, 69 when gnuplot cannot be
 * run, 70 when it failed or timed out (the message names the chart and the
 * script is kept), 74/73 when an image cannot be moved into place.
 */
int chart_gnuplot_render(const char *gnuplot, const char *dir,
    const char *stem, unsigned formats, int timeout);

/* ---- chart definitions (chart_defs.c, chart_gp.c) ----------------------- */

/* What every chart definition gets. */
struct chart_ctx {
	const struct chart_table *t;
	const struct chart_subs *subs;
	const char *as_of;  /* validated date, shown on every chart */
	int restricted;     /* 1 when built from the unsuppressed file */
};

/* A chart being written: its .dat and .gp streams. */
struct chart_out {
	FILE *dat, *gp;
	const char *stem;
};

struct chart_def {
	const char *stem;  /* file stem in charts/ */
	int (*build)(const struct chart_ctx *ctx, struct chart_out *out);
};

/* The seven charts, in rendering order, ended by a NULL stem. */
extern const struct chart_def chart_defs[];

/* Fixed colours (Okabe-Ito): "#rrggbb" of a programme code, or grey. */
const char *chart_programme_colour(const char *code);
/* Display name of a programme code, or NULL when unknown. */
const char *chart_programme_name(const char *code);
/* Colour of a pillar name, or black. */
const char *chart_pillar_colour(const char *pillar);

/*
 * Script helpers (chart_gp.c). All strings they put into the script are
 * either fixed or passed through chart_gp_quote; a string it refuses is
 * replaced by a fixed placeholder.
 */
void chart_gp_begin(struct chart_out *out, const char *what);
void chart_gp_frame_begin(struct chart_out *out);
void chart_gp_frame_end(struct chart_out *out);
/* set title/subtitle/footer; period may be NULL. */
void chart_gp_titles(struct chart_out *out, const char *title,
    const char *period, const char *as_of, const char *footnote);
/* Writes 'text' quoted (or a placeholder) to the script. */
void chart_gp_str(struct chart_out *out, const char *text);
/* Writes a gnuplot array tip_col[n] of colours. */
void chart_gp_colours(struct chart_out *out, const char *const *col,
    size_t n);
/* Key entries for "suppressed" and "no data" markers (plot fragments). */
void chart_gp_marker_keys(struct chart_out *out);
/* A "no data" panel: a centred label and an empty plot. */
void chart_gp_empty_plot(struct chart_out *out, const char *why);

/* Writes one .dat label field. */
void chart_dat_str(FILE *fp, const char *s);
/* Writes a number or NaN. */
void chart_dat_num(FILE *fp, double v, int ok);

#endif
