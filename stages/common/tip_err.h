/*
 * Diagnostics and exit codes shared by every tip executable: the program
 * name, verbosity, warn/die helpers and the sysexits-style status codes.
 * Nothing here writes to stdout.
 */
#ifndef TIP_ERR_H
#define TIP_ERR_H

#include <stdnoreturn.h>

/* Exit codes (sysexits.h numbers), documented in the README and man pages. */
enum {
	TIP_EX_OK = 0,
	TIP_EX_USAGE = 64,       /* command line misuse */
	TIP_EX_DATAERR = 65,     /* done, but input was rejected/quarantined */
	TIP_EX_NOINPUT = 66,     /* input missing */
	TIP_EX_UNAVAILABLE = 69, /* a needed program (gnuplot) missing */
	TIP_EX_SOFTWARE = 70,    /* internal error */
	TIP_EX_CANTCREAT = 73,   /* cannot create output */
	TIP_EX_IOERR = 74,       /* I/O error, disk full */
	TIP_EX_TEMPFAIL = 75,    /* another run holds the lock */
	TIP_EX_CONFIG = 78       /* bad schema or catalogue */
};

/* 0 quiet (-q), 1 normal, 2 verbose (-v), 3 debug (-vv). */
extern int tip_verbosity;

/* Sets the name used as message prefix; keeps the pointer (not copied). */
void tip_set_progname(const char *argv0);
const char *tip_progname(void);

/* "prog: <msg>: strerror(errnum)" on stderr; errnum 0 omits the suffix. */
void tip_warn(int errnum, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Like tip_warn, then exit(code). */
noreturn void tip_die(int code, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "prog: <msg>" on stderr, no errno. */
void tip_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Log macros do not evaluate their arguments below the chosen verbosity. */
#define tip_info(...)                                                       \
	do {                                                                \
		if (tip_verbosity >= 2)                                     \
			tip_msg(__VA_ARGS__);                               \
	} while (0)
#define tip_debug(...)                                                      \
	do {                                                                \
		if (tip_verbosity >= 3)                                     \
			tip_msg(__VA_ARGS__);                               \
	} while (0)
#define tip_note(...)                                                       \
	do {                                                                \
		if (tip_verbosity >= 1)                                     \
			tip_msg(__VA_ARGS__);                               \
	} while (0)

/*
 * The worse of two exit statuses: any hard error beats 65 (data rejected),
 * which beats 0. Between two hard errors the first one wins.
 */
int tip_worst(int a, int b);

/* Exit code for a failed output operation with this errno (74 or 73). */
int tip_ex_for_errno(int errnum);

#endif
