/*
 * Cells: parsing a trimmed cell as a Table Schema type into a value and
 * its normalised text, and checking one field's constraints. No memory is
 * allocated per cell: normalised text goes into a caller's growing buffer.
 */
#ifndef VAL_FIELD_H
#define VAL_FIELD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vschema.h"

/* A byte buffer reused across rows (owned by its user). */
struct val_buf {
	char *p;
	size_t len, cap;
};

/* Makes room for more bytes (and a NUL); exits 70 when out of memory. */
void val_buf_grow(struct val_buf *b, size_t more);

static inline void
val_buf_reserve(struct val_buf *b, size_t more)
{
	if (b->len + more + 1 > b->cap)
		val_buf_grow(b, more);
}

/* memcpy for the short strings of cells: overlapping word copies. */
static inline void
val_copy(char *d, const char *s, size_t len)
{
	if (len >= 8 && len <= 16) {
		uint64_t x, y;
		memcpy(&x, s, 8);
		memcpy(&y, s + len - 8, 8);
		memcpy(d, &x, 8);
		memcpy(d + len - 8, &y, 8);
	} else if (len >= 4 && len < 8) {
		uint32_t x, y;
		memcpy(&x, s, 4);
		/* 4 <= len < 8 here: s + len - 4 stays inside */
		/* cppcheck-suppress pointerOutOfBoundsCond */
		memcpy(&y, s + len - 4, 4);
		memcpy(d, &x, 4);
		memcpy(d + len - 4, &y, 4);
	} else if (len < 4) {
		for (size_t i = 0; i < len; i++)
			d[i] = s[i];
	} else
		memcpy(d, s, len);
}

/* Appends s[0..len) to b. */
static inline void
val_buf_put(struct val_buf *b, const char *s, size_t len)
{
	val_buf_reserve(b, len);
	val_copy(b->p + b->len, s, len);
	b->len += len;
}
void val_buf_release(struct val_buf *b);

/*
 * Parses s[0..len) (trimmed, not a missing value) as type t of field f (t
 * is f->type, or f->itemtype for list items; lists are split by the
 * caller). On success sets *v, appends the normalised text to out and
 * returns 0; returns -1 when the text is not of the type (out unchanged).
 */
int val_parse(const struct val_field *f, enum val_type t, const char *s,
    size_t len, struct val_value *v, struct val_buf *out);

/*
 * Checks constraints c (other than required and unique) on a value of
 * type t whose normalised text is norm[0..nlen); for lists, nitems is the
 * number of items. Returns NULL, or the name of the first constraint that
 * fails ("minimum", "maximum", "minLength", "maxLength", "pattern",
 * "enum").
 */
const char *val_check(const struct val_constraints *c, enum val_type t,
    const char *norm, size_t nlen, const struct val_value *v, size_t nitems);

/* Anchored match of a pattern. */
int val_pattern_match(const struct val_pattern *p, const char *s,
    size_t len);

/* Number of UTF-8 characters in s[0..len) (valid UTF-8 assumed). */
size_t val_utf8_len(const char *s, size_t len);

/* Compares two values of type t: <0, 0, >0. */
int val_cmp(enum val_type t, const struct val_value *a,
    const struct val_value *b);

/* A period "2010Q1": first and last day (days since epoch). Returns 0/-1. */
int val_period_days(const char *period, int64_t *first, int64_t *last);

/* A short description of what type t expects, for messages. */
const char *val_type_expect(const struct val_field *f, enum val_type t);

#endif
