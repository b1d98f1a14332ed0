/*
 * A report table: built once, written twice, as an HTML <table> in the
 * report and as a CSV file beside it for editors. Cells carry both the
 * display text and the exact value, and a mark for suppressed or missing
 * data so that neither output can show such a cell as 0.
 */
#ifndef REPORT_TABLE_H
#define REPORT_TABLE_H

#include <stddef.h>
#include <stdio.h>

enum rep_mark {
	RM_VALUE = 0,   /* a value, or plain text */
	RM_EMPTY,       /* no row in the data */
	RM_SUPPRESSED,  /* small cell suppressed */
	RM_NODATA,      /* status no_data */
	RM_ZERODEN,     /* zero denominator: a rate is undefined */
	RM_OVERFLOW,    /* overflow in aggregation */
};

/* Cell styles (bits). */
enum {
	RS_NUM = 1,   /* right-aligned number */
	RS_MONO = 2,  /* hashes and ids */
	RS_ERROR = 4, /* severity badge: error */
	RS_WARN = 8,  /* severity badge: warning */
	RS_OK = 16,   /* severity badge: ok / current */
	RS_MUTED = 32,
	RS_YEAR = 64, /* an annual column among quarters: shaded */
	RS_NOWRAP = 128,
};

struct rep_cell {
	char *text;  /* display text, unescaped (owned) */
	char *csv;   /* value for the CSV (owned) */
	int mark;    /* enum rep_mark */
	unsigned style;
};

struct rep_trow {
	char *head;         /* row header text (owned) */
	const char *colour; /* swatch colour from the palette, or NULL */
	int total;          /* a totals row: bold */
	struct rep_cell *cell;
};

struct rep_table {
	char *slug;    /* CSV file stem and HTML id (owned; [a-z0-9_-]) */
	char *title;   /* caption (owned) */
	char *note;    /* text under the table, or NULL (owned) */
	size_t ncol;   /* data columns, without the row header */
	char **col;    /* column headers; col[0..ncol) (owned) */
	char *stub;    /* header of the row-header column (owned) */
	const char **colclass; /* per column CSS class, static strings */
	const char **colcolour; /* per column swatch colour, static strings */
	size_t html_max;       /* rows shown in HTML; 0 = all (CSV has all) */
	struct rep_trow *row;
	size_t nrow, cap;
};

/* New empty table with ncol columns named later with rep_table_col. */
struct rep_table *rep_table_new(const char *slug, const char *title,
    const char *stub, size_t ncol);
void rep_table_free(struct rep_table *t);
void rep_table_col(struct rep_table *t, size_t i, const char *name);
void rep_table_note(struct rep_table *t, const char *note);
/* CSS class of column i's header; cls must outlive the table. */
void rep_table_colclass(struct rep_table *t, size_t i, const char *cls);

/* Swatch colour shown in column i's header (palette string). */
void rep_table_colcolour(struct rep_table *t, size_t i, const char *colour);

/* Appends a row; its cells start as RM_EMPTY. Returns the row index. */
size_t rep_table_row(struct rep_table *t, const char *head,
    const char *colour, int total);

/*
 * Sets cell (r, c): text shown, csv kept (NULL means the same as text),
 * mark and style. Strings are copied.
 */
void rep_table_set(struct rep_table *t, size_t r, size_t c, const char *text,
    const char *csv, int mark, unsigned style);

/* 1 when some cell carries the mark. */
int rep_table_has_mark(const struct rep_table *t, int mark);

/* Writes the table as HTML (escaped). Returns 0 or -1 when fp is in error. */
int rep_table_html(const struct rep_table *t, FILE *fp);

/*
 * Writes the table as spreadsheet-safe CSV: header row, then one line per
 * row; marked cells hold their symbol. Returns 0 or -1.
 */
int rep_table_csv(const struct rep_table *t, FILE *fp);

/* The symbol of a mark in both outputs ("s", "..", "n/a", "!"). */
const char *rep_mark_symbol(int mark);
/* Its meaning in words, for legends and tooltips. */
const char *rep_mark_meaning(int mark);

#endif
