/*
 * tip-report's run: takes the lock, reads the inputs, derives the periods
 * and programmes the sections use, and writes the HTML page and the CSV
 * tables atomically. The page itself is laid out in sections.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "labels.h"
#include "report.h"
#include "tip_afile.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_lock.h"

void
rep_ctx_add_table(struct rep_ctx *cx, struct rep_table *t)
{
	cx->tab = tip_xrealloc(cx->tab, (cx->ntab + 1) * sizeof(*cx->tab));
	cx->tab[cx->ntab++] = t;
}

static int
has(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

static int
cmp_prog(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int rx = rep_programme_rank(x), ry = rep_programme_rank(y);

	return rx != ry ? rx - ry : strcmp(x, y);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Programmes and periods present, and the period of the key figures. */
static void
derive(struct rep_ctx *cx)
{
	for (size_t i = 0; i < cx->ix.n; i++) {
		const struct rep_row *r = &cx->ix.rows[i];
		const char *p = r->f[RC_PROGRAMME], *per = r->f[RC_PERIOD];
		if (strcmp(p, "_T") != 0 && *p != '\0' &&
		    !has(cx->progs, cx->nprog, p) && cx->nprog < 64) {
			cx->progs = tip_xrealloc(cx->progs,
			    (cx->nprog + 1) * sizeof(char *));
			cx->progs[cx->nprog++] = r->f[RC_PROGRAMME];
		}
		if (rep_period_kind(per) != 0 &&
		    !has(cx->periods, cx->nper, per) && cx->nper < 400) {
			cx->periods = tip_xrealloc(cx->periods,
			    (cx->nper + 1) * sizeof(char *));
			cx->periods[cx->nper++] = r->f[RC_PERIOD];
		}
	}
	if (cx->nprog > 1)
		qsort(cx->progs, cx->nprog, sizeof(char *), cmp_prog);
	if (cx->nper > 1)
		qsort(cx->periods, cx->nper, sizeof(char *), cmp_str);
	/* The latest year when the data has annual rows, else the latest
	 * period: "2011" sorts before "2011Q1", so scan for the kind. */
	for (size_t i = 0; i < cx->nper; i++)
		if (rep_period_kind(cx->periods[i]) == 1) {
			cx->annual = 1;
			cx->key_period = cx->periods[i];
		}
	if (!cx->annual && cx->nper > 0)
		cx->key_period = cx->periods[cx->nper - 1];
	if (cx->annual)
		for (size_t i = 0; i < cx->nper; i++)
			if (rep_period_kind(cx->periods[i]) == 2 &&
			    strncmp(cx->periods[i], cx->key_period, 4) == 0)
				cx->key_quarters++;
}

static void
ctx_release(struct rep_ctx *cx)
{
	rep_indic_release(&cx->ix);
	rep_meta_release(&cx->meta);
	rep_checks_release(&cx->ck);
	rep_subs_release(&cx->subs);
	free(cx->progs);
	free(cx->periods);
	for (size_t i = 0; i < cx->ntab; i++)
		rep_table_free(cx->tab[i]);
	free(cx->tab);
}

static int
fill_html(FILE *fp, void *cx)
{
	return rep_write_html(cx, fp);
}

static int
fill_table(FILE *fp, void *t)
{
	return rep_table_csv(t, fp);
}

/* Writes the page or a table to path atomically. Returns a status. */
static int
write_html(struct rep_ctx *cx, const char *path)
{
	return tip_write_with(path, fill_html, cx);
}

static int
write_table(const struct rep_table *t, const char *path)
{
	return tip_write_with(path, fill_table, (void *)t);
}

/* Removes CSV tables of an earlier run that this run did not write. */
static void
remove_stale(struct rep_ctx *cx, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		int ours = 0;
		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ".csv") != 0)
			continue;
		for (size_t i = 0; i < cx->ntab && !ours; i++)
			ours = strlen(cx->tab[i]->slug) == len - 4 &&
			    strncmp(cx->tab[i]->slug, de->d_name, len - 4) == 0;
		if (!ours) {
			char *p = tip_strdupf("%s/%s", dir, de->d_name);
			if (unlink(p) == 0)
				tip_info("removed stale table '%s'", p);
			free(p);
		}
	}
	closedir(d);
}

static int
write_outputs(struct rep_ctx *cx)
{
	char *dir = cx->o->restricted ?
	    tip_path(cx->root, TIP_REPORTS, "restricted") :
	    tip_path(cx->root, TIP_REPORTS, NULL);
	int status = 0;

	if (tip_mkdirs(dir, 0700) != 0) {
		tip_warn(errno, "cannot create '%s'", dir);
		status = tip_ex_for_errno(errno);
		goto out;
	}
	tip_afile_sweep(dir);
	char *html = tip_strdupf("%s/donor-report.html", dir);
	status = write_html(cx, html);
	if (status == 0)
		tip_info("wrote '%s'", html);
	free(html);
	for (size_t i = 0; i < cx->ntab && status == 0; i++) {
		char *p = tip_strdupf("%s/%s.csv", dir, cx->tab[i]->slug);
		status = write_table(cx->tab[i], p);
		free(p);
	}
	if (status == 0)
		remove_stale(cx, dir);
out:
	free(dir);
	return status;
}

int
report_run(const struct report_opts *o)
{
	struct rep_ctx cx;
	struct tip_lock lk = {.fd = -1};
	int status, rc;
	char *path = NULL;

	memset(&cx, 0, sizeof(cx));
	cx.o = o;
	cx.root = o->co.data_dir;
	cx.indicators_name = o->restricted ? "indicators.csv" :
	    "indicators_public.csv";
	status = tip_datadir_init(cx.root, 0);
	if (status != 0)
		return status;
	status = tip_lock_acquire(cx.root, o->wait_seconds, &lk);
	if (status != 0)
		return status;

	path = tip_path(cx.root, TIP_AGGREGATES, "%s", cx.indicators_name);
	rc = rep_indic_load(&cx.ix, path);
	if (rc == TIP_EX_NOINPUT || rc == TIP_EX_IOERR || cx.ix.unusable) {
		if (rc == TIP_EX_NOINPUT)
			tip_msg("no aggregates in '%s': run tip-aggregate "
			    "first", cx.root);
		status = rc;
		goto out;
	}
	status = tip_worst(status, rc);
	free(path);
	path = tip_path(cx.root, TIP_AGGREGATES, "meta.json");
	rc = rep_meta_load(&cx.meta, path);
	if (rc == TIP_EX_NOINPUT) {
		tip_msg("no aggregates in '%s': run tip-aggregate first",
		    cx.root);
		status = rc;
		goto out;
	}
	status = tip_worst(status, rc);
	free(path);
	path = tip_path(cx.root, TIP_AGGREGATES, "checks.csv");
	status = tip_worst(status, rep_checks_load(&cx.ck, path));
	status = tip_worst(status, rep_subs_load(&cx.subs, cx.root));
	derive(&cx);
	rep_countries_load(tip_schema_dir(NULL));
	status = tip_worst(status, write_outputs(&cx));
	if (cx.charts_missing > 0)
		tip_note("%d chart%s missing from '%s/charts': the report says "
		    "so; run tip-chart to add them", cx.charts_missing,
		    cx.charts_missing == 1 ? "" : "s", cx.root);
out:
	free(path);
	rep_countries_release();
	ctx_release(&cx);
	tip_lock_release(&lk);
	return status;
}
