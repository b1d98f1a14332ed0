/*
 * tip-pipeline's configuration file: "key = value" lines, '#' comments.
 * Keys: data, wait, jobs, log_retention_days, <stage>.options (options passed to
 * that stage, split on blanks; no shell is involved).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"
#include "tip_datadir.h"
#include "tip_err.h"

static const char *const stage_names[PL_NSTAGES] = {
	"ingest", "validate", "aggregate", "chart", "report",
};

const char *
pl_stage_name(int s)
{
	return s >= 0 && s < PL_NSTAGES ? stage_names[s] : "?";
}

int
pl_stage_index(const char *name)
{
	for (int s = 0; s < PL_NSTAGES; s++)
		if (strcmp(name, stage_names[s]) == 0)
			return s;
	return -1;
}

int
pl_add_pass(struct pipeline_opts *o, int s, const char *opt)
{
	if (o->npass[s] >= PL_MAX_PASS)
		return -1;
	o->pass[s][o->npass[s]++] = tip_xstrdup(opt);
	return 0;
}

void
pl_opts_release(struct pipeline_opts *o)
{
	for (int s = 0; s < PL_NSTAGES; s++) {
		for (int i = 0; i < o->npass[s]; i++)
			free(o->pass[s][i]);
		o->npass[s] = 0;
	}
	free(o->data_owned);
	o->data_owned = NULL;
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
number(const char *v, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (*v == '\0' || *end != '\0' || n < 0 || n > 1000000)
		return -1;
	*out = (int)n;
	return 0;
}

/* Config options go before the command line's, which thus win. */
static int
add_front(struct pipeline_opts *o, int s, int *nfront, const char *opt)
{
	if (o->npass[s] >= PL_MAX_PASS)
		return -1;
	memmove(&o->pass[s][*nfront + 1], &o->pass[s][*nfront],
	    (size_t)(o->npass[s] - *nfront) * sizeof(o->pass[s][0]));
	o->pass[s][(*nfront)++] = tip_xstrdup(opt);
	o->npass[s]++;
	return 0;
}

int
pl_config_load(const char *path, struct pipeline_opts *o, unsigned set)
{
	int nfront[PL_NSTAGES] = {0};
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	int rc = 0;

	if (fp == NULL) {
		tip_warn(errno, "cannot open config '%s'", path);
		return TIP_EX_CONFIG;
	}
	while (getline(&line, &cap, fp) > 0) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		char *k = trim(line);
		if (*k == '\0')
			continue;
		char *eq = strchr(k, '=');
		if (eq == NULL) {
			tip_warn(0, "%s:%lu: expected 'key = value'", path, lineno);
			rc = TIP_EX_CONFIG;
			break;
		}
		*eq = '\0';
		char *v = trim(eq + 1);
		k = trim(k);
		const char *dot = strchr(k, '.');
		int s = -1;
		if (dot != NULL && strcmp(dot, ".options") == 0) {
			char name[16];
			size_t n = (size_t)(dot - k);
			if (n < sizeof(name)) {
				memcpy(name, k, n);
				name[n] = '\0';
				s = pl_stage_index(name);
			}
		}
		if (strcmp(k, "data") == 0) {
			if (!(set & PL_SET_DATA)) {
				free(o->data_owned);
				o->data_owned = tip_xstrdup(v);
				o->co.data_dir = o->data_owned;
			}
		} else if (strcmp(k, "wait") == 0) {
			int n;
			if (number(v, &n) != 0)
				goto bad;
			if (!(set & PL_SET_WAIT))
				o->wait = n;
		} else if (strcmp(k, "jobs") == 0) {
			int n;
			if (number(v, &n) != 0 || n < 1 || n > 64)
				goto bad;
			if (!(set & PL_SET_JOBS))
				o->jobs = n;
		} else if (strcmp(k, "log_retention_days") == 0) {
			int n;
			if (number(v, &n) != 0)
				goto bad;
			if (!(set & PL_SET_RETENTION))
				o->retention_days = n;
		} else if (s >= 0) {
			char *save = NULL;
			for (char *t = strtok_r(v, " \t", &save); t != NULL;
			    t = strtok_r(NULL, " \t", &save))
				if (add_front(o, s, &nfront[s], t) != 0)
					goto bad;
		} else {
			tip_warn(0, "%s:%lu: unknown key '%s'", path, lineno, k);
			rc = TIP_EX_CONFIG;
			break;
		}
		continue;
bad:
		tip_warn(0, "%s:%lu: bad value for '%s'", path, lineno, k);
		rc = TIP_EX_CONFIG;
		break;
	}
	free(line);
	fclose(fp);
	return rc;
}
