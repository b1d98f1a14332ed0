/*
 * SHA-256, straight from FIPS 180-4, with the block function on x86 SHA-NI
 * when the CPU has it (about five times faster: ingest hashes every byte
 * it reads). The SHA-NI round structure follows Intel's
 * published SHA extensions reference (public domain code by Sean Gulley and
 * Jeffrey Walton).
 */
#include <string.h>

#include "tip_sha256.h"

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

__attribute__((target("sha,sse4.1,ssse3"))) static void
blocks_ni(uint32_t state[8], const uint8_t *data, size_t nblocks)
{
	const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	__m128i st0, st1, msg, tmp, m[4], abef, cdgh;

	tmp = _mm_loadu_si128((const __m128i *)&state[0]);
	st1 = _mm_loadu_si128((const __m128i *)&state[4]);
	tmp = _mm_shuffle_epi32(tmp, 0xB1);      /* CDAB */
	st1 = _mm_shuffle_epi32(st1, 0x1B);      /* EFGH */
	st0 = _mm_alignr_epi8(tmp, st1, 8);      /* ABEF */
	st1 = _mm_blend_epi16(st1, tmp, 0xF0);   /* CDGH */

	for (; nblocks > 0; nblocks--, data += 64) {
		abef = st0;
		cdgh = st1;
		for (int g = 0; g < 16; g++) {
			if (g < 4)
				m[g] = _mm_shuffle_epi8(_mm_loadu_si128(
				    (const __m128i *)(data + (size_t)g * 16)), mask);
			msg = _mm_add_epi32(m[g & 3],
			    _mm_loadu_si128((const __m128i *)&K[(size_t)g * 4]));
			st1 = _mm_sha256rnds2_epu32(st1, st0, msg);
			if (g >= 3 && g < 15) {
				tmp = _mm_alignr_epi8(m[g & 3], m[(g + 3) & 3], 4);
				m[(g + 1) & 3] = _mm_add_epi32(m[(g + 1) & 3], tmp);
				m[(g + 1) & 3] = _mm_sha256msg2_epu32(
				    m[(g + 1) & 3], m[g & 3]);
			}
			msg = _mm_shuffle_epi32(msg, 0x0E);
			st0 = _mm_sha256rnds2_epu32(st0, st1, msg);
			if (g >= 1 && g < 13)
				m[(g - 1) & 3] = _mm_sha256msg1_epu32(
				    m[(g - 1) & 3], m[g & 3]);
		}
		st0 = _mm_add_epi32(st0, abef);
		st1 = _mm_add_epi32(st1, cdgh);
	}

	tmp = _mm_shuffle_epi32(st0, 0x1B);      /* FEBA */
	st1 = _mm_shuffle_epi32(st1, 0xB1);      /* DCHG */
	st0 = _mm_blend_epi16(tmp, st1, 0xF0);   /* DCBA */
	st1 = _mm_alignr_epi8(st1, tmp, 8);      /* ABEF */
	_mm_storeu_si128((__m128i *)&state[0], st0);
	_mm_storeu_si128((__m128i *)&state[4], st1);
}

static int
cpu_has_sha(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 19)) || /* 4.1 */
	    !(c & (1u << 9)))                                      /* ssse3 */
		return 0;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	return (b >> 29) & 1;
}
#define HAVE_NI 1
#else
#define HAVE_NI 0
#endif

static int allow_hw = 1;
static int detected = -1;

int
tip_sha256_hw(void)
{
#if HAVE_NI
	if (detected < 0)
		detected = cpu_has_sha();
	return allow_hw && detected;
#else
	return 0;
#endif
}

void
tip_sha256_allow_hw(int hw)
{
	allow_hw = hw;
}

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
block(struct tip_sha256 *c, const uint8_t *p)
{
	uint32_t w[64], a, b, cc, d, e, f, g, h;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^
		    (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^
		    (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = c->h[0]; b = c->h[1]; cc = c->h[2]; d = c->h[3];
	e = c->h[4]; f = c->h[5]; g = c->h[6]; h = c->h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t S1 = ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25);
		uint32_t ch = (e & f) ^ (~e & g);
		uint32_t t1 = h + S1 + ch + K[i] + w[i];
		uint32_t S0 = ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22);
		uint32_t maj = (a & b) ^ (a & cc) ^ (b & cc);
		uint32_t t2 = S0 + maj;
		h = g; g = f; f = e; e = d + t1;
		d = cc; cc = b; b = a; a = t1 + t2;
	}
	c->h[0] += a; c->h[1] += b; c->h[2] += cc; c->h[3] += d;
	c->h[4] += e; c->h[5] += f; c->h[6] += g; c->h[7] += h;
}

void
tip_sha256_init(struct tip_sha256 *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	memcpy(c->h, iv, sizeof(iv));
	c->len = 0;
	c->nbuf = 0;
}

void
tip_sha256_update(struct tip_sha256 *c, const void *data, size_t len)
{
	const uint8_t *p = data;

	c->len += len;
	if (c->nbuf > 0) {
		size_t take = 64 - c->nbuf < len ? 64 - c->nbuf : len;
		memcpy(c->buf + c->nbuf, p, take);
		c->nbuf += take;
		p += take;
		len -= take;
		if (c->nbuf < 64)
			return;
		block(c, c->buf);
		c->nbuf = 0;
	}
#if HAVE_NI
	if (len >= 64 && tip_sha256_hw()) {
		size_t nb = len / 64;
		blocks_ni(c->h, p, nb);
		p += nb * 64;
		len -= nb * 64;
	}
#endif
	for (; len >= 64; p += 64, len -= 64)
		block(c, p);
	memcpy(c->buf, p, len);
	c->nbuf = len;
}

void
tip_sha256_final(struct tip_sha256 *c, uint8_t out[32])
{
	uint64_t bits = c->len * 8;
	uint8_t pad[72] = {0x80};
	size_t padlen = c->nbuf < 56 ? 56 - c->nbuf : 120 - c->nbuf;

	for (int i = 0; i < 8; i++)
		pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
	tip_sha256_update(c, pad, padlen + 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(c->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)c->h[i];
	}
}

void
tip_sha256_hex(const uint8_t dig[32], char hex[65])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[dig[i] >> 4];
		hex[2 * i + 1] = digits[dig[i] & 15];
	}
	hex[64] = '\0';
}
