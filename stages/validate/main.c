/*
 * tip-validate: command line. Checks staged submissions against their
 * Table Schemas; the work is in validate.c.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tip_err.h"
#include "tip_opts.h"
#include "validate.h"

static const char *const usage[] = {
	"usage: tip-validate [-d DIR] [--schemas DIR] [--force] [--wait SECONDS]",
	"                    [--max-reject-share F] [-j N] [-hqvV] [ID...]",
	"",
	"Validates staged submissions (those not validated yet, or the IDs",
	"given) and writes validated/<id>/ and rejected/<id>/.",
	"",
	"  -d, --data DIR            data directory (default $TIP_DATA or ./data)",
	"      --force               validate again, even if already validated",
	"  -h, --help                show this help and exit",
	"  -j, --jobs N              validate up to N submissions at once (1)",
	"      --max-reject-share F  reject a submission whole when more than",
	"                            this share of its rows is rejected (0.5)",
	"  -q, --quiet               print errors only",
	"      --schemas DIR         Table Schemas and reference/ (default:",
	"                            $TIP_SCHEMAS, ./schemas, installed copy)",
	"  -v, --verbose             say more (twice for debug)",
	"  -V, --version             show the version and exit",
	"      --wait SECONDS        wait this long for the data-directory lock",
	NULL,
};

enum { OPT_FORCE = 256, OPT_MAX_SHARE, OPT_SCHEMAS, OPT_WAIT };

static const struct option longopts[] = {
	TIP_COMMON_LONGOPTS,
	{"force", no_argument, NULL, OPT_FORCE},
	{"jobs", required_argument, NULL, 'j'},
	{"max-reject-share", required_argument, NULL, OPT_MAX_SHARE},
	{"schemas", required_argument, NULL, OPT_SCHEMAS},
	{"wait", required_argument, NULL, OPT_WAIT},
	{NULL, 0, NULL, 0},
};

int
main(int argc, char *argv[])
{
	struct validate_opts opts;
	char *end;
	int c, status;

	memset(&opts, 0, sizeof(opts));
	tip_common_init(&opts.co, argv[0]);
	opts.max_reject_share = 0.5;
	opts.jobs = 1;
	while ((c = getopt_long(argc, argv, ":" TIP_COMMON_SHORTOPTS "j:", longopts,
	    NULL)) != -1) {
		if (tip_common_opt(&opts.co, c, optarg, usage))
			continue;
		switch (c) {
		case OPT_FORCE:
			opts.force = 1;
			break;
		case 'j': {
			long j = strtol(optarg, &end, 10);
			if (end == optarg || *end != '\0' || j < 1 || j > 256)
				tip_usage_error(usage, "--jobs wants a number "
				    "from 1 to 256, not '%s'", optarg);
			opts.jobs = (int)j;
			break;
		}
		case OPT_MAX_SHARE:
			opts.max_reject_share = strtod(optarg, &end);
			if (end == optarg || *end != '\0' ||
			    !(opts.max_reject_share >= 0 &&
			    opts.max_reject_share <= 1))
				tip_usage_error(usage, "--max-reject-share wants "
				    "a number from 0 to 1, not '%s'", optarg);
			break;
		case OPT_SCHEMAS:
			opts.schemas = optarg;
			break;
		case OPT_WAIT: {
			long w = strtol(optarg, &end, 10);
			if (end == optarg || *end != '\0' || w < 0 || w > 86400)
				tip_usage_error(usage, "--wait wants seconds "
				    "(0 to 86400), not '%s'", optarg);
			opts.wait_seconds = (int)w;
			break;
		}
		default:
			tip_option_error(usage, argc, argv, c);
		}
	}
	opts.ids = argv + optind;
	opts.nids = argc - optind;
	status = validate_run(&opts);
	return tip_worst(status, tip_close_stdout());
}
