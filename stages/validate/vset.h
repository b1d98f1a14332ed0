/*
 * Hash sets for the validator's hot path: a set of byte strings (enum
 * values, true/false values, missing values, reference keys) and an index
 * of 64-bit key hashes with the row that first used them (unique and
 * primary-key checks). Not here: ordering, deletion.
 */
#ifndef VAL_SET_H
#define VAL_SET_H

#include <stddef.h>
#include <stdint.h>

/* 64-bit hash of len bytes (never 0). */
uint64_t val_hash(const void *s, size_t len, uint64_t seed);

struct val_set;

/* New empty set; exits 70 when out of memory (sizes decided by tip). */
struct val_set *val_set_new(void);
/* Frees the set and its copies of the strings; NULL is a no-op. */
void val_set_free(struct val_set *s);
/* Adds a copy of s[0..len). Returns 1 when added, 0 when already there. */
int val_set_add(struct val_set *s, const char *str, size_t len);
/* 1 when s[0..len) is in the set. */
int val_set_has(const struct val_set *s, const char *str, size_t len);
size_t val_set_count(const struct val_set *s);
/* The i-th string added (0-based, in insertion order), NUL-terminated. */
const char *val_set_at(const struct val_set *s, size_t i);

/*
 * Index of key hashes for uniqueness. Memory grows with the number of
 * distinct keys (16 bytes each); two different keys with the same 64-bit
 * hash (about 1 in 10^7 for 10^6 rows) would be taken for duplicates.
 */
struct val_keys {
	uint64_t *h;   /* hash, 0 = empty slot */
	uint64_t *row; /* row that first used it */
	size_t n, cap;
};

void val_keys_init(struct val_keys *k);
void val_keys_release(struct val_keys *k);
/*
 * Inserts hash for row. Returns 0 when new, or 1 with *first set to the row
 * that used it first.
 */
int val_keys_put(struct val_keys *k, uint64_t hash, uint64_t row,
    uint64_t *first);

#endif
