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
#include <string.h>

#include "tip_bytes.h"

/* 64-bit hash of len bytes (never 0). */
uint64_t val_hash(const void *s, size_t len, uint64_t seed);

/*
 * The set's insides are here only so that val_set_has can be inlined on
 * the validator's hot path; use the functions below.
 */
/* Small sets also get a collision-free table on (length, first and last
 * four bytes): a lookup is one probe and one compare, no hashing. */
enum { PERFECT_MAX = 1024, PERFECT_SLOTS = 16384 };

/* A slot of the perfect table: the member's length and, for members of
 * up to 16 bytes, all of its bytes (sig), so a lookup reads one slot. */
struct pent {
	uint64_t lo, hi;  /* tip_sig16() of the member */
	uint32_t len;     /* UINT32_MAX: empty */
	uint32_t x;       /* index of the member */
};

struct val_set {
	uint64_t lens;    /* bit l: a member of length l (63: 63 or more) */
	struct pent *pslot; /* perfect table, or NULL */
	uint32_t pmask, pmul;
	int pdirty;       /* members added since the perfect table was built */
	uint32_t *slot;   /* index + 1 into the string table, 0 = empty */
	size_t cap;       /* slots, a power of two */
	char **str;       /* copies, in insertion order */
	size_t *len;
	uint64_t *hash;
	size_t n, ncap;
};

/* New empty set; exits 70 when out of memory (sizes decided by tip). */
struct val_set *val_set_new(void);
/* Frees the set and its copies of the strings; NULL is a no-op. */
void val_set_free(struct val_set *s);
/* Adds a copy of s[0..len). Returns 1 when added, 0 when already there. */
int val_set_add(struct val_set *s, const char *str, size_t len);
/* Builds the perfect table after additions (val_set_has does it). */
void val_set_build(struct val_set *s);
/* The lookup without the perfect table. */
int val_set_has_hashed(const struct val_set *s, const char *str, size_t len);

/* The first and last four bytes (all of them when shorter), and the length. */
static inline uint32_t
vset_pidx(const struct val_set *s, const char *str, size_t len)
{
	uint32_t a, b, k;

	if (len >= 4) {
		a = tip_load32(str);
		b = tip_load32(str + len - 4);
	} else if (len > 0) {
		a = (unsigned char)str[0] | (uint32_t)(unsigned char)str[len /
		    2] << 8 | (uint32_t)(unsigned char)str[len - 1] << 16;
		b = 0;
	} else
		a = b = 0;
	k = (a * 0x9E3779B1u) ^ ((b ^ (uint32_t)len) * s->pmul);
	return (k ^ (k >> 15)) & s->pmask;
}

/* 1 when s[0..len) is in the set. The perfect table is built at the first
 * lookup after additions (the process is single threaded; -j workers are
 * processes). */
static inline __attribute__((always_inline)) int
val_set_has(const struct val_set *s, const char *str, size_t len)
{
	const struct pent *e;
	uint64_t lo, hi;

	if (!(s->lens & UINT64_C(1) << (len < 63 ? len : 63)))
		return 0;
	if (s->pdirty)
		val_set_build((struct val_set *)s);
	if (s->pslot == NULL)
		return val_set_has_hashed(s, str, len);
	e = &s->pslot[vset_pidx(s, str, len)];
	if (e->len != len)
		return 0;
	if (len > 16)
		return memcmp(s->str[e->x], str, len) == 0;
	tip_sig16(str, len, &lo, &hi);
	return lo == e->lo && hi == e->hi;
}
size_t val_set_count(const struct val_set *s);
/* The i-th string added (0-based, in insertion order), NUL-terminated. */
const char *val_set_at(const struct val_set *s, size_t i);
/* Its length in bytes (it may hold NUL bytes). */
size_t val_set_len(const struct val_set *s, size_t i);

#endif
