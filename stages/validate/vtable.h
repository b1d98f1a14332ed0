/*
 * Validation of one table of one submission: reads the CSV as a stream,
 * checks the header, then every row (types, constraints, uniqueness,
 * primary and foreign keys, row rules), writes accepted rows normalised,
 * one reject line per error and one feedback line per problem, and counts.
 * Memory: the schema's size plus the bounded uniqueness index of vuniq.h.
 * When that index finds duplicates only after the end of the table (its
 * keys had spilled to disk), the table is read a second time with the
 * full list of duplicates, after the outputs are cut back to where they
 * stood: so the outputs must then be seekable (files, memory streams).
 */
#ifndef VAL_TABLE_H
#define VAL_TABLE_H

#include <stdint.h>
#include <stdio.h>

#include "tip_csv.h"
#include "vfield.h"
#include "vschema.h"
#include "vuniq.h"

/* Error codes, stable: they appear in reject files and report.json. */
enum val_code {
	VE_TYPE, VE_CONSTRAINT, VE_MISSING_CELL, VE_EXTRA_CELL, VE_BLANK_ROW,
	VE_PRIMARY_KEY, VE_FOREIGN_KEY, VE_ROW_CONSTRAINT, VE_ENCODING,
	VE_SOURCE, VE_MISSING_LABEL, VE_EXTRA_LABEL, VE_DUPLICATE_LABEL,
	VE_BLANK_LABEL, VE_NCODES
};

/* "type-error", "constraint-error", ... */
const char *val_code_name(enum val_code c);

/* The submission a table belongs to. */
struct val_sub {
	const char *programme;
	int have_period;
	int64_t period_first, period_last; /* days since epoch */
};

#define VAL_FIRST_MAX 20

/* The first errors of a submission, for report.json (copies, bounded). */
struct val_first {
	size_t n;
	struct {
		char table[64];
		uint64_t row;
		char field[128];
		enum val_code code;
		char message[256];
	} e[VAL_FIRST_MAX];
};

struct val_counts {
	uint64_t rows_read, accepted, rejected;
	uint64_t errors[VE_NCODES]; /* reject lines per code */
};

/* Where a table's results go; any FILE may be NULL (not written). */
struct val_out {
	FILE *accepted; /* validated/<id>/<table>.csv */
	FILE *rejects;  /* rejected/<id>/<table>.csv */
	FILE *feedback; /* rejected/<id>/feedback.csv (shared by tables) */
};

struct val_table;

/*
 * New validator for one table. sub and first are borrowed and must
 * outlive it; first may be NULL. Writes the header of out->accepted and
 * out->rejects at once. Exits 70 when out of memory.
 */
struct val_table *val_table_new(const struct val_schema *s, const char *name,
    const struct val_sub *sub, const struct val_out *out,
    const struct tip_csv_opts *csvopts, struct val_first *first);
void val_table_free(struct val_table *t);

/*
 * Options of the uniqueness index (where it spills, how many keys it
 * keeps in memory); call before reading. o is copied; o->tmpdir is
 * borrowed and must outlive the reading.
 */
void val_table_set_uniq(struct val_table *t, const struct val_uniq_opts *o);

/*
 * Accepted rows that stand in the source as they would be written are
 * copied from it in stretches of at most max bytes (default 8 MiB); 0
 * formats every row (tests compare both). Call before reading.
 */
void val_table_set_stretch(struct val_table *t, uint64_t max);

/*
 * Validates a whole file. Returns 0, or -1 after a message when the file
 * cannot be read (errno set; counts cover what was read) or an output
 * write failed (val_table_ioerr is set).
 */
int val_table_read_path(struct val_table *t, const char *path);
/* Validates a table held in memory. Returns 0 or -1 (write failed). */
int val_table_read_mem(struct val_table *t, const void *buf, size_t len);

const struct val_counts *val_table_counts(const struct val_table *t);
/* 1 when a write to one of the outputs failed (errno in *err). */
int val_table_ioerr(const struct val_table *t, int *err);
/* Number of reject lines written (0: the reject file can be dropped). */
uint64_t val_table_errors(const struct val_table *t);

/* Writes the header of feedback.csv. Returns 0 or -1. */
int val_feedback_header(FILE *fp);

#endif
