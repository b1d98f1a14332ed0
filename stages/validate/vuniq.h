/*
 * Exact uniqueness checks (unique fields and the primary key) in bounded
 * memory, for tables of any length.
 *
 * Pass 1 (val_uniq_put, once per key in row order): a hash table of at
 * most max_keys entries (64-bit key hash, kind and row, byte offset of the
 * record in the source: 24 bytes each) answers at once while it has room.
 * A hash match is confirmed by comparing the real key bytes: the caller's
 * key_fn re-reads the earlier record from the source by its offset and
 * normalises its key, so a hash collision never rejects a row. Once the
 * table is full, a key not found in it is spilled as (hash, kind, row,
 * offset) to one of 128 temp files chosen by the hash's top bits (files
 * made with O_TMPFILE in tmpdir: they vanish on close or crash); its row
 * is provisionally taken as first.
 *
 * val_uniq_resolve: each spill file holds every occurrence of its keys in
 * row order, so it is read through the same bounded table (a file too big
 * for it is split again by the next 7 hash bits): the first occurrence of
 * a key stays first, later ones are duplicates, confirmed on the key
 * bytes. Every duplicate (on time or late) is written as (row, kind,
 * first row) to a dup file. When late duplicates exist, that file is
 * sorted by (row, kind) with an external merge sort (runs of at most
 * max_keys records, 64-way merges) and the caller validates the table a
 * second time, taking duplicates from val_uniq_dup instead of the table,
 * so the outputs are exactly those of an unbounded index.
 *
 * Memory: at most 2 * max_keys slots of 24 bytes, plus 16 KiB per spill
 * file in use (2 MiB) and 4 MiB of merge buffers, whatever the rows.
 * Disk: 24 bytes per spilled key, 24 per duplicate, in tmpdir.
 */
#ifndef VAL_UNIQ_H
#define VAL_UNIQ_H

#include <stddef.h>
#include <stdint.h>

#include "vfield.h"

/*
 * Writes into out (out->len reset) the normalised key of kind `kind` of
 * the record at byte offset off. Returns 0, 1 when that record has no
 * such key (it cannot be a duplicate), or -1 on a read error (errno).
 */
typedef int (*val_uniq_key_fn)(void *ctx, unsigned kind, uint64_t off,
    struct val_buf *out);

struct val_uniq_opts {
	size_t max_keys;    /* in-memory entries (0: 131072) */
	const char *tmpdir; /* spill files (NULL: $TMPDIR or /tmp) */
	uint64_t hashmask;  /* tests: AND-ed into hashes to force collisions
	                       (0: none) */
};

struct val_uniq;

/* New index; exits 70 when out of memory. fn/ctx are borrowed. */
struct val_uniq *val_uniq_new(const struct val_uniq_opts *o,
    val_uniq_key_fn fn, void *ctx);
/* Frees the index and closes (so removes) its temp files; NULL: no-op. */
void val_uniq_free(struct val_uniq *u);

/*
 * Pass 1: key[0..len) of kind at row (record at offset off). Returns 1
 * when the key was seen before (*first: the row that used it first), 0
 * when it is new or not decided until val_uniq_resolve, -1 on an I/O
 * error (errno set; the index is unusable).
 */
int val_uniq_put(struct val_uniq *u, unsigned kind, const char *key,
    size_t len, uint64_t row, uint64_t off, uint64_t *first);

/*
 * A hint that val_uniq_put will soon get key[0..len) of kind: starts
 * loading its slot of the table so that the put does not wait for memory
 * (the hash is kept for a put of the same bytes). Changes no answer.
 */
void val_uniq_prefetch(struct val_uniq *u, unsigned kind, const char *key,
    size_t len);

/*
 * After pass 1: finds the duplicates among spilled keys. Returns how many
 * there are (0: pass 1 was exact), or -1 on an I/O error (errno set).
 * When it returns more than 0, the caller runs pass 2 with val_uniq_dup.
 */
int64_t val_uniq_resolve(struct val_uniq *u);

/*
 * Pass 2: 1 with *first set when (row, kind) is a duplicate, else 0, -1
 * on a read error. Calls must come in increasing (row, kind) order.
 */
int val_uniq_dup(struct val_uniq *u, unsigned kind, uint64_t row,
    uint64_t *first);

/* Keys spilled to disk so far (for tests and -vv). */
uint64_t val_uniq_spilled(const struct val_uniq *u);

#endif
