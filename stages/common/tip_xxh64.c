/*
 * XXH64 from its specification (xxhash/doc/xxhash_spec.md): four lanes
 * over 32-byte stripes, then the tail in 8-, 4- and 1-byte steps and the
 * avalanche. Reads input as little-endian words.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tip_xxh64.h"

#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL
#define P4 0x85EBCA77C2B2AE63ULL
#define P5 0x27D4EB2F165667C5ULL

static inline uint64_t
rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t
read64(const uint8_t *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

static inline uint32_t
read32(const uint8_t *p)
{
	uint32_t w;

	memcpy(&w, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap32(w);
#endif
	return w;
}

static inline uint64_t
round64(uint64_t acc, uint64_t in)
{
	acc += in * P2;
	acc = rotl(acc, 31);
	return acc * P1;
}

static inline uint64_t
merge(uint64_t acc, uint64_t v)
{
	acc ^= round64(0, v);
	return acc * P1 + P4;
}

/* Whole stripes of p[0..n) into the lanes; returns the bytes used. */
static size_t
stripes(uint64_t v[4], const uint8_t *p, size_t n)
{
	uint64_t a = v[0], b = v[1], c = v[2], d = v[3];
	size_t i = 0;

	for (; i + 32 <= n; i += 32) {
		a = round64(a, read64(p + i));
		b = round64(b, read64(p + i + 8));
		c = round64(c, read64(p + i + 16));
		d = round64(d, read64(p + i + 24));
	}
	v[0] = a;
	v[1] = b;
	v[2] = c;
	v[3] = d;
	return i;
}

void
tip_xxh64_init(struct tip_xxh64 *h, uint64_t seed)
{
	memset(h, 0, sizeof(*h));
	h->seed = seed;
	h->v[0] = seed + P1 + P2;
	h->v[1] = seed + P2;
	h->v[2] = seed;
	h->v[3] = seed - P1;
}

void
tip_xxh64_update(struct tip_xxh64 *h, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t used;

	h->len += len;
	if (h->nbuf > 0) {
		size_t take = 32 - h->nbuf < len ? 32 - h->nbuf : len;
		memcpy(h->buf + h->nbuf, p, take);
		h->nbuf += take;
		p += take;
		len -= take;
		if (h->nbuf < 32)
			return;
		(void)stripes(h->v, h->buf, 32);
		h->nbuf = 0;
	}
	used = stripes(h->v, p, len);
	memcpy(h->buf, p + used, len - used);
	h->nbuf = len - used;
}

uint64_t
tip_xxh64_digest(const struct tip_xxh64 *h)
{
	const uint8_t *p = h->buf, *end = h->buf + h->nbuf;
	uint64_t acc;

	if (h->len >= 32) {
		acc = rotl(h->v[0], 1) + rotl(h->v[1], 7) + rotl(h->v[2], 12) +
		    rotl(h->v[3], 18);
		for (int i = 0; i < 4; i++)
			acc = merge(acc, h->v[i]);
	} else
		acc = h->seed + P5;
	acc += h->len;
	for (; end - p >= 8; p += 8) {
		acc ^= round64(0, read64(p));
		acc = rotl(acc, 27) * P1 + P4;
	}
	if (end - p >= 4) {
		acc ^= (uint64_t)read32(p) * P1;
		acc = rotl(acc, 23) * P2 + P3;
		p += 4;
	}
	for (; p < end; p++) {
		acc ^= *p * P5;
		acc = rotl(acc, 11) * P1;
	}
	acc ^= acc >> 33;
	acc *= P2;
	acc ^= acc >> 29;
	acc *= P3;
	acc ^= acc >> 32;
	return acc;
}

uint64_t
tip_xxh64(const void *data, size_t len, uint64_t seed)
{
	struct tip_xxh64 h;

	tip_xxh64_init(&h, seed);
	tip_xxh64_update(&h, data, len);
	return tip_xxh64_digest(&h);
}

void
tip_xxh64_str(uint64_t hash, char out[23])
{
	snprintf(out, 23, "xxh64:%016llx", (unsigned long long)hash);
}

int
tip_xxh64_file(const char *path, char out[23], uint64_t *size)
{
	struct tip_xxh64 h;
	uint8_t buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	tip_xxh64_init(&h, 0);
	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			tip_xxh64_update(&h, buf, (size_t)n);
	if (n < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	if (size != NULL)
		*size = h.len;
	tip_xxh64_str(tip_xxh64_digest(&h), out);
	return 0;
}
