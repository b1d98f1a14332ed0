/*
 * tip-report: command line. Parses options, then runs report_run().
 */
#include <getopt.h>
#include <stdlib.h>

#include "report.h"
#include "tip_err.h"
#include "tip_opts.h"

static const char *const usage[] = {
	"usage: tip-report [-hqvV] [-d DIR] [--restricted] [--title TEXT] "
	    "[--wait SECONDS]",
	"Writes the HTML donor report and its tables as CSV into DIR/reports/.",
	"",
	"  -d, --data DIR      data directory (default $TIP_DATA or ./data)",
	"      --restricted    use aggregates/indicators.csv (no suppression);",
	"                      writes reports/restricted/ instead",
	"      --title TEXT    report title",
	"      --wait SECONDS  wait this long for the data-directory lock",
	"  -v, --verbose       say more (twice for debug)",
	"  -q, --quiet         only errors",
	"  -h, --help          this help",
	"  -V, --version       print the version",
	NULL,
};

enum { OPT_RESTRICTED = 256, OPT_TITLE, OPT_WAIT };

static const struct option longopts[] = {
	{"restricted", no_argument, NULL, OPT_RESTRICTED},
	{"title", required_argument, NULL, OPT_TITLE},
	{"wait", required_argument, NULL, OPT_WAIT},
	TIP_COMMON_LONGOPTS,
	{NULL, 0, NULL, 0},
};

int
main(int argc, char *argv[])
{
	struct report_opts opts = {.title = REP_DEFAULT_TITLE};
	int c, status;

	tip_common_init(&opts.co, argv[0]);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":" TIP_COMMON_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (tip_common_opt(&opts.co, c, optarg, usage))
			continue;
		switch (c) {
		case OPT_RESTRICTED:
			opts.restricted = 1;
			break;
		case OPT_TITLE:
			if (*optarg == '\0')
				tip_usage_error(usage, "--title needs a text");
			opts.title = optarg;
			break;
		case OPT_WAIT: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 0 ||
			    v > 86400)
				tip_usage_error(usage, "bad --wait '%s': want "
				    "0 to 86400 seconds", optarg);
			opts.wait_seconds = (int)v;
			break;
		}
		default:
			tip_option_error(usage, argc, argv, c);
		}
	}
	if (optind < argc)
		tip_usage_error(usage, "unexpected argument '%s'", argv[optind]);
	status = report_run(&opts);
	return tip_worst(status, tip_close_stdout());
}
