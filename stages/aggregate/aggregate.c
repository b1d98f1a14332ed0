/*
 * tip-aggregate's run: picks the current accepted submissions, brings each
 * one's partial aggregate up to date, merges them, computes totals and
 * ratios, suppresses small cells and writes aggregates/. Outputs whose
 * bytes would not change are left alone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "aggregate.h"
#include "tip_afile.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_ledger.h"
#include "tip_lock.h"
#include "tip_sha256.h"
#include "tip_xxh64.h"

struct excl {
	char *id, *reason;
};

struct run {
	const struct aggregate_opts *o;
	const char *root, *schema_dir;
	struct agg_catalogue cat;
	struct tip_ledger ledger;
	struct agg_sub *sub;
	size_t nsub;
	struct excl *ex;
	size_t nex;
	int status;
	int refreshed;  /* partials brought up to date by workers */
};

static void
exclude(struct run *r, const char *id, const char *why, const char *arg)
{
	r->ex = tip_xrealloc(r->ex, (r->nex + 1) * sizeof(*r->ex));
	r->ex[r->nex].id = tip_xstrdup(id);
	r->ex[r->nex].reason = tip_strdupf("%s%s", why, arg);
	r->nex++;
	tip_info("leaving out '%s': %s", id, r->ex[r->nex - 1].reason);
}

static char *
jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? tip_xstrdup(s) : NULL;
}

static void
pick(struct run *r)
{
	char *dir = tip_path(r->root, TIP_VALIDATED, NULL);
	size_t n;
	char **ids = tip_list_dir(dir, TIP_LIST_DIRS, 0, &n);

	for (size_t i = 0; i < n; i++) {
		if (strlen(ids[i]) > 200) { /* not an id ingest makes */
			free(ids[i]);
			continue;
		}
		char *rp = tip_path(r->root, TIP_VALIDATED, "%s/report.json",
		    ids[i]);
		json_error_t je;
		json_t *rep = json_load_file(rp, 0, &je);
		const struct tip_ledger_entry *sup;
		const char *st;
		free(rp);
		if (rep == NULL) {
			tip_warn(0, "cannot read '%s/%s/report.json': %s", dir,
			    ids[i], je.text);
			r->status = tip_worst(r->status, TIP_EX_DATAERR);
			exclude(r, ids[i], "report.json unreadable", "");
		} else if ((st = json_string_value(json_object_get(rep,
		    "status"))) == NULL || strcmp(st, "accepted") != 0) {
			exclude(r, ids[i], "rejected by validation", "");
		} else if ((sup = tip_ledger_superseded_by(&r->ledger, ids[i]))
		    != NULL) {
			exclude(r, ids[i], "superseded by ",
			    sup->col[TIP_L_ID]);
		} else if (!tip_ledger_is_current(&r->ledger, ids[i])) {
			exclude(r, ids[i], "not staged in the ledger", "");
		} else {
			const struct tip_ledger_entry *e =
			    tip_ledger_find_id(&r->ledger, ids[i]);
			struct agg_sub *s;
			r->sub = tip_xrealloc(r->sub,
			    (r->nsub + 1) * sizeof(*r->sub));
			s = &r->sub[r->nsub++];
			memset(s, 0, sizeof(*s));
			s->id = tip_xstrdup(ids[i]);
			s->programme = jstr(rep, "programme");
			s->agency = jstr(rep, "agency");
			s->period = jstr(rep, "period");
			if (s->programme == NULL)
				s->programme = tip_xstrdup(e->col[TIP_L_PROGRAMME]);
			if (s->agency == NULL)
				s->agency = tip_xstrdup(e->col[TIP_L_AGENCY]);
			if (s->period == NULL)
				s->period = tip_xstrdup(e->col[TIP_L_PERIOD]);
		}
		json_decref(rep);
		free(ids[i]);
	}
	free(ids);
	free(dir);
}

static void
ingested_at(struct run *r, struct agg_sub *s)
{
	char *p = tip_path(r->root, TIP_STAGED, "%s/submission.json", s->id);
	json_error_t je;
	json_t *j = json_load_file(p, 0, &je);

	if (j != NULL)
		s->ingested_at = jstr(j, "ingested_at");
	else
		tip_note("no '%s': as_of leaves it out", p);
	json_decref(j);
	free(p);
}

/*
 * 1 when the partial at path was built from this catalogue and could be
 * reused: only then are the validated files hashed beforehand.
 */
