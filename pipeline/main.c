/*
 * tip-pipeline command line: options, usage, then pipeline_run().
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline.h"
#include "tip_err.h"

static const char *const usage[] = {
	"usage: tip-pipeline [-d DIR] [--only|--from|--to STAGE] [--dry-run] "
	    "[--force] [options]",
	"",
	"Runs ingest, validate, aggregate, chart and report on one data",
	"directory, under its lock. Quiet on success; stages whose inputs did",
	"not change since the last run are skipped.",
	"",
	"  -d, --data DIR           data directory (default $TIP_DATA or ./data)",
	"      --config FILE        configuration file (default $TIP_CONFIG, or",
	"                           pipeline/tip-pipeline.conf when present)",
	"      --only STAGE         run one stage",
	"      --from STAGE         start at STAGE",
	"      --to STAGE           stop after STAGE",
	"      --dry-run            say what each stage would do, change nothing",
	"      --force              recompute everything from what is staged",
	"  -j, --jobs N             validate and aggregate submissions in N",
	"                           processes (default 1)",
	"      --wait SECONDS       wait for the lock instead of exiting 75",
	"      --stage-opt STAGE=OPT  pass OPT to STAGE (repeatable), e.g.",
	"                           --stage-opt chart=--format=png,svg,pdf",
	"      --log-retention DAYS delete run logs older than DAYS (0 keeps all)",
	"      --bindir DIR         where the stage executables are",
	"      --progress, --no-progress  progress on stderr (default: if a tty)",
	"  -v, --verbose            more detail (stage output on stderr)",
	"  -q, --quiet              only errors",
	"  -h, --help               this help",
	"  -V, --version            version",
	"",
	"stages: ingest validate aggregate chart report",
	"exit: 0 ok, 65 input rejected, 75 locked, other: the failed stage's code",
	NULL,
};

enum { OPT_CONFIG = 256, OPT_ONLY, OPT_FROM, OPT_TO, OPT_DRY, OPT_FORCE,
	OPT_WAIT, OPT_STAGEOPT, OPT_RETENTION, OPT_BINDIR, OPT_PROGRESS,
	OPT_NOPROGRESS };

static const struct option longopts[] = {
	{"bindir", required_argument, NULL, OPT_BINDIR},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"dry-run", no_argument, NULL, OPT_DRY},
	{"force", no_argument, NULL, OPT_FORCE},
	{"from", required_argument, NULL, OPT_FROM},
	{"jobs", required_argument, NULL, 'j'},
	{"log-retention", required_argument, NULL, OPT_RETENTION},
	{"no-progress", no_argument, NULL, OPT_NOPROGRESS},
	{"only", required_argument, NULL, OPT_ONLY},
	{"progress", no_argument, NULL, OPT_PROGRESS},
	{"stage-opt", required_argument, NULL, OPT_STAGEOPT},
	{"to", required_argument, NULL, OPT_TO},
	{"wait", required_argument, NULL, OPT_WAIT},
	TIP_COMMON_LONGOPTS,
	{NULL, 0, NULL, 0},
};

static int
stage_arg(const char *arg)
{
	int s = pl_stage_index(arg);

	if (s < 0)
		tip_usage_error(usage, "unknown stage '%s'", arg);
	return s;
}

static int
count_arg(const char *opt, const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < 0 || v > 1000000)
		tip_usage_error(usage, "%s needs a number, not '%s'", opt, arg);
	return (int)v;
}

int
main(int argc, char *argv[])
{
	struct pipeline_opts o;
	unsigned set = 0;
	int c, status;

	memset(&o, 0, sizeof(o));
	tip_common_init(&o.co, argv[0]);
	const char *env_data = getenv("TIP_DATA");
	if (env_data != NULL && *env_data != '\0')
		set |= PL_SET_DATA;
	o.from = 0;
	o.to = PL_NSTAGES - 1;
	o.progress = -1;
	o.jobs = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":" TIP_COMMON_SHORTOPTS "j:", longopts,
	    NULL)) != -1) {
		if (tip_common_opt(&o.co, c, optarg, usage)) {
			if (c == 'd')
				set |= PL_SET_DATA;
			continue;
		}
		switch (c) {
		case OPT_BINDIR: o.bindir = optarg; break;
		case OPT_CONFIG: o.config = optarg; break;
		case OPT_DRY: o.dry_run = 1; break;
		case OPT_FORCE: o.force = 1; break;
		case OPT_FROM: o.from = stage_arg(optarg); set |= PL_SET_RANGE; break;
		case OPT_TO: o.to = stage_arg(optarg); set |= PL_SET_RANGE; break;
		case OPT_ONLY:
			o.from = o.to = stage_arg(optarg);
			set |= PL_SET_RANGE;
			break;
		case OPT_WAIT:
			o.wait = count_arg("--wait", optarg);
			set |= PL_SET_WAIT;
			break;
		case OPT_RETENTION:
			o.retention_days = count_arg("--log-retention", optarg);
			set |= PL_SET_RETENTION;
			break;
		case 'j':
			o.jobs = count_arg("--jobs", optarg);
			if (o.jobs < 1 || o.jobs > 64)
				tip_usage_error(usage, "--jobs must be 1 to 64");
			set |= PL_SET_JOBS;
			break;
		case OPT_PROGRESS: o.progress = 1; break;
		case OPT_NOPROGRESS: o.progress = 0; break;
		case OPT_STAGEOPT: {
			const char *eq = strchr(optarg, '=');
			char name[16];
			size_t n = eq != NULL ? (size_t)(eq - optarg) : 0;
			if (eq == NULL || n == 0 || n >= sizeof(name) ||
			    eq[1] == '\0')
				tip_usage_error(usage, "--stage-opt needs "
				    "STAGE=OPTION, not '%s'", optarg);
			memcpy(name, optarg, n);
			name[n] = '\0';
			if (pl_add_pass(&o, stage_arg(name), eq + 1) != 0)
				tip_usage_error(usage, "too many --stage-opt");
			break;
		}
		default:
			tip_option_error(usage, argc, argv, c);
		}
	}
	if (optind < argc)
		tip_usage_error(usage, "unexpected argument '%s'", argv[optind]);
	if (o.from > o.to)
		tip_usage_error(usage, "--from %s comes after --to %s",
		    pl_stage_name(o.from), pl_stage_name(o.to));
	if (o.config == NULL) {
		const char *env = getenv("TIP_CONFIG");
		if (env != NULL && *env != '\0')
			o.config = env;
		else if (access("pipeline/tip-pipeline.conf", R_OK) == 0)
			o.config = "pipeline/tip-pipeline.conf";
	}
	if (o.config != NULL &&
	    (status = pl_config_load(o.config, &o, set)) != 0) {
		pl_opts_release(&o);
		return status;
	}
	status = pipeline_run(&o);
	pl_opts_release(&o);
	return tip_worst(status, tip_close_stdout());
}
