/*
 * Short byte strings on hot paths (codes, enum values, country codes):
 * comparing, hashing and an exact two-word signature without a call.
 * Header only; nothing here allocates or fails.
 */
#ifndef TIP_BYTES_H
#define TIP_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t
tip_load32(const char *p)
{
	uint32_t w;

	memcpy(&w, p, 4);
	return w;
}

static inline uint64_t
tip_load64(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

/* a[0..n) == b[0..n): whole words, overlapping at the end, up to 32
 * bytes; memcmp beyond. */
static inline int
tip_same(const char *a, const char *b, size_t n)
{
	if (n >= 8 && n <= 32) {
		uint64_t d = 0;
		if (n > 16) {
			d = (tip_load64(a) ^ tip_load64(b)) |
			    (tip_load64(a + 8) ^ tip_load64(b + 8));
			a += n - 16;
			b += n - 16;
			n = 16;
		}
		return (d | (tip_load64(a) ^ tip_load64(b)) |
		    (tip_load64(a + n - 8) ^ tip_load64(b + n - 8))) == 0;
	}
	if (n >= 4 && n < 8)
		return tip_load32(a) == tip_load32(b) &&
		    tip_load32(a + n - 4) == tip_load32(b + n - 4);
	if (n > 32)
		return memcmp(a, b, n) == 0;
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/*
 * Two words that, for strings of one length up to 16 bytes, are equal
 * exactly when the strings are (the bytes, overlapping in the middle).
 * Longer strings: the first and last eight bytes only.
 */
static inline void
tip_sig16(const char *s, size_t n, uint64_t *lo, uint64_t *hi)
{
	if (n >= 8) {
		*lo = tip_load64(s);
		*hi = tip_load64(s + n - 8);
	} else if (n >= 4) {
		*lo = tip_load32(s);
		*hi = tip_load32(s + n - 4);
	} else if (n > 0) {
		*lo = (uint64_t)(unsigned char)s[0] |
		    (uint64_t)(unsigned char)s[n / 2] << 8 |
		    (uint64_t)(unsigned char)s[n - 1] << 16;
		*hi = 0;
	} else
		*lo = *hi = 0;
}

/* A 64-bit hash of short values: whole words, overlapping at the end. */
static inline uint64_t
tip_hash_bytes(const void *p, size_t n)
{
	const char *b = p;
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w;

	while (n > 8) {
		w = tip_load64(b);
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
		b += 8;
		n -= 8;
	}
	w = 0;
	if (n >= 4)
		/* 4 <= n <= 8 here: b + n - 4 stays inside */
		/* cppcheck-suppress pointerOutOfBoundsCond */
		w = (uint64_t)tip_load32(b) << 32 | tip_load32(b + n - 4);
	else if (n > 0)
		w = (uint64_t)(unsigned char)b[0] << 16 |
		    (uint64_t)(unsigned char)b[n / 2] << 8 |
		    (unsigned char)b[n - 1];
	h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
	return h ^ (h >> 29);
}

#endif
