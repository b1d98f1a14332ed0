/*
 * SHA-256 (FIPS 180-4), for submission identity and provenance. Streaming:
 * init, update any number of times, final.
 */
#ifndef TIP_SHA256_H
#define TIP_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct tip_sha256 {
	uint32_t h[8];
	uint64_t len;      /* bytes hashed so far */
	uint8_t buf[64];
	size_t nbuf;
};

void tip_sha256_init(struct tip_sha256 *c);
void tip_sha256_update(struct tip_sha256 *c, const void *data, size_t len);
/* Writes the 32-byte digest; c must be initialised again before reuse. */
void tip_sha256_final(struct tip_sha256 *c, uint8_t out[32]);
/* Lower-case hex of a digest into hex[65] (NUL-terminated). */
void tip_sha256_hex(const uint8_t dig[32], char hex[65]);
/* 1 when the SHA-NI block function is in use (for tests and -vv). */
int tip_sha256_hw(void);
/* Forces the portable path (hw 0) or the automatic choice (hw 1); tests. */
void tip_sha256_allow_hw(int hw);

#endif
