/*
 * tip-chart command line: options into struct chart_opts, then chart_run().
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "chart.h"
#include "tip_err.h"
#include "tip_opts.h"

static const char *const usage[] = {
	"usage: tip-chart [-hqvV] [-d DIR] [--format LIST] [--gnuplot PATH] "
	"[--timeout SECONDS] [--restricted] [-j N] [--wait SECONDS]",
	"Writes gnuplot data and scripts for the donor charts into charts/",
	"and renders them (PNG and SVG; PDF on request).",
	"",
	"  -d, --data DIR         data directory (default $TIP_DATA or ./data)",
	"      --format LIST      png,svg,pdf in any combination (default "
	"png,svg)",
	"      --gnuplot PATH     gnuplot to run (default: gnuplot on PATH)",
	"  -j, --jobs N           run N gnuplots at once (default: the cores,",
	"                         at most 4)",
	"      --restricted       chart aggregates/indicators.csv "
	"(unsuppressed)",
	"                         instead of indicators_public.csv",
	"      --timeout SECONDS  stop gnuplot after this long per chart "
	"(default 60)",
	"      --wait SECONDS     wait this long for the data-directory lock",
	"  -q, --quiet            only errors",
	"  -v, --verbose          more detail (twice for debug)",
	"  -h, --help             this help",
	"  -V, --version          version",
	NULL,
};

enum {
	OPT_FORMAT = 256,
	OPT_GNUPLOT,
	OPT_RESTRICTED,
	OPT_TIMEOUT,
	OPT_WAIT,
};

/* Parses 0..max seconds; -1 on junk. */
static int
seconds(const char *s, int max)
{
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 0 || v > max)
		return -1;
	return (int)v;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		TIP_COMMON_LONGOPTS,
		{"format", required_argument, NULL, OPT_FORMAT},
		{"gnuplot", required_argument, NULL, OPT_GNUPLOT},
		{"jobs", required_argument, NULL, 'j'},
		{"restricted", no_argument, NULL, OPT_RESTRICTED},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"wait", required_argument, NULL, OPT_WAIT},
		{NULL, 0, NULL, 0},
	};
	struct chart_opts opts = {
		.formats = CHART_PNG | CHART_SVG,
		.timeout = 60,
	};
	int c, status;

	tip_common_init(&opts.co, argv[0]);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":" TIP_COMMON_SHORTOPTS "j:",
	    longopts, NULL)) != -1) {
		if (tip_common_opt(&opts.co, c, optarg, usage))
			continue;
		switch (c) {
		case OPT_FORMAT:
			if (chart_parse_formats(optarg, &opts.formats) != 0)
				tip_usage_error(usage, "bad --format '%s': "
				    "use png, svg, pdf separated by commas",
				    optarg);
			break;
		case OPT_GNUPLOT:
			if (*optarg == '\0')
				tip_usage_error(usage,
				    "--gnuplot needs a path");
			opts.gnuplot = optarg;
			break;
		case OPT_RESTRICTED:
			opts.restricted = 1;
			break;
		case 'j':
			opts.jobs = seconds(optarg, 64);
			if (opts.jobs < 1)
				tip_usage_error(usage, "bad --jobs '%s': use 1 to "
				    "64", optarg);
			break;
		case OPT_TIMEOUT:
			opts.timeout = seconds(optarg, 86400);
			if (opts.timeout < 1)
				tip_usage_error(usage, "bad --timeout '%s': "
				    "use 1 to 86400 seconds", optarg);
			break;
		case OPT_WAIT:
			opts.wait = seconds(optarg, INT_MAX / 2);
			if (opts.wait < 0)
				tip_usage_error(usage, "bad --wait '%s'",
				    optarg);
			break;
		default:
			tip_option_error(usage, argc, argv, c);
		}
	}
	if (optind < argc)
		tip_usage_error(usage, "unexpected argument '%s'",
		    argv[optind]);
	status = chart_run(&opts);
	return tip_worst(status, tip_close_stdout());
}
