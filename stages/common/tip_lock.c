/*
 * Data-directory lock on flock(2), with holder information for the message
 * a second run prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_lock.h"

long long
tip_now(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	if (sde != NULL && *sde != '\0') {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (*end == '\0' && v >= 0)
			return v;
	}
	return (long long)time(NULL);
}

void
tip_now_iso(char buf[21])
{
	time_t t = (time_t)tip_now();
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The fd in TIP_LOCK_FD, if it is an open lock on this very file. */
static int
inherited_fd(const char *path)
{
	const char *env = getenv("TIP_LOCK_FD");
	struct stat a, b;
	char *end;
	long fd;

	if (env == NULL || *env == '\0')
		return -1;
	fd = strtol(env, &end, 10);
	if (*end != '\0' || fd < 0 || fd > 1024)
		return -1;
	if (fstat((int)fd, &a) != 0 || stat(path, &b) != 0)
		return -1;
	if (a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		return -1;
	/* Same open file description: succeeds only if our parent holds it. */
	if (flock((int)fd, LOCK_EX | LOCK_NB) != 0)
		return -1;
	return (int)fd;
}

static void
describe_holder(int fd, const char *path)
{
	char buf[256];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0) {
		tip_warn(0, "another run holds the lock '%s'", path);
		return;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	tip_warn(0, "another run holds the lock '%s' (%s)", path, buf);
}

int
tip_lock_acquire(const char *root, int wait_seconds, struct tip_lock *lk)
{
	char *path = tip_path(root, TIP_STATE, "lock");
	int fd;

	lk->fd = -1;
	lk->inherited = 0;
	if ((fd = inherited_fd(path)) >= 0) {
		lk->fd = fd;
		lk->inherited = 1;
		free(path);
		return 0;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		tip_warn(errno, "cannot open lock '%s'", path);
		free(path);
		return TIP_EX_CANTCREAT;
	}
	for (long waited = 0;; waited += 100) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			tip_warn(errno, "cannot lock '%s'", path);
			close(fd);
			free(path);
			return TIP_EX_CANTCREAT;
		}
		if (waited >= (long)wait_seconds * 1000) {
			describe_holder(fd, path);
			close(fd);
			free(path);
			return TIP_EX_TEMPFAIL;
		}
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	/* We hold it: say who we are, for the message of a second run. */
	char who[128], now[21];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	int n = snprintf(who, sizeof(who), "pid %ld, %s, started %s\n",
	    (long)getpid(), tip_progname(), now);
	if (ftruncate(fd, 0) != 0 || pwrite(fd, who, (size_t)n, 0) != n)
		tip_debug("cannot record the lock holder in '%s'", path);
	free(path);
	lk->fd = fd;
	return 0;
}

int
tip_lock_export(struct tip_lock *lk)
{
	char buf[16];
	int flags;

	if (lk->fd < 0)
		return -1;
	flags = fcntl(lk->fd, F_GETFD);
	if (flags < 0 || fcntl(lk->fd, F_SETFD, flags & ~FD_CLOEXEC) != 0)
		return -1;
	snprintf(buf, sizeof(buf), "%d", lk->fd);
	return setenv("TIP_LOCK_FD", buf, 1);
}

void
tip_lock_release(struct tip_lock *lk)
{
	if (lk->fd >= 0 && !lk->inherited)
		close(lk->fd); /* closing the last fd drops the flock */
	lk->fd = -1;
}
