/*
 * SHA-256 for the bulk of ingest's hashing (every staged byte): the same
 * digest as tip_sha256, on the CPU's SHA extensions when it has them (x86
 * SHA-NI, about five times faster), else through tip_sha256.
 */
#ifndef INGEST_SHA_H
#define INGEST_SHA_H

#include <stddef.h>

#include "tip_sha256.h"

/* tip_sha256_update, faster; c is initialised and finished by tip_sha256. */
void ingest_sha256_update(struct tip_sha256 *c, const void *data, size_t len);

/* 1 when the hardware path is used (for tests and -vv). */
int ingest_sha256_hw(void);

/* Forces the portable path (hw 0) or the automatic choice (hw 1); tests. */
void ingest_sha256_allow_hw(int hw);

#endif
