/*
 * Atomic output files: write under a temp name in the same folder, then
 * fsync, rename into place and fsync the folder. A crash leaves either the
 * old file or the new one, plus at most a temp file that
 * tip_afile_sweep() removes on the next run.
 */
#ifndef TIP_AFILE_H
#define TIP_AFILE_H

#include <stdio.h>

struct tip_afile {
	FILE *fp;   /* write here */
	char *path; /* final name (owned) */
	char *tmp;  /* temp name (owned) */
};

/*
 * Opens a temp file beside path, mode 0600. Returns 0, or -1 with errno
 * set and af zeroed (nothing to release).
 */
int tip_afile_open(struct tip_afile *af, const char *path);

/*
 * Flushes, fsyncs, closes and renames the temp file onto path, then fsyncs
 * the folder. Returns 0, or -1 with errno set (ENOSPC for a full disk): the
 * temp file is removed and the old path is untouched. af is released either
 * way.
 */
int tip_afile_commit(struct tip_afile *af);

/* Discards the temp file; af is released. Safe on a zeroed af. */
void tip_afile_abort(struct tip_afile *af);

/*
 * Writes len bytes of buf to path atomically. Returns 0 or -1 with errno.
 */
int tip_write_file_atomic(const char *path, const void *buf, size_t len);

/*
 * Writes path atomically with fill(fp, arg), which returns 0 or -1 (errno
 * set). On failure warns naming path and returns an exit code (73 cannot
 * create, 74 I/O error or full disk); the old file is untouched. Returns 0
 * on success.
 */
int tip_write_with(const char *path, int (*fill)(FILE *fp, void *arg),
    void *arg);

/*
 * Removes temp files (".name.tmp.PID") and temp folders (".tmp-*") that a
 * crashed run left in dir. Call only while holding the data lock. Returns
 * the number removed.
 */
int tip_afile_sweep(const char *dir);

/* fsync a folder so a rename in it is durable. Returns 0 or -1/errno. */
int tip_fsync_dir(const char *dir);

#endif
