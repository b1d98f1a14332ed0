/*
 * Atomic replacement of output files (temp name, fsync, rename).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tip_afile.h"
#include "tip_datadir.h"
#include "tip_err.h"

static char *
dir_of(const char *path)
{
	char *copy = tip_xstrdup(path);
	char *d = tip_xstrdup(dirname(copy));

	free(copy);
	return d;
}

int
tip_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	/* Some file systems refuse fsync on a folder; that is not a loss. */
	if (rc != 0 && (errno == EINVAL || errno == EROFS))
		rc = 0;
	close(fd);
	return rc;
}

int
tip_afile_open(struct tip_afile *af, const char *path)
{
	char *copy = tip_xstrdup(path);
	char *base = basename(copy);
	char *dir = dir_of(path);
	int fd;

	memset(af, 0, sizeof(*af));
	af->tmp = tip_strdupf("%s/.%s.tmp.%ld", dir, base, (long)getpid());
	free(copy);
	free(dir);
	(void)unlink(af->tmp); /* our own pid: a leftover from an old run */
	fd = open(af->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0) {
		int e = errno;
		free(af->tmp);
		memset(af, 0, sizeof(*af));
		errno = e;
		return -1;
	}
	af->fp = fdopen(fd, "w");
	if (af->fp == NULL) {
		int e = errno;
		close(fd);
		unlink(af->tmp);
		free(af->tmp);
		memset(af, 0, sizeof(*af));
		errno = e;
		return -1;
	}
	af->path = tip_xstrdup(path);
	return 0;
}

static void
release(struct tip_afile *af)
{
	free(af->path);
	free(af->tmp);
	memset(af, 0, sizeof(*af));
}

void
tip_afile_abort(struct tip_afile *af)
{
	if (af->fp != NULL)
		fclose(af->fp);
	if (af->tmp != NULL)
		unlink(af->tmp);
	release(af);
}

int
tip_afile_commit(struct tip_afile *af)
{
	int e = 0;

	if (fflush(af->fp) != 0 || ferror(af->fp))
		e = errno ? errno : EIO;
	else if (fsync(fileno(af->fp)) != 0)
		e = errno;
	if (fclose(af->fp) != 0 && e == 0)
		e = errno;
	af->fp = NULL;
	if (e == 0 && rename(af->tmp, af->path) != 0)
		e = errno;
	if (e != 0) {
		unlink(af->tmp);
		release(af);
		errno = e;
		return -1;
	}
	char *dir = dir_of(af->path);
	int rc = tip_fsync_dir(dir);
	e = errno;
	free(dir);
	release(af);
	errno = e;
	return rc;
}

int
tip_write_file_atomic(const char *path, const void *buf, size_t len)
{
	struct tip_afile af;

	if (tip_afile_open(&af, path) != 0)
		return -1;
	if (len > 0 && fwrite(buf, 1, len, af.fp) != len) {
		int e = errno;
		tip_afile_abort(&af);
		errno = e;
		return -1;
	}
	return tip_afile_commit(&af);
}

int
tip_write_with(const char *path, int (*fill)(FILE *fp, void *arg), void *arg)
{
	struct tip_afile af;

	if (tip_afile_open(&af, path) != 0) {
		tip_warn(errno, "cannot create '%s'", path);
		return tip_ex_for_errno(errno);
	}
	errno = 0;
	if (fill(af.fp, arg) != 0 || ferror(af.fp)) {
		int e = errno ? errno : EIO;
		tip_afile_abort(&af);
		tip_warn(e, "cannot write '%s'", path);
		return e == ENOSPC || e == EIO ? TIP_EX_IOERR : tip_ex_for_errno(e);
	}
	if (tip_afile_commit(&af) != 0) {
		int e = errno;
		tip_warn(e, "cannot write '%s'", path);
		return tip_ex_for_errno(e);
	}
	return 0;
}

static int
is_leftover(const char *name)
{
	if (strncmp(name, ".tmp-", 5) == 0)
		return 1;
	return name[0] == '.' && strstr(name, ".tmp.") != NULL;
}

int
tip_afile_sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (!is_leftover(de->d_name))
			continue;
		char *p = tip_strdupf("%s/%s", dir, de->d_name);
		if (tip_rmtree(p) == 0)
			n++;
		free(p);
	}
	closedir(d);
	return n;
}
