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

/* Looks for a size and multiplier with no collision among the members. */
void __attribute__((noinline))
val_set_build(struct val_set *s)
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
				uint32_t i = vset_pidx(s, s->str[x], s->len[x]);
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
					tip_sig16(s->str[e->x], s->len[e->x], &e->lo,
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
		    tip_same(s->str[x], str, len))
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

int
val_set_has_hashed(const struct val_set *s, const char *str, size_t len)
{
	return s->slot[find(s, str, len, val_hash(str, len, 0))] != 0;
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
