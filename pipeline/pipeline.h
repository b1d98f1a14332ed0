/*
 * tip-pipeline: runs the stages in order on one data directory under one
 * lock, records the run, and skips stages whose inputs did not change.
 */
#ifndef PIPELINE_H
#define PIPELINE_H

#include "tip_opts.h"

enum pl_stage { PL_INGEST, PL_VALIDATE, PL_AGGREGATE, PL_CHART, PL_REPORT,
	PL_NSTAGES };

#define PL_MAX_PASS 32 /* pass-through options per stage */

struct pipeline_opts {
	struct tip_common_opts co;
	const char *config;      /* --config FILE */
	int from, to;            /* --from/--to/--only STAGE (indices) */
	int dry_run;             /* --dry-run */
	int force;               /* --force */
	int wait;                /* --wait SECONDS */
	int retention_days;      /* --log-retention DAYS (0 keeps all) */
	int progress;            /* --progress/--no-progress: -1 auto */
	const char *bindir;      /* --bindir DIR (default: next to us) */
	int jobs;                /* -j/--jobs N: validate/aggregate workers */
	char *pass[PL_NSTAGES][PL_MAX_PASS]; /* --stage-opt STAGE=OPT (owned) */
	int npass[PL_NSTAGES];
	char *data_owned;        /* data dir from the config file (owned) */
};

/* Stage name ("ingest", ...) and index from a name (-1 if unknown). */
const char *pl_stage_name(int s);
int pl_stage_index(const char *name);

/*
 * Reads a config file of "key = value" lines into opts for every key not
 * already set on the command line (set_mask bit per key). Returns 0, or 78
 * after a message naming the file and line.
 */
int pl_config_load(const char *path, struct pipeline_opts *opts,
    unsigned set_mask);

/* Option bits for set_mask: what the command line already set. */
enum { PL_SET_DATA = 1, PL_SET_WAIT = 2, PL_SET_RETENTION = 4,
	PL_SET_RANGE = 8, PL_SET_JOBS = 16 };

/* Appends a pass-through option for stage s. Returns 0 or -1 when full. */
int pl_add_pass(struct pipeline_opts *o, int s, const char *opt);

/* Frees what the options own (pass-through options, config data dir). */
void pl_opts_release(struct pipeline_opts *o);

/*
 * Fingerprint of what stage s reads: a hex sha256 over the names, sizes
 * and modification times of its input files (cfg 0: data; cfg 1: schemas,
 * catalogue and reference data). Writes hex[65].
 */
void pl_fingerprint(const char *root, const char *schemas, int s, int cfg,
    char hex[65]);

/* Number of entries waiting in inbox/ (not dot files). */
int pl_inbox_count(const char *root);

int pipeline_run(struct pipeline_opts *o);

#endif
