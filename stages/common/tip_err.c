/*
 * Diagnostics: prefixed messages on stderr and the ordering of exit codes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void
vwarn(int errnum, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (errnum != 0)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
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
