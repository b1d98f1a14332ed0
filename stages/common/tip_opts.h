/*
 * Command-line conventions every tip executable shares: -d/--data, -h, -V,
 * -v, -q, usage printing and the misuse exit (64). Each stage keeps its own
 * getopt_long table; this file only handles the common part.
 */
#ifndef TIP_OPTS_H
#define TIP_OPTS_H

#include <stdio.h>
#include <stdnoreturn.h>

/* Options every stage accepts; stages embed this in their opts struct. */
struct tip_common_opts {
	const char *data_dir; /* -d/--data DIR; default $TIP_DATA or "data" */
	int verbosity;        /* -q 0, default 1, -v 2, -vv 3 */
};

/* Common short options, to paste into a stage's optstring. */
#define TIP_COMMON_SHORTOPTS "d:hqvV"
#define TIP_COMMON_LONGOPTS                                                 \
	{"data", required_argument, NULL, 'd'},                             \
	{"help", no_argument, NULL, 'h'},                                   \
	{"quiet", no_argument, NULL, 'q'},                                  \
	{"verbose", no_argument, NULL, 'v'},                                \
	{"version", no_argument, NULL, 'V'}

/* Sets defaults (environment TIP_DATA) and the program name from argv0. */
void tip_common_init(struct tip_common_opts *co, const char *argv0);

/*
 * Handles one common option returned by getopt_long. Returns 1 when c was
 * a common option (and -h/-V already printed and exited 0), 0 otherwise.
 * usage is a NULL-terminated array of lines; usage[0] is the synopsis.
 */
int tip_common_opt(struct tip_common_opts *co, int c, const char *arg,
    const char *const usage[]);

/* Prints every usage line to fp. */
void tip_usage(FILE *fp, const char *const usage[]);

/*
 * Misuse: one error line, the synopsis and a hint on stderr, nothing on
 * stdout, exit 64. Call with the getopt '?' case as
 * tip_usage_error(usage, "unknown option '%s'", argv[optind - 1]).
 */
noreturn void tip_usage_error(const char *const usage[], const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The misuse exit for getopt_long's ':' (an option lacks its value; needs
 * a ':' first in optstring) and '?' (unknown option) returns: one line
 * naming the option as typed, the synopsis, exit 64.
 */
noreturn void tip_option_error(const char *const usage[], int argc,
    char *const argv[], int c);

/* For getopt_long's '?' and ':' returns: the option as the user typed it. */
const char *tip_bad_option(int argc, char *const argv[], int optopt_val);

/*
 * Flushes and closes stdout; returns 0, or TIP_EX_IOERR after a warning
 * when a write failed (e.g. stdout is /dev/full).
 */
int tip_close_stdout(void);

/*
 * The folder of Table Schemas, the indicator catalogue and reference/: the
 * option value when given, else $TIP_SCHEMAS, else ./schemas when it holds
 * victims.json, else <exe>/../schemas (the build tree), else
 * <exe>/../share/tip/schemas (an install), else PREFIX/share/tip/schemas.
 * Returns a pointer that stays valid (not to be freed).
 */
const char *tip_schema_dir(const char *opt);

/* Parses a non-negative size such as 100M, 2G, 4096. Returns -1 on junk. */
int tip_parse_size(const char *s, unsigned long long *out);

#endif
