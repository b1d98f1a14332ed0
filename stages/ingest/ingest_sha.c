/*
 * SHA-256 block function on x86 SHA-NI, with the portable tip_sha256 for
 * partial blocks and for CPUs without the extension. The round structure
 * follows Intel's published SHA extensions reference (public domain code
 * by Sean Gulley and Jeffrey Walton).
 */
#include <stdint.h>
#include <string.h>

#include "ingest_sha.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

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

static int allow = 1;
static int detected = -1;

int
ingest_sha256_hw(void)
{
#if HAVE_NI
	if (detected < 0)
		detected = cpu_has_sha();
	return allow && detected;
#else
	return 0;
#endif
}

void
ingest_sha256_allow_hw(int hw)
{
	allow = hw;
}

void
ingest_sha256_update(struct tip_sha256 *c, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (!ingest_sha256_hw()) {
		tip_sha256_update(c, data, len);
		return;
	}
#if HAVE_NI
	if (c->nbuf > 0) {
		size_t take = 64 - c->nbuf < len ? 64 - c->nbuf : len;
		tip_sha256_update(c, p, take);
		p += take;
		len -= take;
	}
	if (len >= 64) {
		size_t nb = len / 64;
		blocks_ni(c->h, p, nb);
		c->len += nb * 64;
		p += nb * 64;
		len -= nb * 64;
	}
	if (len > 0)
		tip_sha256_update(c, p, len);
#endif
}
