/*
 * tip-chart's run: take the data lock, read the aggregates, write every
 * chart's .dat and .gp atomically, then render them with gnuplot. A chart
 * that fails does not stop the others; the worst status is returned.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chart.h"
#include "tip_afile.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_lock.h"

int
chart_parse_formats(const char *s, unsigned *out)
{
	unsigned bits = 0;
	const char *p = s;

	if (s == NULL || *s == '\0')
		return -1;
	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		if (n == 3 && strncmp(p, "png", 3) == 0)
			bits |= CHART_PNG;
		else if (n == 3 && strncmp(p, "svg", 3) == 0)
			bits |= CHART_SVG;
		else if (n == 3 && strncmp(p, "pdf", 3) == 0)
			bits |= CHART_PDF;
		else
			return -1;
		p += n;
		if (*p == ',' && *++p == '\0')
			return -1;
	}
	*out = bits;
	return 0;
}

/* Writes <stem>.dat and <stem>.gp. Returns 0 or an exit code. */
static int
write_chart(const struct chart_def *d, const struct chart_ctx *ctx,
    const char *dir)
{
	struct tip_afile dat, gp;
	struct chart_out out;
	char *dpath = tip_strdupf("%s/%s.dat", dir, d->stem);
	char *gpath = tip_strdupf("%s/%s.gp", dir, d->stem);
	int status = 0;

	if (tip_afile_open(&dat, dpath) != 0) {
		status = tip_ex_for_errno(errno);
		tip_warn(errno, "cannot create '%s'", dpath);
		goto out;
	}
	if (tip_afile_open(&gp, gpath) != 0) {
		status = tip_ex_for_errno(errno);
		tip_warn(errno, "cannot create '%s'", gpath);
		tip_afile_abort(&dat);
		goto out;
	}
	out.dat = dat.fp;
	out.gp = gp.fp;
	out.stem = d->stem;
	status = d->build(ctx, &out);
	if (status != 0) {
		tip_afile_abort(&dat);
		tip_afile_abort(&gp);
		goto out;
	}
	/* the data first: a script never points at a missing .dat */
	if (tip_afile_commit(&dat) != 0) {
		status = tip_ex_for_errno(errno);
		tip_warn(errno, "cannot write '%s'", dpath);
		tip_afile_abort(&gp);
		goto out;
	}
	if (tip_afile_commit(&gp) != 0) {
		status = tip_ex_for_errno(errno);
		tip_warn(errno, "cannot write '%s'", gpath);
	}
out:
	free(dpath);
	free(gpath);
	return status;
}

/* Renders every-jobs-th chart from first; returns the worst status. */
static int
render_some(const struct chart_opts *o, const char *gnuplot, const char *dir,
    const int written[16], size_t first, size_t step)
{
	int status = 0;
	size_t n = 0;

	while (n < 16 && chart_defs[n].stem != NULL)
		n++;
	for (size_t i = first; i < n; i += step) {
		if (!written[i])
			continue;
		int rc = chart_gnuplot_render(gnuplot, dir, chart_defs[i].stem,
		    o->formats, o->timeout);
		if (rc == 0)
			tip_info("chart '%s' rendered", chart_defs[i].stem);
		status = tip_worst(status, rc);
		if (rc == TIP_EX_UNAVAILABLE)
			break; /* it will not start for the next one either */
	}
	return status;
}

/*
 * gnuplot takes most of the stage's time, one chart after another: run
 * several at once, each worker on every jobs-th chart. Outputs do not
 * depend on the number of workers (each chart's files are its own).
 */
static int
render_all(const struct chart_opts *o, const char *gnuplot, const char *dir,
    const int written[16])
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int jobs = o->jobs > 0 ? o->jobs : (cores > 4 ? 4 : cores < 1 ? 1 :
	    (int)cores);
	pid_t pids[64];
	int status = 0, n = 0;

	if (jobs <= 1)
		return render_some(o, gnuplot, dir, written, 0, 1);
	fflush(NULL);
	for (int w = 0; w < jobs; w++) {
		pid_t pid = fork();
		if (pid < 0) {
			/* No more workers: render this worker's share here. */
			status = tip_worst(status, render_some(o, gnuplot, dir,
			    written, (size_t)w, (size_t)jobs));
			continue;
		}
		if (pid == 0) {
			int rc = render_some(o, gnuplot, dir, written,
			    (size_t)w, (size_t)jobs);
			/* The worker's copy of the caller's heap ends here: free
			 * what it holds so leak checkers see a clean exit. */
			free((char *)gnuplot);
			fflush(NULL);
			_exit(rc);
		}
		pids[n++] = pid;
	}
	for (int w = 0; w < n; w++) {
		int st;
		if (waitpid(pids[w], &st, 0) == pids[w] && WIFEXITED(st))
			status = tip_worst(status, WEXITSTATUS(st));
		else
			status = tip_worst(status, TIP_EX_SOFTWARE);
	}
	return status;
}

int
chart_run(const struct chart_opts *o)
{
	const char *root = o->co.data_dir;
	struct chart_table t = {0};
	struct chart_subs subs = {0};
	struct tip_lock lk = {.fd = -1};
	struct chart_ctx ctx;
	char as_of[32], *dir = NULL, *path = NULL, *gnuplot = NULL;
	int status, rc, written[16] = {0};

	status = tip_datadir_init(root, 0);
	if (status != 0)
		return status;
	status = tip_lock_acquire(root, o->wait, &lk);
	if (status != 0)
		return status;
	dir = tip_path(root, TIP_CHARTS, NULL);
	(void)tip_afile_sweep(dir);

	path = tip_path(root, TIP_AGGREGATES, o->restricted ?
	    "indicators.csv" : "indicators_public.csv");
	rc = chart_table_load(path, &t);
	if (rc == TIP_EX_NOINPUT || rc == TIP_EX_IOERR) {
		if (rc == TIP_EX_NOINPUT)
			tip_msg("no aggregates to chart: run tip-aggregate "
			    "first");
		status = rc;
		goto out;
	}
	status = tip_worst(status, rc);
	free(path);
	path = tip_path(root, TIP_AGGREGATES, "meta.json");
	(void)chart_meta_as_of(path, as_of, sizeof(as_of));
	status = tip_worst(status, chart_subs_load(root, &subs));
	tip_info("%zu charted rows, %zu submissions, data as of %s", t.n,
	    subs.n, as_of);

	ctx.t = &t;
	ctx.subs = &subs;
	ctx.as_of = as_of;
	ctx.restricted = o->restricted;
	for (size_t i = 0; i < 16 && chart_defs[i].stem != NULL; i++) {
		rc = write_chart(&chart_defs[i], &ctx, dir);
		written[i] = rc == 0;
		status = tip_worst(status, rc);
	}

	gnuplot = chart_gnuplot_find(o->gnuplot);
	if (gnuplot == NULL) {
		tip_warn(0, "cannot find gnuplot%s%s%s: install it with "
		    "'apt-get install gnuplot-nox' or name it with --gnuplot; "
		    "the .dat and .gp files are in '%s'",
		    o->gnuplot ? " ('" : "", o->gnuplot ? o->gnuplot : "",
		    o->gnuplot ? "')" : "", dir);
		status = tip_worst(status, TIP_EX_UNAVAILABLE);
		goto out;
	}
	status = tip_worst(status, render_all(o, gnuplot, dir, written));
out:
	free(gnuplot);
	free(path);
	free(dir);
	chart_table_release(&t);
	chart_subs_release(&subs);
	tip_lock_release(&lk);
	return status;
}