static int
plausible(const char *path, const struct agg_catalogue *cat)
{
	FILE *fp = fopen(path, "r");
	char line[256], want[128];
	int ok;

	if (fp == NULL)
		return 0;
	snprintf(want, sizeof(want), "catalogue\t%s\n", cat->sha256);
	ok = fgets(line, sizeof(line), fp) != NULL &&
	    fgets(line, sizeof(line), fp) != NULL && strcmp(line, want) == 0;
	fclose(fp);
	return ok;
}

/*
 * Brings one submission's partial up to date and merges it into fine
 * (unless fine is NULL: a parallel worker only writes the partial).
 */
static int
one_sub(struct run *r, struct agg_sub *s, struct agg_table *fine)
{
	struct agg_table t;
	char *pp = tip_path(r->root, TIP_AGGREGATES, "partials/%s.tsv", s->id);
	int rc = 0, lr = 1;
	int hashed = (!r->o->force || r->refreshed) && plausible(pp, &r->cat);

	for (size_t i = 0; i < r->cat.nschema; i++) {
		char *f = tip_path(r->root, TIP_VALIDATED, "%s/%s.csv", s->id,
		    r->cat.schema[i].name);
		char hex[65];
		uint64_t size;
		if (access(f, F_OK) != 0 && errno == ENOENT)
			s->file_sha[i] = tip_xstrdup("-");
		else if (!hashed)
			s->file_sha[i] = tip_xstrdup("?");
		else if (tip_xxh64_file(f, hex, &size) == 0)
			s->file_sha[i] = tip_xstrdup(hex);
		else {
			tip_warn(errno, "cannot read '%s'", f);
			rc = TIP_EX_IOERR;
			s->file_sha[i] = tip_xstrdup("?");
		}
		free(f);
	}
	agg_table_init(&t);
	if (rc == 0 && hashed)
		lr = agg_partial_read(pp, &r->cat, s, &t);
	if (lr == 0) {
		s->reused = 1;
		tip_info("'%s': partial up to date", s->id);
	} else {
		agg_table_release(&t);
		agg_table_init(&t);
		for (size_t i = 0; i < r->cat.nschema; i++) {
			s->rows[i] = 0;
			if (strcmp(s->file_sha[i], "-") == 0)
				continue;
			char *f = tip_path(r->root, TIP_VALIDATED, "%s/%s.csv",
			    s->id, r->cat.schema[i].name);
			char hex[65] = "?";
			rc = tip_worst(rc, agg_measure_file(&r->cat, (int)i,
			    AGG_T, f, &t, &s->rows[i], hex));
			free(s->file_sha[i]);
			s->file_sha[i] = tip_xstrdup(hex);
			free(f);
		}
		if (rc == 0 || rc == TIP_EX_DATAERR) {
			int wr = agg_partial_write(pp, &r->cat, s, &t);
			rc = tip_worst(rc, wr);
			tip_info("'%s': partial computed", s->id);
		}
	}
	if (fine != NULL && agg_merge(fine, &t, agg_intern(s->programme,
	    strlen(s->programme))) != 0) {
		tip_warn(0, "more than %zu groups", AGG_MAX_CELLS);
		rc = tip_worst(rc, TIP_EX_SOFTWARE);
	}
	agg_table_release(&t);
	free(pp);
	return rc;
}

/*
 * Scale-out: per-submission work (reading validated rows into a partial)
 * runs in jobs worker processes, each on every jobs-th submission, writing
 * only its own partial files; the merge that follows is serial and reuses
 * them. Returns the worst status of the workers.
 */
static int
refresh_parallel(struct run *r)
{
	int jobs = r->o->jobs < (int)r->nsub ? r->o->jobs : (int)r->nsub;
	int status = 0;
	pid_t pids[64];

	fflush(NULL);
	for (int w = 0; w < jobs; w++) {
		pids[w] = fork();
		if (pids[w] < 0) {
			tip_warn(errno, "cannot start a worker");
			jobs = w;
			status = TIP_EX_SOFTWARE;
			break;
		}
		if (pids[w] == 0) {
			int rc = 0;
			for (size_t i = (size_t)w; i < r->nsub; i += (size_t)jobs)
				rc = tip_worst(rc, one_sub(r, &r->sub[i], NULL));
			fflush(NULL);
			_exit(rc);
		}
	}
	for (int w = 0; w < jobs; w++) {
		int st;
		if (waitpid(pids[w], &st, 0) != pids[w])
			status = tip_worst(status, TIP_EX_SOFTWARE);
		else if (WIFEXITED(st))
			status = tip_worst(status, WEXITSTATUS(st));
		else
			status = tip_worst(status, TIP_EX_SOFTWARE);
	}
	r->refreshed = 1;
	return status;
}

