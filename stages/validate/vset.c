/*
 * Open-addressing hash sets of strings (linear probing, power-of-two
 * sizes, load at most one half), with a length filter and a perfect
 * table for small sets; the hash function is shared with vuniq.c.
 */
#include <stdlib.h>
#include <string.h>

#include "tip_datadir.h"
#include "vset.h"

uint64_t
val_hash(const void *p, size_t len, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = seed ^ (0x9E3779B97F4A7C15ULL * (len + 1));

	while (len >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
		s += 8;
		len -= 8;
	}
	if (len > 0) {
		uint64_t w = 0;
		memcpy(&w, s, len);
		h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
	}
	h ^= h >> 29;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 32;
	return h != 0 ? h : 1;
}

/* Small sets also get a collision-free table on (length, first and last
 * four bytes): a lookup is one probe and one compare, no hashing. */
enum { PERFECT_MAX = 1024, PERFECT_SLOTS = 16384 };

/* A slot of the perfect table: the member's length and, for members of
 * up to 16 bytes, all of its bytes (sig), so a lookup reads one slot. */
struct pent {
	uint64_t lo, hi;  /* sig() of the member */
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

struct val_set *
val_set_new(void)
{
	struct val_set *s = tip_xcalloc(1, sizeof(*s));

	s->cap = 16;
	s->slot = tip_xcalloc(s->cap, sizeof(*s->slot));
	return s;
}

void
val_set_free(struct val_set *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->str[i]);
	free(s->str);
	free(s->len);
	free(s->hash);
	free(s->slot);
	free(s->pslot);
	free(s);
}

static inline uint32_t
load32(const char *p)
{
	uint32_t w;

	memcpy(&w, p, 4);
	return w;
}

static inline uint64_t
load64(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

/* The first and last four bytes (all of them when shorter), and the length. */
static inline uint32_t
pidx(const struct val_set *s, const char *str, size_t len)
{
	uint32_t a, b, k;

	if (len >= 4) {
		a = load32(str);
		b = load32(str + len - 4);
	} else if (len > 0) {
		a = (unsigned char)str[0] | (uint32_t)(unsigned char)str[len /
		    2] << 8 | (uint32_t)(unsigned char)str[len - 1] << 16;
		b = 0;
	} else
		a = b = 0;
	k = (a * 0x9E3779B1u) ^ ((b ^ (uint32_t)len) * s->pmul);
	return (k ^ (k >> 15)) & s->pmask;
}

/* a[0..len) == b[0..len) */
static inline int
same(const char *a, const char *b, size_t len)
{
	if (len >= 8 && len <= 16)
		return load64(a) == load64(b) && load64(a + len - 8) ==
		    load64(b + len - 8);
	if (len >= 4 && len < 8)
		return load32(a) == load32(b) && load32(a + len - 4) ==
		    load32(b + len - 4);
	if (len < 4) {
		for (size_t i = 0; i < len; i++)
			if (a[i] != b[i])
				return 0;
		return 1;
	}
	return memcmp(a, b, len) == 0;
}

/*
 * Two words that, for strings of one length up to 16 bytes, are equal
 * exactly when the strings are (the bytes, overlapping in the middle).
 */
static inline void
sig(const char *str, size_t len, uint64_t *lo, uint64_t *hi)
{
	if (len >= 8 && len <= 16) {
		*lo = load64(str);
		*hi = load64(str + len - 8);
	} else if (len >= 4 && len < 8) {
		*lo = load32(str);
		*hi = load32(str + len - 4);
	} else if (len > 0 && len < 4) {
		*lo = (unsigned char)str[0] | (uint64_t)(unsigned char)str[len /
		    2] << 8 | (uint64_t)(unsigned char)str[len - 1] << 16;
		*hi = 0;
	} else
		*lo = *hi = 0;
}

/* Looks for a size and multiplier with no collision among the members. */
static void __attribute__((noinline))
build_perfect(struct val_set *s)
{
	s->pdirty = 0;
	free(s->pslot);
	s->pslot = NULL;
	if (s->n > PERFECT_MAX)
		return;
	for (uint32_t size = 16; size <= PERFECT_SLOTS; size *= 2) {
		uint16_t *t;
		if (size < 2 * s->n)
			continue;
		t = tip_xcalloc(size, sizeof(*t));
		s->pmask = size - 1;
		for (uint32_t mul = 1; mul < 128; mul += 2) {
			size_t x;
			s->pmul = mul * 0x85EBCA77u;
			memset(t, 0, size * sizeof(*t));
			for (x = 0; x < s->n; x++) {
				uint32_t i = pidx(s, s->str[x], s->len[x]);
				if (t[i] != 0)
					break;
				t[i] = (uint16_t)(x + 1);
			}
			if (x == s->n) {
				s->pslot = tip_xmalloc(size *
				    sizeof(*s->pslot));
				for (uint32_t i = 0; i < size; i++) {
					struct pent *e = &s->pslot[i];
					memset(e, 0, sizeof(*e));
					e->len = UINT32_MAX;
					if (t[i] == 0)
						continue;
					e->x = t[i] - 1u;
					e->len = (uint32_t)s->len[e->x];
					sig(s->str[e->x], s->len[e->x], &e->lo,
					    &e->hi);
				}
				free(t);
				return;
			}
		}
		free(t);
	}
}

static size_t
find(const struct val_set *s, const char *str, size_t len, uint64_t h)
{
	size_t mask = s->cap - 1, i = (size_t)h & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t x = s->slot[i];
		if (x == 0)
			return i;
		x--;
		if (s->hash[x] == h && s->len[x] == len &&
		    same(s->str[x], str, len))
			return i;
	}
}

