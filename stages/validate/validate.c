/*
 * tip-validate's run: picks the submissions to validate, validates each
 * table into temp folders and renames them into validated/<id> and
 * rejected/<id>, so a crash never leaves half a submission validated.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "tip_afile.h"
#include "tip_csvout.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_ledger.h"
#include "tip_lock.h"
#include "validate.h"
#include "vreport.h"
#include "vschema.h"
#include "vtable.h"

/* Schemas loaded so far, by table name (failures remembered too). */
struct cache {
	char **name;
	struct val_schema **s;
	size_t n;
};

static struct val_schema *
schema_for(struct cache *c, const char *dir, const char *table)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->name[i], table) == 0)
			return c->s[i];
	c->name = tip_xrealloc(c->name, (c->n + 1) * sizeof(*c->name));
	c->s = tip_xrealloc(c->s, (c->n + 1) * sizeof(*c->s));
	c->name[c->n] = tip_xstrdup(table);
	c->s[c->n] = val_schema_load(dir, table);
	return c->s[c->n++];
}

static void
cache_release(struct cache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->name[i]);
		val_schema_free(c->s[i]);
	}
	free(c->name);
	free(c->s);
}

/* Ids and table names become path components. */
static int
safe_name(const char *s)
{
	if (*s == '\0' || *s == '.' || strlen(s) > 200)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		    *s == '.'))
			return 0;
	return 1;
}

struct sub {
	char *id;
	json_t *meta;             /* submission.json */
	const char *programme, *agency, *period;
	char **tables, **files;
	size_t nt;
};

static void
sub_release(struct sub *s)
{
	for (size_t i = 0; i < s->nt; i++) {
		free(s->tables[i]);
		free(s->files[i]);
	}
	free(s->tables);
	free(s->files);
	json_decref(s->meta);
}

