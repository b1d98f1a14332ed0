/*
 * The pipeline run: lock, decide which stages have new input, run each as
 * a child process with its output in the run log, record the run.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "pipeline.h"
#include "tip_afile.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_lock.h"

struct stage_run {
	int ran;
	int status;
	double seconds;
	const char *why;     /* why it ran or was skipped */
	char fp[65], cfg[65];
	json_t *argv;
};

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
wall_iso(char buf[21])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Folder of our own executable, where the stages live beside us. */
static char *
default_bindir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	return tip_xstrdup(buf);
}

/* state/fingerprints.tsv: "stage\tdata-fp\tconfig-fp" per line. */
static void
load_prints(const char *root, char fp[PL_NSTAGES][65],
    char cfg[PL_NSTAGES][65])
{
	char *path = tip_path(root, TIP_STATE, "fingerprints.tsv");
	FILE *f = fopen(path, "r");
	char name[32], a[65], b[65];

	memset(fp, 0, PL_NSTAGES * 65);
	memset(cfg, 0, PL_NSTAGES * 65);
	free(path);
	if (f == NULL)
		return;
	while (fscanf(f, "%31s %64s %64s", name, a, b) == 3) {
		int s = pl_stage_index(name);
		if (s >= 0) {
			memcpy(fp[s], a, 65);
			memcpy(cfg[s], b, 65);
		}
	}
	fclose(f);
}

static int
save_prints(const char *root, char fp[PL_NSTAGES][65],
    char cfg[PL_NSTAGES][65])
{
	char *path = tip_path(root, TIP_STATE, "fingerprints.tsv");
	struct tip_afile af;
	int rc;

	if (tip_afile_open(&af, path) != 0) {
		free(path);
		return -1;
	}
	for (int s = 0; s < PL_NSTAGES; s++)
		if (fp[s][0] != '\0')
			fprintf(af.fp, "%s\t%s\t%s\n", pl_stage_name(s), fp[s],
			    cfg[s]);
	rc = tip_afile_commit(&af);
	free(path);
	return rc;
}

static int
exists(const char *root, enum tip_area a, const char *name)
{
	char *p = tip_path(root, a, "%s", name);
	int ok = access(p, F_OK) == 0;

	free(p);
	return ok;
}

/* Are the stage's main outputs there? A deleted output means rerun. */
static int
outputs_present(const char *root, int s)
{
	switch (s) {
	case PL_AGGREGATE:
		return exists(root, TIP_AGGREGATES, "indicators.csv");
	case PL_CHART:
		return exists(root, TIP_CHARTS, "overview.svg") ||
		    exists(root, TIP_CHARTS, "overview.png");
	case PL_REPORT:
		return exists(root, TIP_REPORTS, "donor-report.html");
	default:
		return 1;
	}
}

static void
prune_logs(const char *root, int days)
{
	char *dir = tip_path(root, TIP_LOGS, NULL);
	char *pat = tip_strdupf("%s/run-*.log", dir);
	time_t limit = time(NULL) - (time_t)days * 86400;
	glob_t g;

	if (days > 0 && glob(pat, GLOB_NOESCAPE, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			struct stat st;
			if (stat(g.gl_pathv[i], &st) == 0 && st.st_mtime < limit)
				unlink(g.gl_pathv[i]);
		}
		globfree(&g);
	}
	free(pat);
	free(dir);
}

/*
 * Copies the log from offset to the end onto stderr: all of it
 * (last_lines 0), or, for a summary, the lines that speak of rejects and
 * quarantine plus the last lines.
 */
static int
worth_showing(const char *line, size_t len)
{
	const char *words[] = {"quarantin", "reject", "error", "cannot",
	    "failed", NULL};

	for (int i = 0; words[i] != NULL; i++)
		if (memmem(line, len, words[i], strlen(words[i])) != NULL &&
		    memmem(line, len, " 0 rejected", 11) == NULL)
			return 1;
	return 0;
}