/* Removes partials of submissions no longer used. */
static void
prune(struct run *r)
{
	char *dir = tip_path(r->root, TIP_AGGREGATES, "partials");
	size_t n;
	char **names = tip_list_dir(dir, TIP_LIST_FILES, 0, &n);

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]), j;
		for (j = 0; j < r->nsub; j++)
			if (len == strlen(r->sub[j].id) + 4 &&
			    strncmp(names[i], r->sub[j].id, len - 4) == 0 &&
			    strcmp(names[i] + len - 4, ".tsv") == 0)
				break;
		if (j == r->nsub && len > 4 &&
		    strcmp(names[i] + len - 4, ".tsv") == 0) {
			char *p = tip_strdupf("%s/%s", dir, names[i]);
			if (unlink(p) != 0)
				tip_warn(errno, "cannot remove '%s'", p);
			free(p);
		}
		free(names[i]);
	}
	free(names);
	free(dir);
}

/* Writes buf to aggregates/name unless the file already holds it. */
static int
emit(struct run *r, const char *name, char *buf, size_t len)
{
	char *path = tip_path(r->root, TIP_AGGREGATES, "%s", name);
	FILE *fp = fopen(path, "rb");
	int same = 0, rc = 0;

	if (fp != NULL) {
		char chunk[65536];
		size_t off = 0, got;
		same = 1;
		while (same && (got = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
			if (off + got > len || memcmp(buf + off, chunk, got) != 0)
				same = 0;
			off += got;
		}
		if (ferror(fp) || off != len)
			same = 0;
		fclose(fp);
	}
	if (!same && tip_write_file_atomic(path, buf, len) != 0) {
		tip_warn(errno, "cannot write '%s'", path);
		rc = tip_ex_for_errno(errno);
	}
	free(path);
	free(buf);
	return rc;
}

static json_t *
meta(struct run *r, size_t nsupp, int64_t k)
{
	static const char *const pillars[] = {"prevention", "protection",
		"prosecution", "partnership"};
	json_t *m = json_object(), *a, *o;
	const char *as_of = NULL;

	for (size_t i = 0; i < r->nsub; i++)
		if (r->sub[i].ingested_at != NULL && (as_of == NULL ||
		    strcmp(r->sub[i].ingested_at, as_of) > 0))
			as_of = r->sub[i].ingested_at;
	json_object_set_new(m, "generator", json_string("tip-aggregate "
	    TIP_VERSION));
	json_object_set_new(m, "as_of", as_of ? json_string(as_of) : json_null());
	o = json_object();
	json_object_set_new(o, "file", json_string(r->o->catalogue != NULL ?
	    r->o->catalogue : "indicators.json"));
	json_object_set_new(o, "sha256", json_string(r->cat.sha256));
	json_object_set_new(o, "indicators", json_integer((json_int_t)r->cat.n));
	json_object_set_new(m, "catalogue", o);
	o = json_object();
	json_object_set_new(o, "k", json_integer(k));
	json_object_set_new(o, "suppressed_cells", json_integer((json_int_t)nsupp));
	json_object_set_new(o, "method", json_string("primary: counts 1..k-1; "
	    "complementary: no additive relation left with exactly one hidden "
	    "cell; ratios on a hidden count hidden"));
	json_object_set_new(m, "suppression", o);
	o = json_object();
	for (size_t p = 0; p < 4; p++)
		for (size_t i = 0; i < r->cat.n; i++)
			if (r->cat.ind[i].key && strcmp(r->cat.ind[i].pillar,
			    pillars[p]) == 0 && json_object_get(o, pillars[p]) == NULL)
				json_object_set_new(o, pillars[p],
				    json_string(r->cat.ind[i].id));
	json_object_set_new(m, "key_indicators", o);
	a = json_array();
	for (size_t i = 0; i < r->cat.n; i++) {
		const struct agg_indicator *ind = &r->cat.ind[i];
		o = json_object();
		json_object_set_new(o, "id", json_string(ind->id));
		json_object_set_new(o, "name", json_string(ind->name));
		json_object_set_new(o, "pillar", json_string(ind->pillar));
		json_object_set_new(o, "unit", json_string(ind->unit));
		json_object_set_new(o, "kind", json_string(ind->ratio ? "ratio" :
		    ind->sum ? "sum" : "count"));
		json_object_set_new(o, "key", json_boolean(ind->key));
		if (ind->description != NULL)
			json_object_set_new(o, "description",
			    json_string(ind->description));
		json_t *dims = json_array();
		for (int d = 0; d < AGG_NDIM; d++)
			if (ind->uses & (1u << d)) {
				json_t *dd = json_object();
				json_object_set_new(dd, "column",
				    json_string(agg_dim_names[d]));
				json_object_set_new(dd, "multi_valued",
				    json_boolean(!ind->ratio &&
				    (ind->multi & (1u << d)) && d != AGG_AGE));
				json_array_append_new(dims, dd);
			}
		json_object_set_new(o, "dimensions", dims);
		json_array_append_new(a, o);
	}
	json_object_set_new(m, "indicators", a);
	a = json_array();
	for (size_t i = 0; i < r->nsub; i++) {
		const struct agg_sub *s = &r->sub[i];
		o = json_object();
		json_object_set_new(o, "id", json_string(s->id));
		json_object_set_new(o, "programme", json_string(s->programme));
		json_object_set_new(o, "agency", json_string(s->agency));
		json_object_set_new(o, "period", json_string(s->period));
		json_object_set_new(o, "ingested_at", s->ingested_at ?
		    json_string(s->ingested_at) : json_null());
		json_t *rows = json_object();
		for (size_t t = 0; t < r->cat.nschema; t++)
			json_object_set_new(rows, r->cat.schema[t].name,
			    json_integer((json_int_t)s->rows[t]));
		json_object_set_new(o, "rows", rows);
		json_array_append_new(a, o);
	}
	json_object_set_new(m, "submissions", a);
	a = json_array();
	for (size_t i = 0; i < r->nex; i++) {
		o = json_object();
		json_object_set_new(o, "id", json_string(r->ex[i].id));
		json_object_set_new(o, "reason", json_string(r->ex[i].reason));
		json_array_append_new(a, o);
	}
	json_object_set_new(m, "excluded", a);
	o = json_object();
	json_object_set_new(o, "_T", json_string("total over the dimension"));
	json_object_set_new(o, "_Z", json_string("dimension does not apply"));
	json_object_set_new(o, "_U", json_string("unknown"));
	json_object_set_new(m, "codes", o);
	return m;
}

static int
write_out(struct run *r, const char *name,
    int (*fn)(FILE *, struct run *, struct agg_table *), struct agg_table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		tip_die(TIP_EX_SOFTWARE, errno, "cannot buffer '%s'", name);
	if (fn(fp, r, t) != 0 || fclose(fp) != 0) {
		tip_warn(0, "cannot format '%s'", name);
		free(buf);
		return TIP_EX_SOFTWARE;
	}
	return emit(r, name, buf, len);
}

static int
w_full(FILE *fp, struct run *r, struct agg_table *t)
{
	return agg_write_indicators(fp, &r->cat, t, 0);
}

static int
w_public(FILE *fp, struct run *r, struct agg_table *t)
{
	return agg_write_indicators(fp, &r->cat, t, 1);
}

static int
w_sdmx(FILE *fp, struct run *r, struct agg_table *t)
{
	struct agg_m49 m;
	int rc;

	r->status = tip_worst(r->status, agg_m49_load(&m, r->schema_dir));
	rc = agg_write_sdmx(fp, &r->cat, t, &m);
	agg_m49_release(&m);
	return rc;
}

static int
w_checks(FILE *fp, struct run *r, struct agg_table *t)
{
	struct agg_subref *s = tip_xcalloc(r->nsub + 1, sizeof(*s));
	int rc;

	for (size_t i = 0; i < r->nsub; i++) {
		s[i].programme = r->sub[i].programme;
		s[i].agency = r->sub[i].agency;
		s[i].period = r->sub[i].period;
	}
	rc = agg_write_checks(fp, &r->cat, t, s, r->nsub);
	free(s);
	return rc;
}

static void
release(struct run *r)
{
	for (size_t i = 0; i < r->nsub; i++) {
		struct agg_sub *s = &r->sub[i];
		free(s->id);
		free(s->programme);
		free(s->agency);
		free(s->period);
		free(s->ingested_at);
		for (size_t t = 0; t < 8; t++)
			free(s->file_sha[t]);
	}
	free(r->sub);
	for (size_t i = 0; i < r->nex; i++) {
		free(r->ex[i].id);
		free(r->ex[i].reason);
	}
	free(r->ex);
	tip_ledger_release(&r->ledger);
	agg_catalogue_release(&r->cat);
}

static int
compute(struct run *r)
{
	struct agg_table fine, out;
	struct agg_population pop;
	char *dir;
	size_t nsupp;
	int rc;

	dir = tip_path(r->root, TIP_AGGREGATES, "partials");
	if (tip_mkdirs(dir, 0700) != 0) {
		tip_warn(errno, "cannot create '%s'", dir);
		free(dir);
		return TIP_EX_CANTCREAT;
	}
	tip_afile_sweep(dir);
	free(dir);
	dir = tip_path(r->root, TIP_AGGREGATES, NULL);
	tip_afile_sweep(dir);
	free(dir);

	agg_table_init(&fine);
	if (r->o->jobs > 1 && r->nsub > 1)
		r->status = tip_worst(r->status, refresh_parallel(r));
	for (size_t i = 0; i < r->nsub; i++) {
		ingested_at(r, &r->sub[i]);
		r->status = tip_worst(r->status, one_sub(r, &r->sub[i], &fine));
	}
	prune(r);
	rc = agg_population_load(&pop, r->schema_dir);
	if (rc != 0)
		tip_warn(0, "population figures missing: rates are no_data");
	agg_table_init(&out);
	if (agg_finalise(&r->cat, &fine, &pop, &out) != 0) {
		tip_warn(0, "more than %zu groups", AGG_MAX_CELLS);
		r->status = tip_worst(r->status, TIP_EX_SOFTWARE);
		goto out;
	}
	agg_table_release(&fine);
	tip_info("%zu cells", out.n);
	r->status = tip_worst(r->status, write_out(r, "indicators.csv", w_full,
	    &out));
	r->status = tip_worst(r->status, write_out(r, "checks.csv", w_checks,
	    &out));
	nsupp = agg_suppress(&r->cat, &out, r->o->k);
	r->status = tip_worst(r->status, write_out(r, "indicators_public.csv",
	    w_public, &out));
	r->status = tip_worst(r->status, write_out(r, "sdg_16_2_2.csv", w_sdmx,
	    &out));
	{
		json_t *m = meta(r, nsupp, r->o->k);
		char *s = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(m);
		if (s == NULL)
			tip_die(TIP_EX_SOFTWARE, ENOMEM, "cannot format meta.json");
		char *buf = tip_strdupf("%s\n", s);
		free(s);
		r->status = tip_worst(r->status, emit(r, "meta.json", buf,
		    strlen(buf)));
	}
out:
	agg_table_release(&fine);
	agg_table_release(&out);
	agg_population_release(&pop);
	return r->status;
}

int
aggregate_run(const struct aggregate_opts *o)
{
	struct run r;
	struct tip_lock lk = {-1, 0};
	char *catpath;
	int rc;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.root = o->co.data_dir;
	if ((rc = tip_datadir_init(r.root, 0)) != 0)
		return rc;
	if ((rc = tip_lock_acquire(r.root, o->wait, &lk)) != 0)
		return rc;
	r.schema_dir = tip_schema_dir(o->schemas);
	catpath = o->catalogue != NULL ? tip_xstrdup(o->catalogue) :
	    tip_strdupf("%s/indicators.json", r.schema_dir);
	rc = agg_catalogue_load(&r.cat, catpath, r.schema_dir);
	free(catpath);
	if (rc != 0)
		goto out;
	if ((rc = tip_ledger_load(r.root, &r.ledger)) != 0)
		goto out;
	pick(&r);
	if (r.nsub == 0) {
		char *v = tip_path(r.root, TIP_VALIDATED, NULL);
		tip_warn(0, "nothing validated to aggregate in '%s'", v);
		free(v);
		rc = TIP_EX_NOINPUT;
		goto out;
	}
	rc = compute(&r);
out:
	release(&r);
	tip_lock_release(&lk);
	agg_intern_reset();
	return rc;
}
