/*
 * Internals shared by vtable.c (header, reading, output) and vrow.c (the
 * checks of one data row). Not for use outside the validator's table code.
 */
#ifndef VAL_TABLE_INT_H
#define VAL_TABLE_INT_H

#include "vset.h"
#include "vtable.h"
#include "vuniq.h"

/* One problem found in a row, formatted only when it happens. */
struct val_rowerr {
	enum val_code code;
	const char *field;      /* field or column name; "" for the row */
	const char *value;      /* the cell as written (trimmed), borrowed */
	size_t vlen;
	char msg[256];          /* technical, for the reject file */
	char words[384];        /* plain words, for the field office */
};

/* A problem with the header: applies to every data row. */
struct val_hdrerr {
	enum val_code code;
	char *label;
	char *msg;
	char *words;
};

/* How a field's missing values are recognised (chosen once per table). */
enum { MISS_SET = 0, MISS_EMPTY = 1, MISS_NONE = 2 };

/*
 * The check a field's cells get first (vrow.c fast_cell): one that accepts
 * the common, already normal form only and leaves everything else,
 * including every failure, to the general check_cell.
 */
enum {
	FAST_NONE = 0,    /* always the general check */
	FAST_STRING,      /* string, no constraint but enum or simple pattern */
	FAST_INTEGER,     /* integer, at most minimum and maximum */
	FAST_BOOLEAN,     /* boolean, no constraint */
	FAST_DATE,        /* date in ISO form, no constraint */
	FAST_LIST_ENUM,   /* list of strings joined by '|', items in an enum,
	                     at most minLength and maxLength */
};

struct val_table {
	const struct val_schema *s;
	char *name;
	const struct val_sub *sub;
	struct val_out out;
	struct val_first *first;
	struct tip_csv *csv;
	struct tip_csv_opts csvopts;

	/* header */
	int header_done;
	size_t ncols;
	long *colfield;           /* column -> field, or -1 */
	long *fieldcol;           /* field -> column, or -1 (optional absent) */
	struct val_hdrerr *hdr;   /* header problems */
	size_t nhdr;
	char *hdr_raw;            /* the header record, for an empty table */
	size_t hdr_rawlen;

	/* per-row scratch, reused */
	struct val_buf norm;      /* cells normalised here (at noff) */
	size_t *noff, *nlen;
	const char **cs;          /* per field: the cell's normal bytes (in the
	                             row's fields, or in norm), nlen[i] long */
	int verbatim;             /* the row's normal form is its raw bytes */
	int ident;                /* header: the fields, in schema order */
	unsigned char *state;     /* per field: CELL_* */
	struct val_value *vals;
	struct val_rowerr *errs;
	size_t nerr, errcap;
	struct val_buf key;

	/* the check plan, chosen once from the schema and submission */
	unsigned char *miss;      /* per field: MISS_* */
	unsigned char *fast;      /* per field: FAST_* */
	size_t *uniqf;            /* the unique fields that are not the whole
	                             primary key, in field order */
	size_t nuniqf;
	struct val_set **fkset;   /* per foreign key of one field: the set of
	                             values (programme scope applied), or NULL
	                             for the general path through t->key */
	unsigned char *fkown;     /* fkset[k] is t's own copy */

	/* uniqueness: unique fields are kinds 0..nf-1, the primary key nf */
	struct val_uniq *uq;      /* NULL until read when no key is checked */
	struct val_uniq_opts uqopts;
	int pass2;                /* duplicates come from uq's sorted list */
	struct val_table *shadow; /* re-parses earlier records for uq */
	int src_fd;               /* the source, for re-reading: a file */
	const char *src_mem;      /* or memory */
	size_t src_len;
	uint64_t src_bom;         /* bytes of BOM before offset 0 */
	struct val_buf line;      /* an accepted row being formatted */

	/* Accepted output that equals source bytes is not formatted: the
	 * stretch [st0, st1) of the source is copied in one go when it ends
	 * (vtable.c flush_stretch). */
	int hdr_out;              /* the accepted header is out (or pending) */
	uint64_t st0, st1;
	uint64_t stretch_max;     /* longest stretch; 0: format every row */
	uint64_t since_sync;      /* accepted bytes since writeback began */

	struct val_counts n;
	uint64_t nlines;          /* reject lines */
	int ioerr, ioerrno;
	int src_err;              /* a structural error ended the table */
};

/* Cell states. */
enum { CELL_MISSING = 0, CELL_OK = 1, CELL_BAD = 2, CELL_ABSENT = 3 };

/* Adds an error to the row (bounded by errcap); returns it or NULL. */
struct val_rowerr *val_row_err(struct val_table *t, enum val_code code,
    const char *field, const char *value, size_t vlen);

/* Runs every check on a data row; errors land in t->errs. */
void val_row_check(struct val_table *t, const struct tip_csv_row *r);

/*
 * The normalised key of kind (a unique field's index, or nf for the
 * primary key) of record r into out. Returns 0, or 1 when r has no valid
 * value for it. Uses t's per-row scratch.
 */
int val_row_key(struct val_table *t, const struct tip_csv_row *r,
    unsigned kind, struct val_buf *out);

/* Records an I/O failure (first errno kept). */
void val_table_ioerror(struct val_table *t, int err);

/* Quotes at most 60 bytes of s for a message, cut on a character. */
void val_quote(char *dst, size_t dstlen, const char *s, size_t len);

#endif