static void
echo_log(int logfd, off_t from, int last_lines)
{
	off_t end = lseek(logfd, 0, SEEK_END);
	size_t len;
	char *buf;

	if (end <= from)
		return;
	len = (size_t)(end - from);
	if (len > 65536) {
		from = end - 65536;
		len = 65536;
	}
	buf = tip_xmalloc(len + 1);
	if (pread(logfd, buf, len, from) != (ssize_t)len) {
		free(buf);
		return;
	}
	buf[len] = '\0';
	/* The tail: the last last_lines lines of the stage's own output
	 * (the runner's "#" lines do not count). */
	char *tail = buf;
	if (last_lines > 0) {
		int n = 0;
		for (char *p = buf + len; p > buf; p--) {
			if (p[-1] != '\n' || p == buf + len)
				continue;
			if (*p != '#' && ++n == last_lines) {
				tail = p;
				break;
			}
		}
	}
	int shown = 0, extra = 0, said = 0;
	for (char *line = buf; *line != '\0';) {
		char *nl = strchr(line, '\n');
		size_t l = nl != NULL ? (size_t)(nl - line) : strlen(line);
		int text = l > 0 && line[0] != '#';
		int in_tail = last_lines == 0 || line >= tail;
		if (text && !in_tail && worth_showing(line, l)) {
			if (shown < 8) {
				fprintf(stderr, "  %.*s\n", (int)l, line);
				shown++;
			} else
				extra++;
		} else if (text && in_tail) {
			if (extra > 0 && !said) {
				fprintf(stderr, "  ... and %d more such lines in "
				    "the log\n", extra);
				said = 1;
			}
			fprintf(stderr, "  %.*s\n", (int)l, line);
		}
		line += l + (nl != NULL);
	}
	free(buf);
}

/* Runs argv with stdout and stderr appended to logfd. Returns the status. */
static int
run_child(char *const argv[], int logfd, int *signalled)
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		tip_warn(errno, "cannot start '%s'", argv[0]);
		return TIP_EX_SOFTWARE;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(logfd, 1);
		dup2(logfd, 2);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		/* If the runner dies (kill -9, OOM), its stage dies with it, as
		 * in a crash of the machine, instead of running on unwatched with
		 * the lock; the next run sweeps what it left. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(TIP_EX_SOFTWARE);
		execv(argv[0], argv);
		fprintf(stderr, "tip-pipeline: cannot run '%s': %s\n", argv[0],
		    strerror(errno));
		_exit(errno == ENOENT ? TIP_EX_UNAVAILABLE : TIP_EX_SOFTWARE);
	}
	for (;;) {
		if (waitpid(pid, &st, 0) == pid)
			break;
		if (errno != EINTR) {
			tip_warn(errno, "cannot wait for '%s'", argv[0]);
			return TIP_EX_SOFTWARE;
		}
		if (got_signal)
			kill(pid, (int)got_signal); /* pass it on, then wait */
	}
	if (WIFSIGNALED(st)) {
		*signalled = WTERMSIG(st);
		return 128 + WTERMSIG(st);
	}
	return WEXITSTATUS(st);
}

static int
dry_run(struct pipeline_opts *o, const char *schemas)
{
	char oldfp[PL_NSTAGES][65], oldcfg[PL_NSTAGES][65];
	const char *root = o->co.data_dir;

	load_prints(root, oldfp, oldcfg);
	for (int s = o->from; s <= o->to; s++) {
		char fp[65], cfg[65];
		pl_fingerprint(root, schemas, s, 0, fp);
		pl_fingerprint(root, schemas, s, 1, cfg);
		const char *name = pl_stage_name(s);
		if (s == PL_INGEST) {
			int n = pl_inbox_count(root);
			if (n > 0)
				printf("%s: would ingest %d file%s from inbox\n",
				    name, n, n == 1 ? "" : "s");
			else
				printf("%s: inbox empty, would skip\n", name);
		} else if (o->force)
			printf("%s: would run (--force)\n", name);
		else if (strcmp(cfg, oldcfg[s]) != 0 && oldcfg[s][0] != '\0')
			printf("%s: would rerun everything (schemas or "
			    "catalogue changed)\n", name);
		else if (strcmp(fp, oldfp[s]) != 0)
			printf("%s: would run (new input)\n", name);
		else if (!outputs_present(root, s))
			printf("%s: would run (outputs missing)\n", name);
		else
			printf("%s: up to date, would skip\n", name);
	}
	return 0;
}

static int
fill_json(FILE *fp, void *rec)
{
	if (json_dumpf(rec, fp, JSON_INDENT(2) | JSON_SORT_KEYS) != 0)
		return -1;
	return fputc('\n', fp) == EOF ? -1 : 0;
}

