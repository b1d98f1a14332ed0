/*
 * Shared command-line handling: common options, usage text, misuse exits,
 * and the final check that stdout was written completely.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tip_err.h"
#include "tip_opts.h"

void
tip_common_init(struct tip_common_opts *co, const char *argv0)
{
	const char *env = getenv("TIP_DATA");

	tip_set_progname(argv0);
	co->data_dir = env != NULL && *env != '\0' ? env : "data";
	co->verbosity = 1;
	tip_verbosity = 1;
}

void
tip_usage(FILE *fp, const char *const usage[])
{
	for (size_t i = 0; usage[i] != NULL; i++)
		fprintf(fp, "%s\n", usage[i]);
}

int
tip_common_opt(struct tip_common_opts *co, int c, const char *arg,
    const char *const usage[])
{
	switch (c) {
	case 'd':
		if (arg == NULL || *arg == '\0')
			tip_usage_error(usage, "option -d needs a directory");
		co->data_dir = arg;
		return 1;
	case 'h':
		tip_usage(stdout, usage);
		exit(tip_close_stdout());
	case 'q':
		co->verbosity = 0;
		tip_verbosity = 0;
		return 1;
	case 'v':
		if (co->verbosity < 3)
			co->verbosity++;
		tip_verbosity = co->verbosity;
		return 1;
	case 'V':
		printf("%s (tip) %s\n", tip_progname(), TIP_VERSION);
		exit(tip_close_stdout());
	default:
		return 0;
	}
}

void
tip_usage_error(const char *const usage[], const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tip_progname());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (usage != NULL && usage[0] != NULL)
		fprintf(stderr, "%s\n", usage[0]);
	fprintf(stderr, "Try '%s --help' for more information.\n",
	    tip_progname());
	exit(TIP_EX_USAGE);
}

const char *
tip_bad_option(int argc, char *const argv[], int optopt_val)
{
	static char buf[3];

	/* A long option's value is not a character: show what was typed. */
	if (optopt_val > 0 && optopt_val < 128 && optopt_val != '?') {
		buf[0] = '-';
		buf[1] = (char)optopt_val;
		buf[2] = '\0';
		return buf;
	}
	if (optind > 0 && optind - 1 < argc)
		return argv[optind - 1];
	return "?";
}

void
tip_option_error(const char *const usage[], int argc, char *const argv[],
    int c)
{
	const char *opt = tip_bad_option(argc, argv, optopt);

	if (c == ':')
		tip_usage_error(usage, "option '%s' needs an argument", opt);
	tip_usage_error(usage, "unknown option '%s'", opt);
}

int
tip_close_stdout(void)
{
	int bad = ferror(stdout);

	if (fclose(stdout) != 0 || bad) {
		tip_warn(errno, "cannot write standard output");
		return TIP_EX_IOERR;
	}
	return TIP_EX_OK;
}

int
tip_parse_size(const char *s, unsigned long long *out)
{
	char *end;
	unsigned long long v, mul = 1;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	default: return -1;
	}
	if (*end != '\0' || (mul > 1 && v > ULLONG_MAX / mul))
		return -1;
	*out = v * mul;
	return 0;
}

const char *
tip_schema_dir(const char *opt)
{
	const char *env = getenv("TIP_SCHEMAS");

	if (opt != NULL && *opt != '\0')
		return opt;
	if (env != NULL && *env != '\0')
		return env;
	if (access("schemas/victims.json", R_OK) == 0)
		return "schemas";
	/* Beside the executable: bin/tip-x of the build tree finds
	 * ../schemas; an installed <prefix>/bin/tip-x finds
	 * <prefix>/share/tip/schemas, whatever PREFIX the build had. */
	static char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 64);
	if (n > 0) {
		buf[n] = '\0';
		char *slash = strrchr(buf, '/');
		if (slash != NULL) {
			/* The build tree (bin/../schemas), then an install. */
			static const char *const rel[] = {
				"/../schemas", "/../share/tip/schemas",
			};
			char probe[4096 + 32];
			for (size_t i = 0; i < 2; i++) {
				strcpy(slash, rel[i]);
				snprintf(probe, sizeof(probe), "%s/victims.json",
				    buf);
				if (access(probe, R_OK) == 0)
					return buf;
			}
		}
	}
	return TIP_DATADIR "/schemas";
}
