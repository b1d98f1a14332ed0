/*
 * CSV writing: RFC 4180 quoting for machine-readable files, and a
 * spreadsheet-safe mode for files people open in Excel or LibreOffice,
 * where a cell that would start a formula is defused.
 */
#ifndef TIP_CSVOUT_H
#define TIP_CSVOUT_H

#include <stddef.h>
#include <stdio.h>

/* Cell flavours. */
enum {
	TIP_CSV_EXACT = 0,       /* bytes kept as they are, quoted if needed */
	TIP_CSV_SPREADSHEET = 1, /* =, +, -, @, TAB, CR first: quote and prefix ' */
};

/*
 * Writes one cell (no separator). Returns 0, or -1 when the stream is in
 * error (check ferror/errno at the end as usual).
 */
int tip_csv_put(FILE *fp, const char *s, size_t len, int flavour);
/* tip_csv_put on a NUL-terminated string. */
int tip_csv_puts(FILE *fp, const char *s, int flavour);
/*
 * Writes n cells separated by commas and a final LF. Returns 0 or -1.
 */
int tip_csv_putrow(FILE *fp, const char *const *cells, size_t n, int flavour);

/* 1 when a spreadsheet would read this cell as a formula. */
int tip_csv_is_formula(const char *s, size_t len);

#endif
