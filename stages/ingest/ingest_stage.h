/*
 * The staging sink: receives the members the archive reader streams and
 * writes them into a temporary folder under names ingest makes up
 * (".m<n>"), hashing and counting while copying. datapackage.json is kept
 * in memory instead. Naming the files after their tables, the metadata and
 * the final rename are done by the caller (ingest.c).
 */
#ifndef INGEST_STAGE_H
#define INGEST_STAGE_H

#include <stddef.h>
#include <stdint.h>

#include "ingest_archive.h"
#include "tip_sha256.h"

/* Largest datapackage.json kept (it names a handful of resources). */
#define INGEST_MAX_DATAPACKAGE ((size_t)1024 * 1024)
/* Bytes of each member's start kept to read its header line. */
#define INGEST_HEAD 8192

struct ingest_member {
	char name[512];   /* member name in the archive ("data" when single) */
	char file[24];    /* temp file name in the folder */
	char table[16];   /* table it holds, once known */
	char sha256[65];
	uint64_t bytes;
	uint64_t lines;   /* LF-terminated lines, plus an unterminated last */
	char head[INGEST_HEAD + 1]; /* first bytes, NUL-terminated */
	size_t nhead;
};

struct ingest_stage {
	int dirfd;                 /* the temp folder, open */
	struct ingest_member *m;   /* members written (owned) */
	size_t n, cap;
	int fd;                    /* member being written, or -1 */
	struct tip_sha256 sha;
	int last_lf;               /* last byte written was LF */
	char *dp;                  /* datapackage.json bytes (owned), or NULL */
	size_t ndp;
	int in_dp;                 /* the current member is datapackage.json */
	int single;                /* the submission is one .csv/.csv.gz */
};

/*
 * Starts staging into the open folder dirfd (not taken over). single says
 * whether the submission is one table file.
 */
void ingest_stage_init(struct ingest_stage *st, int dirfd, int single);
/* Frees memory and closes a member left open; the folder stays. */
void ingest_stage_release(struct ingest_stage *st);
/* A sink that writes into st. */
struct ingest_sink ingest_stage_sink(struct ingest_stage *st);

/* Data rows of a member: lines minus the header, never below 0. */
uint64_t ingest_member_rows(const struct ingest_member *m);

#endif
