/*
 * XXH64 (Yann Collet's xxHash, 64-bit variant, as its specification
 * XXH64 describes), for change detection: tip-aggregate keys a partial
 * on the hash of the validated files it was built from. Fast (several GB
 * a second) but not cryptographic: submission identity stays SHA-256.
 * Streaming: init, update any number of times, digest.
 */
#ifndef TIP_XXH64_H
#define TIP_XXH64_H

#include <stddef.h>
#include <stdint.h>

struct tip_xxh64 {
	uint64_t v[4];     /* the four lanes */
	uint64_t len;      /* bytes hashed so far */
	uint64_t seed;
	uint8_t buf[32];   /* bytes not yet in a full stripe */
	size_t nbuf;
};

void tip_xxh64_init(struct tip_xxh64 *h, uint64_t seed);
void tip_xxh64_update(struct tip_xxh64 *h, const void *data, size_t len);
/* The hash of everything given so far; h stays usable. */
uint64_t tip_xxh64_digest(const struct tip_xxh64 *h);
/* One buffer at once. */
uint64_t tip_xxh64(const void *data, size_t len, uint64_t seed);
/* "xxh64:" and 16 lower-case hex digits into out[23] (NUL-terminated). */
void tip_xxh64_str(uint64_t hash, char out[23]);
/* Hashes a whole file into out as tip_xxh64_str does, its size into
 * *size (when not NULL). Returns 0, or -1 with errno set. */
int tip_xxh64_file(const char *path, char out[23], uint64_t *size);

#endif