static int
write_last_run(const char *root, json_t *rec)
{
	char *path = tip_path(root, TIP_STATE, "last-run.json");
	int rc = tip_write_with(path, fill_json, rec);

	free(path);
	return rc;
}

int
pipeline_run(struct pipeline_opts *o)
{
	const char *root = o->co.data_dir;
	const char *schemas = tip_schema_dir(NULL);
	char oldfp[PL_NSTAGES][65], oldcfg[PL_NSTAGES][65];
	struct stage_run runs[PL_NSTAGES];
	struct tip_lock lk;
	char started[21], stamp[32], finished[21];
	int status = 0, rc, signalled = 0, progress;
	char *bindir = NULL, *logpath = NULL;
	int logfd = -1;
	json_t *rec = NULL, *jstages;

	memset(runs, 0, sizeof(runs));
	if ((rc = tip_datadir_init(root, TIP_DD_CREATE)) != 0)
		return rc;
	if (o->dry_run)
		return dry_run(o, schemas);
	if ((rc = tip_lock_acquire(root, o->wait, &lk)) != 0)
		return rc;
	if (tip_lock_export(&lk) != 0) {
		tip_warn(errno, "cannot pass the lock to the stages");
		tip_lock_release(&lk);
		return TIP_EX_SOFTWARE;
	}
	bindir = o->bindir != NULL ? tip_xstrdup(o->bindir) : default_bindir();
	if (bindir == NULL)
		bindir = tip_xstrdup(".");

	wall_iso(started);
	memcpy(stamp, started, sizeof(started));
	for (char *p = stamp; *p != '\0'; p++)
		if (*p == ':' || *p == '-')
			memmove(p, p + 1, strlen(p));
	logpath = tip_path(root, TIP_LOGS, "run-%s-%ld.log", stamp,
	    (long)getpid());
	logfd = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (logfd < 0) {
		tip_warn(errno, "cannot create log '%s'", logpath);
		status = TIP_EX_CANTCREAT;
		goto out;
	}
	/* Readable too, for echoing a failed stage's messages. */
	close(logfd);
	logfd = open(logpath, O_RDWR | O_APPEND | O_CLOEXEC);
	if (logfd < 0) {
		tip_warn(errno, "cannot open log '%s'", logpath);
		status = TIP_EX_CANTCREAT;
		goto out;
	}
	dprintf(logfd, "# tip-pipeline run started %s, data '%s', pid %ld\n",
	    started, root, (long)getpid());
	prune_logs(root, o->retention_days);
	/* A runner killed while writing its records left temp files there;
	 * under the lock nobody else is writing them. */
	{
		char *state = tip_path(root, TIP_STATE, NULL);
		(void)tip_afile_sweep(state);
		free(state);
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	progress = o->progress >= 0 ? o->progress :
	    (isatty(2) && o->co.verbosity > 0);
	load_prints(root, oldfp, oldcfg);

	for (int s = o->from; s <= o->to && !got_signal; s++) {
		struct stage_run *r = &runs[s];
		const char *name = pl_stage_name(s);
		int force = o->force;

		pl_fingerprint(root, schemas, s, 0, r->fp);
		pl_fingerprint(root, schemas, s, 1, r->cfg);
		if (s == PL_INGEST) {
			r->why = pl_inbox_count(root) > 0 ? "inbox has files" : NULL;
		} else if (o->force) {
			r->why = "--force";
		} else if (oldcfg[s][0] != '\0' && strcmp(r->cfg, oldcfg[s]) != 0) {
			r->why = "schemas or catalogue changed";
			force = 1;
		} else if (strcmp(r->fp, oldfp[s]) != 0) {
			r->why = "new input";
		} else if (!outputs_present(root, s)) {
			r->why = "outputs missing";
		}
		if (r->why == NULL) {
			dprintf(logfd, "# %s: up to date, skipped\n", name);
			continue;
		}

		char *argv[10 + PL_MAX_PASS];
		int n = 0;
		char *exe = tip_strdupf("%s/tip-%s", bindir, name);
		argv[n++] = exe;
		argv[n++] = "-d";
		argv[n++] = (char *)root;
		if (o->co.verbosity >= 2)
			argv[n++] = "-v";
		if (force && (s == PL_VALIDATE || s == PL_AGGREGATE))
			argv[n++] = "--force";
		char jobs[16];
		if (o->jobs > 1 && (s == PL_VALIDATE || s == PL_AGGREGATE)) {
			snprintf(jobs, sizeof(jobs), "-j%d", o->jobs);
			argv[n++] = jobs;
		}
		for (int i = 0; i < o->npass[s]; i++)
			argv[n++] = o->pass[s][i];
		argv[n] = NULL;
		r->argv = json_array();
		dprintf(logfd, "# %s (%s):", name, r->why);
		for (int i = 0; i < n; i++) {
			json_array_append_new(r->argv, json_string(argv[i]));
			dprintf(logfd, " %s", argv[i]);
		}
		dprintf(logfd, "\n");
		if (progress)
			fprintf(stderr, "tip-pipeline: [%d/%d] %s\n",
			    s - o->from + 1, o->to - o->from + 1, name);

		off_t mark = lseek(logfd, 0, SEEK_END);
		double t0 = now_seconds();
		r->status = run_child(argv, logfd, &signalled);
		r->seconds = now_seconds() - t0;
		r->ran = 1;
		free(exe);
		dprintf(logfd, "# %s: exit %d in %.2f s\n", name, r->status,
		    r->seconds);
		if (o->co.verbosity >= 2)
			echo_log(logfd, mark, 0);

		if (got_signal || signalled) {
			tip_warn(0, "stopped by signal during stage '%s'; "
			    "rerun to finish (log '%s')", name, logpath);
			status = tip_worst(status, 128 + (got_signal ?
			    (int)got_signal : signalled));
			break;
		}
		if (r->status == 0 || r->status == TIP_EX_DATAERR) {
			memcpy(oldfp[s], r->fp, 65);
			memcpy(oldcfg[s], r->cfg, 65);
			if (r->status == TIP_EX_DATAERR && o->co.verbosity > 0) {
				tip_warn(0, "%s: some input was rejected:", name);
				if (o->co.verbosity < 2)
					echo_log(logfd, mark, 1);
			}
			status = tip_worst(status, r->status);
			continue;
		}
		tip_warn(0, "stage '%s' failed with exit %d (log '%s'):", name,
		    r->status, logpath);
		if (o->co.verbosity < 2)
			echo_log(logfd, mark, 3);
		status = tip_worst(status, r->status);
		break;
	}
	if (got_signal && status == 0)
		status = 128 + (int)got_signal;
	if (save_prints(root, oldfp, oldcfg) != 0) {
		tip_warn(errno, "cannot record stage fingerprints");
		status = tip_worst(status, tip_ex_for_errno(errno));
	}

	wall_iso(finished);
	rec = json_object();
	json_object_set_new(rec, "started", json_string(started));
	json_object_set_new(rec, "finished", json_string(finished));
	json_object_set_new(rec, "data", json_string(root));
	json_object_set_new(rec, "log", json_string(logpath));
	json_object_set_new(rec, "status", json_integer(status));
	jstages = json_array();
	for (int s = o->from; s <= o->to; s++) {
		json_t *js = json_object();
		json_object_set_new(js, "stage", json_string(pl_stage_name(s)));
		json_object_set_new(js, "ran", json_boolean(runs[s].ran));
		if (runs[s].why != NULL)
			json_object_set_new(js, "why", json_string(runs[s].why));
		if (runs[s].ran) {
			json_object_set_new(js, "status",
			    json_integer(runs[s].status));
			json_object_set_new(js, "seconds",
			    json_real((double)(long)(runs[s].seconds * 1000) /
			    1000));
			json_object_set_new(js, "argv", runs[s].argv);
			runs[s].argv = NULL;
		}
		json_array_append_new(jstages, js);
	}
	json_object_set_new(rec, "stages", jstages);
	dprintf(logfd, "# finished %s, exit %d\n", finished, status);
	status = tip_worst(status, write_last_run(root, rec));
out:
	for (int s = 0; s < PL_NSTAGES; s++)
		json_decref(runs[s].argv);
	json_decref(rec);
	if (logfd >= 0)
		close(logfd);
	free(logpath);
	free(bindir);
	tip_lock_release(&lk);
	return status;
}
