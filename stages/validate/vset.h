/*
 * Hash sets for the validator's hot path: a set of byte strings (enum
 * values, true/false values, missing values, reference keys), with a
 * length filter and, for sets of up to 1024 members, a collision-free table
 * on length and three bytes (no hashing, one memcmp). Uniqueness is in
 * vuniq.h. Not here: ordering, deletion.
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
/* Its length in bytes (it may hold NUL bytes). */
size_t val_set_len(const struct val_set *s, size_t i);

#endif
