/*
 * Data directory layout and the path and allocation helpers around it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tip_datadir.h"
#include "tip_err.h"

static const char *const area_names[TIP_AREA_COUNT] = {
	"inbox", "staged", "quarantine", "validated", "rejected",
	"aggregates", "charts", "reports", "logs", "state",
};

const char *
tip_area_name(enum tip_area area)
{
	return (unsigned)area < TIP_AREA_COUNT ? area_names[area] : "?";
}

void *
tip_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		tip_die(TIP_EX_SOFTWARE, errno, "out of memory");
	return p;
}

void *
tip_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		tip_die(TIP_EX_SOFTWARE, errno, "out of memory");
	return p;
}

void *
tip_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		tip_die(TIP_EX_SOFTWARE, errno, "out of memory");
	return q;
}

char *
tip_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		tip_die(TIP_EX_SOFTWARE, errno, "out of memory");
	return p;
}

static char *
vstrdupf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		tip_die(TIP_EX_SOFTWARE, errno, "out of memory");
	return s;
}

char *
tip_strdupf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vstrdupf(fmt, ap);
	va_end(ap);
	return s;
}

char *
tip_path(const char *root, enum tip_area area, const char *fmt, ...)
{
	va_list ap;
	char *tail, *s;

	if (fmt == NULL)
		return tip_strdupf("%s/%s", root, tip_area_name(area));
	va_start(ap, fmt);
	tail = vstrdupf(fmt, ap);
	va_end(ap);
	s = tip_strdupf("%s/%s/%s", root, tip_area_name(area), tail);
	free(tail);
	return s;
}

int
tip_mkdirs(const char *path, unsigned mode)
{
	char *p = tip_xstrdup(path);
	int rc = 0;

	for (char *q = p + 1; ; q++) {
		if (*q != '/' && *q != '\0')
			continue;
		char c = *q;
		*q = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*q = c;
		if (c == '\0')
			break;
	}
	if (rc == 0) {
		struct stat st;
		if (stat(path, &st) != 0)
			rc = -1;
		else if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			rc = -1;
		}
	}
	int saved = errno;
	free(p);
	errno = saved;
	return rc;
}

int
tip_datadir_init(const char *root, int flags)
{
	struct stat st;

	if (stat(root, &st) != 0) {
		if (errno != ENOENT || !(flags & TIP_DD_CREATE)) {
			tip_warn(errno, "cannot use data directory '%s'", root);
			return TIP_EX_NOINPUT;
		}
		if (tip_mkdirs(root, 0700) != 0) {
			tip_warn(errno, "cannot create data directory '%s'", root);
			return TIP_EX_CANTCREAT;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		tip_warn(ENOTDIR, "cannot use data directory '%s'", root);
		return TIP_EX_NOINPUT;
	}
	for (int a = 0; a < TIP_AREA_COUNT; a++) {
		char *p = tip_path(root, (enum tip_area)a, NULL);
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			tip_warn(errno, "cannot create '%s'", p);
			free(p);
			return TIP_EX_CANTCREAT;
		}
		/* An area that is a symlink could lead writes outside the data
		 * directory: refuse it rather than follow it. */
		if (lstat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
			tip_warn(0, "cannot use '%s': not a folder (symbolic links "
			    "are refused)", p);
			free(p);
			return TIP_EX_CANTCREAT;
		}
		free(p);
	}
	return 0;
}

static int
rmtree_at(int dfd, const char *name)
{
	struct stat st;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dfd, name, 0) == 0 || errno == ENOENT ? 0 : -1;

	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	DIR *d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return -1;
	}
	int rc = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (rmtree_at(fd, de->d_name) != 0)
			rc = -1;
	}
	closedir(d);
	if (rc == 0 && unlinkat(dfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
		rc = -1;
	return rc;
}

int
tip_rmtree(const char *path)
{
	return rmtree_at(AT_FDCWD, path);
}

int
tip_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
tip_list_dir(const char *dir, int kind, size_t max, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v;
	size_t cap = 16;

	*n = 0;
	if (d == NULL)
		return NULL;
	v = tip_xmalloc(cap * sizeof(*v));
	while ((de = readdir(d)) != NULL && (max == 0 || *n < max)) {
		if (de->d_name[0] == '.')
			continue;
		if (kind != TIP_LIST_ALL && de->d_type != DT_UNKNOWN &&
		    (de->d_type == DT_DIR) != (kind == TIP_LIST_DIRS))
			continue;
		if (*n == cap) {
			cap *= 2;
			v = tip_xrealloc(v, cap * sizeof(*v));
		}
		v[(*n)++] = tip_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(v, *n, sizeof(*v), tip_cmp_names);
	return v;
}

void
tip_list_free(char **v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
