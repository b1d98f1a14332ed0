/*
 * Moves that never overwrite, free names in archive/ and quarantine/, and
 * the ingest.pending marker that makes a crash between the ledger append and
 * the move repairable.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest_store.h"
#include "tip_afile.h"
#include "tip_datadir.h"

int
ingest_move(const char *from, const char *to)
{
	struct stat st;

	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* File systems without RENAME_NOREPLACE: we hold the lock, so a
	 * check then rename is race-free among tip runs. */
	if (lstat(to, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

static int
taken(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 || errno != ENOENT;
}

char *
ingest_free_name(const char *dir, const char *name0, const char *name1)
{
	char *p = tip_strdupf("%s/%s", dir, name0);
	const char *base = name1 != NULL ? name1 : name0;

	if (!taken(p))
		return p;
	free(p);
	if (name1 != NULL) {
		p = tip_strdupf("%s/%s", dir, name1);
		if (!taken(p))
			return p;
		free(p);
	}
	for (unsigned long i = 1;; i++) {
		p = tip_strdupf("%s/%s.%lu", dir, base, i);
		if (!taken(p))
			return p;
		free(p);
	}
}

static char *
pending_path(const char *root)
{
	return tip_path(root, TIP_STATE, "ingest.pending");
}

int
ingest_pending_write(const char *root, const struct ingest_pending *p)
{
	char *path = pending_path(root);
	char *text = tip_strdupf("%s\n%s\n%s\n", p->sha256, p->source, p->dest);
	int rc = tip_write_file_atomic(path, text, strlen(text));
	int e = errno;

	free(text);
	free(path);
	errno = e;
	return rc;
}

/* Reads one line into dst[n] without its LF; -1 when absent or too long. */
static int
line(FILE *fp, char *dst, size_t n)
{
	char tmp[4096 + 2];
	size_t len;

	if (fgets(tmp, (int)sizeof(tmp), fp) == NULL)
		return -1;
	len = strlen(tmp);
	if (len == 0 || tmp[len - 1] != '\n' || len > n)
		return -1;
	memcpy(dst, tmp, len - 1);
	dst[len - 1] = '\0';
	return 0;
}

int
ingest_pending_read(const char *root, struct ingest_pending *p)
{
	char *path = pending_path(root);
	FILE *fp = fopen(path, "r");
	int rc;

	free(path);
	memset(p, 0, sizeof(*p));
	if (fp == NULL)
		return errno == ENOENT ? 0 : -1;
	rc = line(fp, p->sha256, sizeof(p->sha256)) == 0 &&
	    line(fp, p->source, sizeof(p->source)) == 0 &&
	    line(fp, p->dest, sizeof(p->dest)) == 0 ? 1 : 0;
	fclose(fp);
	return rc;
}

int
ingest_pending_clear(const char *root)
{
	char *path = pending_path(root);
	int rc = unlink(path) == 0 || errno == ENOENT ? 0 : -1;
	int e = errno;

	if (rc == 0) {
		char *dir = tip_path(root, TIP_STATE, NULL);
		(void)tip_fsync_dir(dir);
		free(dir);
	}
	free(path);
	errno = e;
	return rc;
}
