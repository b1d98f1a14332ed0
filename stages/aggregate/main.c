/*
 * tip-aggregate: command line. Parses options into struct aggregate_opts
 * and runs the stage; the work is in aggregate.c.
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>

#include "aggregate.h"
#include "tip_err.h"
#include "tip_opts.h"

static const char *const usage[] = {
	"usage: tip-aggregate [-hqVv] [-d DIR] [--schemas DIR] "
	"[--catalogue FILE] [--k N] [--force] [-j N] [--wait SECONDS]",
	"",
	"Computes the indicator catalogue over the current validated "
	"submissions",
	"and writes aggregates/ (indicators.csv, indicators_public.csv,",
	"sdg_16_2_2.csv, checks.csv, meta.json, partials/).",
	"",
	"  -d, --data DIR        data directory (default $TIP_DATA or ./data)",
	"      --catalogue FILE  indicator catalogue (default "
	"<schemas>/indicators.json)",
	"      --force           recompute every partial aggregate",
	"  -h, --help            show this help and exit",
	"  -j, --jobs N          bring partials up to date in N processes",
	"      --k N             suppress public counts from 1 to N-1 "
	"(default 5)",
	"  -q, --quiet           only errors",
	"      --schemas DIR     Table Schemas and reference data",
	"  -V, --version         show the version and exit",
	"  -v, --verbose         more messages (twice for debug)",
	"      --wait SECONDS    wait for the data-directory lock (default 0)",
	NULL,
};

enum { OPT_CATALOGUE = 256, OPT_FORCE, OPT_K, OPT_SCHEMAS, OPT_WAIT };

static long
number(const char *s, long lo, long hi, const char *what)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
		tip_usage_error(usage, "bad %s '%s'", what, s);
	return v;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{"catalogue", required_argument, NULL, OPT_CATALOGUE},
		{"force", no_argument, NULL, OPT_FORCE},
		{"jobs", required_argument, NULL, 'j'},
		{"k", required_argument, NULL, OPT_K},
		{"schemas", required_argument, NULL, OPT_SCHEMAS},
		{"wait", required_argument, NULL, OPT_WAIT},
		TIP_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	struct aggregate_opts opts = {0};
	int c, status;

	tip_common_init(&opts.co, argv[0]);
	opts.k = 5;
	opts.jobs = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":" TIP_COMMON_SHORTOPTS "j:", longopts,
	    NULL)) != -1) {
		if (tip_common_opt(&opts.co, c, optarg, usage))
			continue;
		switch (c) {
		case OPT_CATALOGUE:
			opts.catalogue = optarg;
			break;
		case OPT_FORCE:
			opts.force = 1;
			break;
		case 'j':
			opts.jobs = (int)number(optarg, 1, 64, "number of jobs");
			break;
		case OPT_K:
			opts.k = number(optarg, 1, 1000000, "threshold");
			break;
		case OPT_SCHEMAS:
			opts.schemas = optarg;
			break;
		case OPT_WAIT:
			opts.wait = (int)number(optarg, 0, INT_MAX, "wait");
			break;
		default:
			tip_option_error(usage, argc, argv, c);
		}
	}
	if (optind < argc)
		tip_usage_error(usage, "unexpected argument '%s'", argv[optind]);
	status = aggregate_run(&opts);
	return tip_worst(status, tip_close_stdout());
}