static void
rehash(struct val_set *s)
{
	size_t ncap = s->cap * 2;

	free(s->slot);
	s->cap = ncap;
	s->slot = tip_xcalloc(ncap, sizeof(*s->slot));
	for (size_t x = 0; x < s->n; x++) {
		size_t i = (size_t)s->hash[x] & (ncap - 1);
		while (s->slot[i] != 0)
			i = (i + 1) & (ncap - 1);
		s->slot[i] = (uint32_t)(x + 1);
	}
}

int
val_set_add(struct val_set *s, const char *str, size_t len)
{
	uint64_t h = val_hash(str, len, 0);
	size_t i = find(s, str, len, h);

	if (s->slot[i] != 0)
		return 0;
	if (s->n == s->ncap) {
		s->ncap = s->ncap ? 2 * s->ncap : 8;
		s->str = tip_xrealloc(s->str, s->ncap * sizeof(*s->str));
		s->len = tip_xrealloc(s->len, s->ncap * sizeof(*s->len));
		s->hash = tip_xrealloc(s->hash, s->ncap * sizeof(*s->hash));
	}
	s->str[s->n] = tip_xmalloc(len + 1);
	memcpy(s->str[s->n], str, len);
	s->str[s->n][len] = '\0';
	s->len[s->n] = len;
	s->hash[s->n] = h;
	s->slot[i] = (uint32_t)(s->n + 1);
	s->n++;
	s->lens |= UINT64_C(1) << (len < 63 ? len : 63);
	if (2 * s->n > s->cap)
		rehash(s);
	free(s->pslot);
	s->pslot = NULL;
	s->pdirty = 1;
	return 1;
}

static int __attribute__((noinline))
has_hashed(const struct val_set *s, const char *str, size_t len)
{
	return s->slot[find(s, str, len, val_hash(str, len, 0))] != 0;
}

/* The lookup past the length filter. */
static int __attribute__((noinline))
has_slow(const struct val_set *s, const char *str, size_t len)
{
	/* Built at the first lookup after additions (the process is single
	 * threaded; -j workers are processes). */
	if (s->pdirty)
		build_perfect((struct val_set *)s);
	if (s->pslot != NULL) {
		const struct pent *e = &s->pslot[pidx(s, str, len)];
		uint64_t lo, hi;
		if (e->len != len)
			return 0;
		if (len > 16)
			return memcmp(s->str[e->x], str, len) == 0;
		sig(str, len, &lo, &hi);
		return lo == e->lo && hi == e->hi;
	}
	return has_hashed(s, str, len);
}

int
val_set_has(const struct val_set *s, const char *str, size_t len)
{
	if (!(s->lens & UINT64_C(1) << (len < 63 ? len : 63)))
		return 0;
	return has_slow(s, str, len);
}

size_t
val_set_count(const struct val_set *s)
{
	return s->n;
}

const char *
val_set_at(const struct val_set *s, size_t i)
{
	return i < s->n ? s->str[i] : NULL;
}

size_t
val_set_len(const struct val_set *s, size_t i)
{
	return i < s->n ? s->len[i] : 0;
}
