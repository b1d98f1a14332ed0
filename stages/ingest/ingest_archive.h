/*
 * The archive reader: opens a submission with libarchive restricted to the
 * formats ingest accepts (tar, zip, raw; gzip and xz filters: nothing that
 * runs an external program), walks its entries and streams the data of
 * regular files to a sink. It refuses everything hostile: unsafe or
 * duplicate names, links, devices, FIFOs, encrypted or nested members, too
 * many entries, too many bytes, too high a compression ratio, corrupt or
 * truncated data and trailing garbage. It never touches the file system.
 */
#ifndef INGEST_ARCHIVE_H
#define INGEST_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "ingest_name.h"

struct archive;

/* Caps; 0 in any field means "no cap" (only for tests). */
struct ingest_limits {
	uint64_t max_entries;    /* --max-entries: entries of any type */
	uint64_t max_entry_size; /* --max-entry-size: bytes of one member */
	uint64_t max_total_size; /* --max-total-size: bytes of all members */
	uint64_t max_ratio;      /* --max-ratio: expanded / submission bytes */
};

/* Defaults of the options. */
#define INGEST_DEF_MAX_ENTRIES 64
#define INGEST_DEF_MAX_ENTRY_SIZE (1ULL << 30)
#define INGEST_DEF_MAX_TOTAL_SIZE (4ULL << 30)
#define INGEST_DEF_MAX_RATIO 200
/* Below this many expanded bytes the ratio is not checked. */
#define INGEST_RATIO_FLOOR (1ULL << 20)

/* Results of the reader and of sink callbacks. */
enum {
	INGEST_OK = 0,
	INGEST_REJECT = 1,  /* the submission is bad: reason written */
	INGEST_SYSERR = -1  /* our side failed (errno set): not its fault */
};

/*
 * Where member data goes. Each callback returns INGEST_OK, INGEST_REJECT
 * (after writing why[n]) or INGEST_SYSERR (errno set). name is the
 * normalised member name, borrowed for the call ("data" for a single
 * .csv/.csv.gz).
 */
struct ingest_sink {
	int (*begin)(void *ctx, const char *name, char *why, size_t n);
	int (*data)(void *ctx, const void *buf, size_t len, char *why, size_t n);
	int (*end)(void *ctx, char *why, size_t n);
	void *ctx;
};

/*
 * A libarchive reader set up for format f (NULL for INGEST_FMT_UNKNOWN or
 * out of memory). The caller opens it (archive_read_open_fd/_memory), hands
 * it to ingest_archive_read and frees it with archive_read_free.
 */
struct archive *ingest_archive_new(enum ingest_fmt f);

/*
 * Reads every entry of the opened archive a of format f, whose file holds
 * insize bytes, and streams regular members to sink. Returns INGEST_OK,
 * INGEST_REJECT with a one-line reason in why[n], or INGEST_SYSERR (errno
 * set) when a sink callback failed on our side. buf[bufsize] is the copy
 * buffer (the caller owns it; 256 KiB is good).
 */
int ingest_archive_read(struct archive *a, enum ingest_fmt f, uint64_t insize,
    const struct ingest_limits *lim, const struct ingest_sink *sink,
    void *buf, size_t bufsize, char *why, size_t n);

#endif
