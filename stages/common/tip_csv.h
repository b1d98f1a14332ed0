/*
 * Streaming CSV reader on libcsv (strict mode). Feeds libcsv one physical
 * line at a time so that every record comes with its verbatim bytes, its
 * spreadsheet row number and its byte offset. Fields are not trimmed. Memory
 * is bounded by the caps in tip_csv_opts, whatever the input.
 * Not here: types, schemas, encodings beyond the checks flagged per row.
 */
#ifndef TIP_CSV_H
#define TIP_CSV_H

#include <stddef.h>
#include <stdint.h>

struct tip_csv_field {
	const char *s; /* borrowed until the callback returns; NUL-terminated */
	size_t len;
};

/* Row flags: problems found in the record's bytes. */
enum {
	TIP_CSV_ROW_BLANK = 1,    /* an empty line (reported with 0 fields) */
	TIP_CSV_ROW_NUL = 2,      /* contains a NUL byte */
	TIP_CSV_ROW_BADUTF8 = 4,  /* not valid UTF-8 */
	TIP_CSV_ROW_TOOMANY = 8,  /* more than max_fields fields (rest dropped) */
	TIP_CSV_ROW_QUOTES = 16,  /* the raw bytes hold a '"' (without one,
	                             each field is its raw bytes between
	                             commas) */
};

struct tip_csv_row {
	const struct tip_csv_field *f; /* fields, borrowed */
	size_t n;                      /* number of fields */
	uint64_t recno;  /* 1-based record number, header = 1, blank lines count */
	uint64_t line;   /* 1-based physical line where the record starts */
	uint64_t offset; /* byte offset of its first byte (after a BOM) */
	const char *raw; /* verbatim bytes, without the final line end;
	                    raw[rawlen] is readable: the first byte of the
	                    line end ('\n' or '\r'), or '\0' when the input
	                    ended without one */
	size_t rawlen;
	unsigned flags;  /* TIP_CSV_ROW_* */
};

/* Return 0 to go on, anything else to stop (tip_csv_feed returns it). */
typedef int (*tip_csv_row_fn)(void *ctx, const struct tip_csv_row *row);

struct tip_csv_opts {
	size_t max_field;  /* longest field in bytes (default 64 KiB) */
	size_t max_record; /* longest record in bytes (default 1 MiB) */
	size_t max_fields; /* most fields kept per record (default 256) */
};

struct tip_csv;

/* Error kinds of a structural failure (the file cannot be read further). */
enum tip_csv_err {
	TIP_CSV_OK = 0,
	TIP_CSV_EQUOTE,    /* stray or unterminated quote */
	TIP_CSV_ETOOLONG,  /* field or record over the cap */
	TIP_CSV_EBARECR,   /* a bare CR ends a line inside a record */
	TIP_CSV_ESTOPPED,  /* the callback asked to stop */
};

/*
 * New reader; opts NULL means defaults. fn is called once per record.
 * Returns NULL only when out of memory.
 */
struct tip_csv *tip_csv_new(const struct tip_csv_opts *opts, tip_csv_row_fn fn,
    void *ctx);
void tip_csv_free(struct tip_csv *c);

/*
 * Feeds len bytes. Returns 0, the callback's non-zero value, or -1 after a
 * structural error (see tip_csv_errkind/tip_csv_errmsg); after a non-zero
 * return the reader accepts no more input.
 */
int tip_csv_feed(struct tip_csv *c, const void *buf, size_t len);
/* End of input: delivers a last record without a line end. Same returns. */
int tip_csv_finish(struct tip_csv *c);

/*
 * on 0 sends every line through libcsv, 1 (the default) lets lines
 * without quotes, NUL or bare CR take the fast path (AVX2 where the CPU
 * has it), 2 the same with the baseline SSE2 scanner only; the events are
 * the same either way (for tests and comparisons).
 */
void tip_csv_set_fastpath(struct tip_csv *c, int on);

enum tip_csv_err tip_csv_errkind(const struct tip_csv *c);
/* "unterminated quoted field at line 7 (byte 213)"; valid until _free. */
const char *tip_csv_errmsg(const struct tip_csv *c);
/* Byte offset and line of the record the structural error is in. */
uint64_t tip_csv_erroffset(const struct tip_csv *c);
uint64_t tip_csv_errline(const struct tip_csv *c);
/* Records delivered so far (the next record's recno minus one). */
uint64_t tip_csv_records(const struct tip_csv *c);

/*
 * Reads a whole file (plain, or gzip when the name ends in .gz) through a
 * reader. Returns as tip_csv_feed; -2 when the file cannot be read (errno
 * set).
 */
int tip_csv_read_path(struct tip_csv *c, const char *path);

/* 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int tip_utf8_valid(const char *s, size_t len);

#endif