static void
sub_add_table(struct sub *s, const char *name, const char *file)
{
	s->tables = tip_xrealloc(s->tables, (s->nt + 1) * sizeof(char *));
	s->files = tip_xrealloc(s->files, (s->nt + 1) * sizeof(char *));
	s->tables[s->nt] = tip_xstrdup(name);
	s->files[s->nt] = tip_xstrdup(file);
	s->nt++;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads staged/<id>/submission.json. Returns 0 or an exit status. */
static int
sub_load(const char *root, const char *id, struct sub *s)
{
	char *path = tip_path(root, TIP_STAGED, "%s/submission.json", id);
	json_error_t je;
	json_t *tables;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	s->meta = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (s->meta == NULL) {
		if (access(path, F_OK) != 0) {
			tip_warn(0, "no staged submission '%s'", id);
			rc = TIP_EX_NOINPUT;
		} else {
			tip_warn(0, "cannot read '%s': %s", path, je.text);
			rc = TIP_EX_DATAERR;
		}
		goto out;
	}
	s->programme = json_string_value(json_object_get(s->meta, "programme"));
	s->agency = json_string_value(json_object_get(s->meta, "agency"));
	s->period = json_string_value(json_object_get(s->meta, "period"));
	if (s->programme == NULL || s->agency == NULL || s->period == NULL) {
		tip_warn(0, "'%s': needs programme, agency and period", path);
		rc = TIP_EX_DATAERR;
		goto out;
	}
	tables = json_object_get(s->meta, "tables");
	if (json_is_array(tables)) {
		size_t i;
		json_t *t;
		json_array_foreach(tables, i, t) {
			const char *name = json_string_value(
			    json_object_get(t, "name"));
			const char *file = json_string_value(
			    json_object_get(t, "file"));
			if (name == NULL || !safe_name(name) || (file != NULL &&
			    !safe_name(file))) {
				tip_warn(0, "'%s': table %zu has no usable name",
				    path, i + 1);
				rc = TIP_EX_DATAERR;
				goto out;
			}
			char *def = tip_strdupf("%s.csv", name);
			sub_add_table(s, name, file != NULL ? file : def);
			free(def);
		}
	} else {
		/* No list: every <table>.csv beside submission.json. */
		char *dir = tip_path(root, TIP_STAGED, "%s", id);
		DIR *d = opendir(dir);
		struct dirent *de;
		while (d != NULL && (de = readdir(d)) != NULL) {
			size_t l = strlen(de->d_name);
			if (l > 4 && strcmp(de->d_name + l - 4, ".csv") == 0 &&
			    safe_name(de->d_name)) {
				char *name = tip_strdupf("%.*s", (int)(l - 4),
				    de->d_name);
				sub_add_table(s, name, de->d_name);
				free(name);
			}
		}
		if (d != NULL)
			closedir(d);
		free(dir);
		if (s->nt > 1) { /* NULL arrays when empty */
			qsort(s->tables, s->nt, sizeof(char *), cmp_str);
			qsort(s->files, s->nt, sizeof(char *), cmp_str);
		}
	}
out:
	free(path);
	return rc;
}

/* Moves folder tmp onto dst, replacing an old dst. Returns 0 or -1. */
static int
install_dir(const char *tmp, const char *dst, const char *area, const char *id)
{
	char *old = tip_strdupf("%s/.tmp-old-%s-%ld", area, id, (long)getpid());
	int had_old = rename(dst, old) == 0;
	int rc = 0;

	if (!had_old && errno != ENOENT) {
		free(old);
		return -1;
	}
	if (rename(tmp, dst) != 0) {
		int e = errno;
		if (had_old)
			(void)rename(old, dst);
		errno = e;
		rc = -1;
	} else if (had_old)
		(void)tip_rmtree(old);
	(void)tip_fsync_dir(area);
	free(old);
	return rc;
}

struct run {
	const struct validate_opts *o;
	const char *root, *schemas;
	struct cache cache;
};

static int
validate_one(struct run *run, const char *id)
{
	const struct validate_opts *o = run->o;
	const char *root = run->root;
	struct sub sub;
	struct val_report rep = {0};
	struct val_sub vs = {0};
	struct tip_afile fb = {0};
	char *varea = tip_path(root, TIP_VALIDATED, NULL);
	char *rarea = tip_path(root, TIP_REJECTED, NULL);
	char *vtmp = tip_strdupf("%s/.tmp-%s-%ld", varea, id, (long)getpid());
	char *rtmp = tip_strdupf("%s/.tmp-%s-%ld", rarea, id, (long)getpid());
	char *path = NULL, *json = NULL;
	uint64_t lines = 0, rows = 0, rejected = 0;
	int status = 0, fb_open = 0;
	enum { OUTBUF = 1024 * 1024 };
	char *accbuf = tip_xmalloc(OUTBUF), *rejbuf = tip_xmalloc(OUTBUF);
	struct val_uniq_opts uqo = {.tmpdir = rtmp};

	status = sub_load(root, id, &sub);
	if (status != 0)
		goto out;
	vs.programme = sub.programme;
	if (val_period_days(sub.period, &vs.period_first, &vs.period_last)
	    != 0) {
		tip_warn(0, "submission '%s': period '%s' is not YYYYQn", id,
		    sub.period);
		status = TIP_EX_DATAERR;
		goto out;
	}
	vs.have_period = 1;
	/* Every schema first: a bad one leaves the submission untouched. */
	for (size_t i = 0; i < sub.nt; i++)
		if (schema_for(&run->cache, run->schemas, sub.tables[i]) ==
		    NULL) {
			tip_warn(0, "submission '%s' not validated: no usable "
			    "schema for table '%s'", id, sub.tables[i]);
			status = TIP_EX_CONFIG;
			goto out;
		}
	if (tip_mkdirs(vtmp, 0700) != 0 || tip_mkdirs(rtmp, 0700) != 0) {
		tip_warn(errno, "cannot create '%s'", vtmp);
		status = tip_ex_for_errno(errno);
		goto out;
	}
	path = tip_strdupf("%s/feedback.csv", rtmp);
	if (tip_afile_open(&fb, path) != 0) {
		tip_warn(errno, "cannot create '%s'", path);
		status = tip_ex_for_errno(errno);
		goto out;
	}
	fb_open = 1;
	val_feedback_header(fb.fp);
	rep.id = id;
	rep.programme = sub.programme;
	rep.agency = sub.agency;
	rep.period = sub.period;
	rep.accepted = 1;
	rep.t = tip_xcalloc(sub.nt + 1, sizeof(*rep.t));
	for (size_t i = 0; i < sub.nt && status == 0; i++) {
		const char *tn = sub.tables[i];
		struct tip_afile acc = {0}, rej = {0};
		char *apath = tip_strdupf("%s/%s.csv", vtmp, tn);
		char *rpath = tip_strdupf("%s/%s.csv", rtmp, tn);
		char *src = tip_path(root, TIP_STAGED, "%s/%s", id,
		    sub.files[i]);
		struct val_out out = {0};
		struct val_table *t;
		uint64_t terr = 0;
		int e = 0;
		if (tip_afile_open(&acc, apath) != 0 ||
		    tip_afile_open(&rej, rpath) != 0) {
			tip_warn(errno, "cannot create '%s'", rpath);
			status = tip_ex_for_errno(errno);
			tip_afile_abort(&acc);
			goto next;
		}
		out.accepted = acc.fp;
		out.rejects = rej.fp;
		out.feedback = fb.fp;
		/* Big buffers: one write() per MiB of accepted rows. */
		setvbuf(acc.fp, accbuf, _IOFBF, OUTBUF);
		setvbuf(rej.fp, rejbuf, _IOFBF, OUTBUF);
		t = val_table_new(schema_for(&run->cache, run->schemas, tn), tn,
		    &vs, &out, NULL, &rep.first);
		/* Keys beyond the in-memory index spill into the submission's
		 * temp folder (anonymous files, gone on close or crash). */
		val_table_set_uniq(t, &uqo);
		if (val_table_read_path(t, src) != 0) {
			if (val_table_ioerr(t, &e)) {
				tip_warn(e, "cannot write results of '%s'", src);
				status = tip_ex_for_errno(e);
			} else
				status = TIP_EX_NOINPUT;
		}
		rep.t[rep.nt].name = tip_xstrdup(tn);
		rep.t[rep.nt].n = *val_table_counts(t);
		rows += rep.t[rep.nt].n.rows_read;
		rejected += rep.t[rep.nt].n.rejected;
		rep.nt++;
		terr = val_table_errors(t);
		lines += terr;
		tip_info("%s/%s: %llu rows, %llu accepted, %llu rejected", id,
		    tn, (unsigned long long)val_table_counts(t)->rows_read,
		    (unsigned long long)val_table_counts(t)->accepted,
		    (unsigned long long)val_table_counts(t)->rejected);
		val_table_free(t);
		if (status != 0) {
			tip_afile_abort(&acc);
			tip_afile_abort(&rej);
			goto next;
		}
		if (terr == 0)
			tip_afile_abort(&rej);
		if (tip_afile_commit(&acc) != 0 ||
		    (terr > 0 && tip_afile_commit(&rej) != 0)) {
			tip_warn(errno, "cannot write results of '%s'", src);
			status = tip_ex_for_errno(errno);
			tip_afile_abort(&rej);
		}
next:
		free(apath);
		free(rpath);
		free(src);
	}
	if (status != 0)
		goto out;
	if (rows > 0 && (double)rejected / (double)rows > o->max_reject_share) {
		rep.accepted = 0;
		rep.reason = tip_strdupf("%llu of %llu rows rejected (%.1f%%), "
		    "more than the limit of %g%%", (unsigned long long)rejected,
		    (unsigned long long)rows, 100.0 * (double)rejected /
		    (double)rows, 100.0 * o->max_reject_share);
		char *words = tip_strdupf("The whole submission was set aside: "
		    "%s. Correct the rows listed here and send it again.",
		    rep.reason);
		const char *cells[5] = {"", "", "", "", words};
		tip_csv_putrow(fb.fp, cells, 5, TIP_CSV_SPREADSHEET);
		free(words);
		for (size_t i = 0; i < sub.nt; i++) {
			char *p = tip_strdupf("%s/%s.csv", vtmp, sub.tables[i]);
			(void)unlink(p);
			free(p);
		}
	}
	json = val_report_json(&rep);
	free(path);
	path = tip_strdupf("%s/report.json", vtmp);
	if (json == NULL || tip_write_file_atomic(path, json, strlen(json))
	    != 0) {
		tip_warn(errno, "cannot write '%s'", path);
		status = tip_ex_for_errno(errno);
		goto out;
	}
	if (lines > 0 || !rep.accepted) {
		fb_open = 0;
		if (tip_afile_commit(&fb) != 0) {
			tip_warn(errno, "cannot write feedback for '%s'", id);
			status = tip_ex_for_errno(errno);
			goto out;
		}
	}
	/* rejected/ first: a validated/<id>/report.json means done. */
	free(path);
	path = tip_path(root, TIP_REJECTED, "%s", id);
	if (lines > 0 || !rep.accepted) {
		if (install_dir(rtmp, path, rarea, id) != 0) {
			tip_warn(errno, "cannot rename '%s'", rtmp);
			status = tip_ex_for_errno(errno);
			goto out;
		}
	} else if (tip_rmtree(path) != 0 && errno != ENOENT) {
		tip_warn(errno, "cannot remove '%s'", path);
		status = tip_ex_for_errno(errno);
		goto out;
	}
	free(path);
	path = tip_path(root, TIP_VALIDATED, "%s", id);
	if (install_dir(vtmp, path, varea, id) != 0) {
		tip_warn(errno, "cannot rename '%s'", vtmp);
		status = tip_ex_for_errno(errno);
		goto out;
	}
	tip_note("%s: %s, %llu rows, %llu rejected", id, rep.accepted ?
	    "accepted" : "rejected", (unsigned long long)rows,
	    (unsigned long long)rejected);
	if (lines > 0 || !rep.accepted)
		status = TIP_EX_DATAERR;
out:
	if (fb_open)
		tip_afile_abort(&fb);
	(void)tip_rmtree(vtmp);
	(void)tip_rmtree(rtmp);
	free(json);
	free(path);
	free(vtmp);
	free(rtmp);
	free(varea);
	free(rarea);
	free(accbuf);
	free(rejbuf);
	val_report_release(&rep);
	sub_release(&sub);
	return status;
}

static int
is_validated(const char *root, const char *id)
{
	char *p = tip_path(root, TIP_VALIDATED, "%s/report.json", id);
	int r = access(p, F_OK) == 0;

	free(p);
	return r;
}

/*
 * Validates ids[0..n): one after the other, or with jobs > 1 in forked
 * workers, at most jobs at once. Each worker writes only its own
 * submission's temp folders (named by its pid) and renames them into
 * place, as a lone run would; the parent holds the lock throughout.
 * Returns the worst status, folded in id order so that it does not depend
 * on which worker ends first.
 */
static int
run_all(struct run *run, const char **ids, size_t n, int jobs)
{
	pid_t *pid;
	int *st, status = 0;
	size_t next = 0, running = 0;

	if (jobs <= 1 || n <= 1) {
		for (size_t i = 0; i < n; i++)
			status = tip_worst(status, validate_one(run, ids[i]));
		return status;
	}
	pid = tip_xcalloc(n, sizeof(*pid));
	st = tip_xcalloc(n, sizeof(*st));
	while (next < n || running > 0) {
		if (next < n && running < (size_t)jobs) {
			pid_t p;
			fflush(NULL);
			p = fork();
			if (p == 0) {
				int s = validate_one(run, ids[next]);
				/* The worker's copies of the parent's tables end
				 * here: free them so leak checkers see a clean
				 * exit. */
				free(pid);
				free(st);
				fflush(NULL);
				_exit(s);
			}
			if (p < 0) {
				tip_warn(errno, "cannot start a worker; "
				    "validating '%s' here", ids[next]);
				st[next] = validate_one(run, ids[next]);
			} else {
				pid[next] = p;
				running++;
			}
			next++;
			continue;
		}
		int ws;
		pid_t p = waitpid(-1, &ws, 0);
		if (p < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (size_t i = 0; i < n; i++) {
			if (pid[i] != p)
				continue;
			st[i] = WIFEXITED(ws) ? WEXITSTATUS(ws) : TIP_EX_SOFTWARE;
			if (!WIFEXITED(ws))
				tip_warn(0, "worker for '%s' died (signal %d)",
				    ids[i], WTERMSIG(ws));
			pid[i] = 0;
			running--;
		}
	}
	for (size_t i = 0; i < n; i++)
		status = tip_worst(status, st[i]);
	free(pid);
	free(st);
	return status;
}

int
validate_run(const struct validate_opts *o)
{
	const char *root = o->co.data_dir;
	struct run run = {.o = o, .root = root};
	struct tip_ledger led;
	struct tip_lock lk = {.fd = -1};
	int status = 0, rc;
	const char **todo;
	size_t ntodo = 0;
	char *dir;

	run.schemas = tip_schema_dir(o->schemas);
	if ((rc = tip_datadir_init(root, 0)) != 0)
		return rc;
	if ((rc = tip_lock_acquire(root, o->wait_seconds, &lk)) != 0)
		return rc;
	dir = tip_path(root, TIP_VALIDATED, NULL);
	tip_afile_sweep(dir);
	free(dir);
	dir = tip_path(root, TIP_REJECTED, NULL);
	tip_afile_sweep(dir);
	free(dir);
	if ((rc = tip_ledger_load(root, &led)) != 0) {
		tip_lock_release(&lk);
		return rc;
	}
	todo = tip_xcalloc((size_t)o->nids + led.n + 1, sizeof(*todo));
	if (o->nids > 0) {
		for (int i = 0; i < o->nids; i++) {
			const char *id = o->ids[i];
			const struct tip_ledger_entry *by;
			if (!safe_name(id)) {
				tip_warn(0, "no staged submission '%s'", id);
				status = tip_worst(status, TIP_EX_NOINPUT);
				continue;
			}
			by = tip_ledger_superseded_by(&led, id);
			if (by != NULL)
				tip_note("note: '%s' is superseded by '%s'", id,
				    by->col[TIP_L_ID]);
			todo[ntodo++] = id;
		}
	} else {
		for (size_t i = 0; i < led.n; i++) {
			const char *id = led.e[i].col[TIP_L_ID];
			const struct tip_ledger_entry *by;
			if (strcmp(led.e[i].col[TIP_L_OUTCOME],
			    TIP_OUTCOME_STAGED) != 0 || !safe_name(id) ||
			    tip_ledger_find_id(&led, id) != &led.e[i])
				continue;
			if ((by = tip_ledger_superseded_by(&led, id)) != NULL) {
				tip_note("skipping '%s': superseded by '%s'", id,
				    by->col[TIP_L_ID]);
				continue;
			}
			if (!o->force && is_validated(root, id))
				continue;
			todo[ntodo++] = id;
		}
	}
	status = tip_worst(status, run_all(&run, todo, ntodo, o->jobs));
	free(todo);
	tip_ledger_release(&led);
	cache_release(&run.cache);
	tip_lock_release(&lk);
	return status;
}
