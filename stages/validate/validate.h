/*
 * tip-validate: checks the staged tables of current submissions against
 * their Table Schemas and splits rows into validated/ and rejected/.
 */
#ifndef VALIDATE_H
#define VALIDATE_H

#include "tip_opts.h"

struct validate_opts {
	struct tip_common_opts co;  /* -d, -h, -V, -v, -q */
	const char *schemas;        /* --schemas DIR */
	int force;                  /* --force: validate again */
	int wait_seconds;           /* --wait SECONDS for the lock */
	double max_reject_share;    /* --max-reject-share F (default 0.5) */
	int jobs;                   /* -j, --jobs N: submissions in parallel */
	char **ids;                 /* submission ids named on the command line */
	int nids;
};

/* Runs the stage; returns the exit status (see tip-validate(1)). */
int validate_run(const struct validate_opts *o);

#endif
