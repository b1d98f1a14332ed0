/*
 * Open-addressing hash sets (linear probing, power-of-two sizes, load at
 * most one half) for strings and for key hashes.
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

struct val_set {
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
	free(s);
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
		    memcmp(s->str[x], str, len) == 0)
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
	if (2 * s->n > s->cap)
		rehash(s);
	return 1;
}

int
val_set_has(const struct val_set *s, const char *str, size_t len)
{
	uint64_t h = val_hash(str, len, 0);

	return s->slot[find(s, str, len, h)] != 0;
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

void
val_keys_init(struct val_keys *k)
{
	memset(k, 0, sizeof(*k));
}

void
val_keys_release(struct val_keys *k)
{
	free(k->h);
	free(k->row);
	memset(k, 0, sizeof(*k));
}

static void
keys_grow(struct val_keys *k)
{
	size_t ncap = k->cap ? 2 * k->cap : 1024;
	uint64_t *h = tip_xcalloc(ncap, sizeof(*h));
	uint64_t *row = tip_xmalloc(ncap * sizeof(*row));

	for (size_t j = 0; j < k->cap; j++) {
		if (k->h[j] == 0)
			continue;
		size_t i = (size_t)k->h[j] & (ncap - 1);
		while (h[i] != 0)
			i = (i + 1) & (ncap - 1);
		h[i] = k->h[j];
		row[i] = k->row[j];
	}
	free(k->h);
	free(k->row);
	k->h = h;
	k->row = row;
	k->cap = ncap;
}

int
val_keys_put(struct val_keys *k, uint64_t hash, uint64_t row,
    uint64_t *first)
{
	size_t i;

	if (hash == 0)
		hash = 1;
	if (2 * (k->n + 1) > k->cap)
		keys_grow(k);
	for (i = (size_t)hash & (k->cap - 1); k->h[i] != 0;
	    i = (i + 1) & (k->cap - 1)) {
		if (k->h[i] == hash) {
			*first = k->row[i];
			return 1;
		}
	}
	k->h[i] = hash;
	k->row[i] = row;
	k->n++;
	return 0;
}
