/*
 * Diagnostics: prefixed messages on stderr and the ordering of exit codes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tip_err.h"

int tip_verbosity = 1;
static const char *progname = "tip";

void
tip_set_progname(const char *argv0)
{
	const char *slash;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	progname = slash != NULL ? slash + 1 : argv0;
}

const char *
tip_progname(void)
{
	return progname;
}

/*
 * One message is one write(2), so the lines of parallel workers (validate
 * -j, chart -j) never interleave mid-line. A message longer than the
 * buffer is cut with "...".
 */
static void
vwarn(int errnum, const char *fmt, va_list ap)
{
	char buf[2048];
	size_t cap = sizeof(buf) - 5; /* room for "...\n" and NUL */
	int n;
	size_t len;

	n = snprintf(buf, cap, "%s: ", progname);
	len = n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
	n = vsnprintf(buf + len, cap - len, fmt, ap);
	len += n < 0 ? 0 : (size_t)n < cap - len ? (size_t)n : cap - len - 1;
	if (errnum != 0 && len < cap - 1) {
		n = snprintf(buf + len, cap - len, ": %s", strerror(errnum));
		len += n < 0 ? 0 : (size_t)n < cap - len ? (size_t)n :
		    cap - len - 1;
	}
	if (len >= cap - 1) {
		/* Cut: say so (buf is written by length, not as a string). */
		for (int i = 0; i < 3; i++)
			buf[len++] = '.';
	}
	buf[len++] = '\n';
	fflush(stderr);
	for (size_t off = 0; off < len;) {
		ssize_t w = write(STDERR_FILENO, buf + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
}

void
tip_warn(int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(errnum, fmt, ap);
	va_end(ap);
}

void
tip_die(int code, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(errnum, fmt, ap);
	va_end(ap);
	exit(code);
}

void
tip_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(0, fmt, ap);
	va_end(ap);
}

static int
rank(int status)
{
	if (status == TIP_EX_OK)
		return 0;
	if (status == TIP_EX_DATAERR)
		return 1;
	return 2;
}

int
tip_worst(int a, int b)
{
	return rank(b) > rank(a) ? b : a;
}

int
tip_ex_for_errno(int errnum)
{
	switch (errnum) {
	case EACCES:
	case EPERM:
	case EROFS:
	case ENOENT:
	case ENOTDIR:
	case EEXIST:
		return TIP_EX_CANTCREAT;
	default:
		return TIP_EX_IOERR;
	}
}
