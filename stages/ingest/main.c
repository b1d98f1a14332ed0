/*
 * tip-ingest command line: options into struct ingest_opts, then
 * ingest_run(). Everything else is in ingest.c.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "tip_err.h"
#include "tip_opts.h"

static const char *const usage[] = {
	"usage: tip-ingest [-hqvV] [-d DIR] [--schemas DIR] [--wait SECONDS]",
	"                  [--max-entries N] [--max-entry-size SIZE]",
	"                  [--max-total-size SIZE] [--max-ratio N] [FILE...]",
	"",
	"Moves submissions from DIR/inbox into DIR/staged/<id>/, or into",
	"DIR/quarantine/ with a .reason file, and records each in",
	"DIR/state/ledger.tsv. FILE names inbox files to take (default: all).",
	"",
	"  -d, --data DIR          data directory (default $TIP_DATA or ./data)",
	"  -h, --help              show this help and exit",
	"      --max-entries N     most entries in an archive (default 64)",
	"      --max-entry-size SIZE",
	"                          largest member, e.g. 512M (default 1G)",
	"      --max-ratio N       highest compression ratio (default 200)",
	"      --max-total-size SIZE",
	"                          largest sum of members (default 4G)",
	"  -q, --quiet             no summary or notes on stderr",
	"      --schemas DIR       Table Schemas (default $TIP_SCHEMAS, ./schemas)",
	"  -v, --verbose           more detail on stderr (twice for debug)",
	"  -V, --version           show the version and exit",
	"      --wait SECONDS      wait this long for the data-directory lock",
	"",
	"Exit status: 0 all staged or duplicate, 65 something was quarantined,",
	"64 usage, 66 no data directory or FILE, 73/74 cannot write, 75 locked,",
	"78 bad schemas.",
	NULL,
};

enum {
	OPT_MAX_ENTRIES = 256,
	OPT_MAX_ENTRY_SIZE,
	OPT_MAX_RATIO,
	OPT_MAX_TOTAL_SIZE,
	OPT_SCHEMAS,
	OPT_WAIT,
};

static const struct option longopts[] = {
	TIP_COMMON_LONGOPTS,
	{"max-entries", required_argument, NULL, OPT_MAX_ENTRIES},
	{"max-entry-size", required_argument, NULL, OPT_MAX_ENTRY_SIZE},
	{"max-ratio", required_argument, NULL, OPT_MAX_RATIO},
	{"max-total-size", required_argument, NULL, OPT_MAX_TOTAL_SIZE},
	{"schemas", required_argument, NULL, OPT_SCHEMAS},
	{"wait", required_argument, NULL, OPT_WAIT},
	{NULL, 0, NULL, 0},
};

/* A positive count or size option; exits 64 on junk or 0. */
static uint64_t
positive(const char *opt, const char *arg, int sized)
{
	unsigned long long v;
	char *end;

	if (sized) {
		if (tip_parse_size(arg, &v) != 0)
			v = 0;
	} else {
		v = (*arg >= '0' && *arg <= '9') ? strtoull(arg, &end, 10) : 0;
		if (v != 0 && *end != '\0')
			v = 0;
	}
	if (v == 0)
		tip_usage_error(usage, "option --%s needs a positive %s, not "
		    "'%s'", opt, sized ? "size" : "number", arg);
	return v;
}

int
main(int argc, char *argv[])
{
	struct ingest_opts o;
	int c, status;

	memset(&o, 0, sizeof(o));
	tip_common_init(&o.co, argv[0]);
	o.lim.max_entries = INGEST_DEF_MAX_ENTRIES;
	o.lim.max_entry_size = INGEST_DEF_MAX_ENTRY_SIZE;
	o.lim.max_total_size = INGEST_DEF_MAX_TOTAL_SIZE;
	o.lim.max_ratio = INGEST_DEF_MAX_RATIO;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":" TIP_COMMON_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (tip_common_opt(&o.co, c, optarg, usage))
			continue;
		switch (c) {
		case OPT_MAX_ENTRIES:
			o.lim.max_entries = positive("max-entries", optarg, 0);
			break;
		case OPT_MAX_ENTRY_SIZE:
			o.lim.max_entry_size = positive("max-entry-size",
			    optarg, 1);
			break;
		case OPT_MAX_RATIO:
			o.lim.max_ratio = positive("max-ratio", optarg, 0);
			break;
		case OPT_MAX_TOTAL_SIZE:
			o.lim.max_total_size = positive("max-total-size",
			    optarg, 1);
			break;
		case OPT_SCHEMAS:
			o.schemas = optarg;
			break;
		case OPT_WAIT: {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0' ||
			    v > INT_MAX)
				tip_usage_error(usage, "option --wait needs "
				    "seconds, not '%s'", optarg);
			o.wait = (int)v;
			break;
		}
		default:
			tip_option_error(usage, argc, argv, c);
		}
	}
	o.files = argv + optind;
	o.nfiles = argc - optind;
	status = ingest_run(&o);
	return tip_worst(status, tip_close_stdout());
}
