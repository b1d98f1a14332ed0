/*
 * Reading meta.json, checks.csv and the per-submission files the report
 * cites. Missing optional files leave fields unknown; nothing here decides
 * how they are shown.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "inputs.h"
#include "tip_csv.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_ledger.h"

/* Bigger JSON files than this are not ours: refuse them unread. */
#define REP_MAX_JSON (16L * 1024 * 1024)

static json_t *
load_json(const char *path, int *missing)
{
	json_error_t jerr;
	FILE *fp = fopen(path, "rb");
	json_t *j;

	*missing = 0;
	if (fp == NULL) {
		*missing = errno == ENOENT;
		if (!*missing)
			tip_warn(errno, "cannot open '%s'", path);
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) == 0 && ftell(fp) > REP_MAX_JSON) {
		tip_warn(0, "'%s': larger than %ld bytes, skipped", path,
		    REP_MAX_JSON);
		fclose(fp);
		return NULL;
	}
	rewind(fp);
	j = json_loadf(fp, JSON_REJECT_DUPLICATES, &jerr);
	fclose(fp);
	if (j == NULL)
		tip_warn(0, "'%s': line %d: %s", path, jerr.line, jerr.text);
	else if (!json_is_object(j)) {
		tip_warn(0, "'%s': not a JSON object", path);
		json_decref(j);
		j = NULL;
	}
	return j;
}

/* A string member as a new string; numbers are printed; else "". */
static char *
jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_string(v))
		return tip_xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return tip_strdupf("%lld", (long long)json_integer_value(v));
	return tip_xstrdup("");
}

static long long
jint(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_integer(v) && json_integer_value(v) >= 0)
		return (long long)json_integer_value(v);
	return -1;
}

int
rep_meta_load(struct rep_meta *m, const char *path)
{
	static const char *const subkeys[] = {"submissions",
	    "submissions_used", "inputs", NULL};
	int missing;
	json_t *j;

	memset(m, 0, sizeof(*m));
	m->k = -1;
	m->as_of = tip_xstrdup("");
	j = load_json(path, &missing);
	if (j == NULL) {
		if (missing) {
			tip_warn(ENOENT, "cannot open '%s'", path);
			return TIP_EX_NOINPUT;
		}
		return TIP_EX_DATAERR;
	}
	free(m->as_of);
	m->as_of = jstr(j, "as_of");
	for (int i = 0; subkeys[i] != NULL; i++) {
		json_t *a = json_object_get(j, subkeys[i]);
		size_t idx;
		json_t *v;
		if (!json_is_array(a))
			continue;
		m->has_subs = 1;
		json_array_foreach(a, idx, v) {
			const char *id = NULL;
			if (m->nsubs >= REP_MAX_SUBS)
				break;
			if (json_is_string(v))
				id = json_string_value(v);
			else if (json_is_object(v) &&
			    json_is_string(json_object_get(v, "id")))
				id = json_string_value(json_object_get(v, "id"));
			if (id == NULL)
				continue;
			m->subs = tip_xrealloc(m->subs,
			    (m->nsubs + 1) * sizeof(*m->subs));
			m->subs[m->nsubs++] = tip_xstrdup(id);
		}
		break;
	}
	static const char *const kkeys[] = {"suppression_k", "k",
	    "suppression_threshold", "min_cell", NULL};
	for (int i = 0; kkeys[i] != NULL && m->k < 0; i++)
		m->k = jint(j, kkeys[i]);
	json_t *sup = json_object_get(j, "suppression");
	if (m->k < 0 && json_is_object(sup))
		m->k = jint(sup, "k");
	if (m->k < 0 && json_is_object(sup))
		m->k = jint(sup, "threshold");
	json_decref(j);
	return 0;
}

void
rep_meta_release(struct rep_meta *m)
{
	for (size_t i = 0; i < m->nsubs; i++)
		free(m->subs[i]);
	free(m->subs);
	free(m->as_of);
	memset(m, 0, sizeof(*m));
}

int
rep_meta_used(const struct rep_meta *m, const char *id)
{
	for (size_t i = 0; i < m->nsubs; i++)
		if (strcmp(m->subs[i], id) == 0)
			return 1;
	return 0;
}

/* --- checks.csv --- */

struct ck_loader {
	struct rep_checks *ck;
	int map[CK_NCOLS];
	const char *path;
};

static int
ck_row(void *ctx, const struct tip_csv_row *row)
{
	static const char *const names[CK_NCOLS] = {"check", "programme",
	    "country", "period", "detail", "severity"};
	struct ck_loader *ld = ctx;
	struct rep_checks *ck = ld->ck;

	if (row->recno == 1) {
		for (int c = 0; c < CK_NCOLS; c++) {
			ld->map[c] = -1;
			for (size_t i = 0; i < row->n; i++)
				if (strcmp(row->f[i].s, names[c]) == 0)
					ld->map[c] = (int)i;
		}
		return 0;
	}
	if (row->flags & TIP_CSV_ROW_BLANK)
		return 0;
	ck->total++;
	int sev = ld->map[CK_SEVERITY];
	const char *s = sev >= 0 && (size_t)sev < row->n ? row->f[sev].s : "";
	if (strcmp(s, "error") == 0)
		ck->nerror++;
	else if (strcmp(s, "warning") == 0)
		ck->nwarning++;
	if (ck->n >= REP_MAX_CHECKS)
		return 0;
	if (ck->n == ck->cap) {
		ck->cap = ck->cap ? ck->cap * 2 : 64;
		ck->row = tip_xrealloc(ck->row, ck->cap * sizeof(*ck->row));
	}
	for (int c = 0; c < CK_NCOLS; c++) {
		int i = ld->map[c];
		ck->row[ck->n][c] = tip_xstrdup(i >= 0 && (size_t)i < row->n ?
		    row->f[i].s : "");
	}
	ck->n++;
	return 0;
}

int
rep_checks_load(struct rep_checks *ck, const char *path)
{
	struct ck_loader ld = {.ck = ck, .path = path};
	struct tip_csv *csv;
	int rc;

	memset(ck, 0, sizeof(*ck));
	csv = tip_csv_new(NULL, ck_row, &ld);
	if (csv == NULL)
		tip_die(TIP_EX_SOFTWARE, ENOMEM, "cannot read '%s'", path);
	rc = tip_csv_read_path(csv, path);
	if (rc == -2) {
		int e = errno;
		tip_csv_free(csv);
		if (e == ENOENT)
			return 0;
		tip_warn(e, "cannot read '%s'", path);
		return TIP_EX_IOERR;
	}
	ck->present = 1;
	if (rc == -1)
		tip_warn(0, "'%s': %s", path, tip_csv_errmsg(csv));
	tip_csv_free(csv);
	return rc == -1 ? TIP_EX_DATAERR : 0;
}

void
rep_checks_release(struct rep_checks *ck)
{
	for (size_t i = 0; i < ck->n; i++)
		for (int c = 0; c < CK_NCOLS; c++)
			free(ck->row[i][c]);
	free(ck->row);
	memset(ck, 0, sizeof(*ck));
}

/* --- submissions --- */

/* Ids become path components: refuse anything that could leave the folder. */
static int
safe_id(const char *id)
{
	return id[0] != '\0' && id[0] != '.' && strchr(id, '/') == NULL &&
	    strlen(id) < 256;
}

static struct rep_sub *
find_sub(struct rep_subs *ss, const char *id)
{
	for (size_t i = 0; i < ss->n; i++)
		if (ss->s[i].id[0] != '\0' && strcmp(ss->s[i].id, id) == 0)
			return &ss->s[i];
	return NULL;
}

static struct rep_sub *
add_sub(struct rep_subs *ss, const char *id)
{
	if (ss->n >= REP_MAX_SUBS)
		return NULL;
	if (ss->n == ss->cap) {
		ss->cap = ss->cap ? ss->cap * 2 : 32;
		ss->s = tip_xrealloc(ss->s, ss->cap * sizeof(*ss->s));
	}
	struct rep_sub *s = &ss->s[ss->n++];
	memset(s, 0, sizeof(*s));
	char **str[] = {&s->programme, &s->agency, &s->period, &s->source,
	    &s->sha256, &s->ingested_at, &s->format, &s->supersedes,
	    &s->outcome, &s->reason, &s->superseded_by, &s->vstatus};
	for (size_t i = 0; i < sizeof(str) / sizeof(str[0]); i++)
		*str[i] = tip_xstrdup("");
	s->id = tip_xstrdup(id);
	s->rows_read = s->accepted = s->rejected = -1;
	return s;
}

static void
set(char **dst, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	free(*dst);
	*dst = tip_xstrdup(v);
}

static void
jset(char **dst, const json_t *o, const char *key)
{
	char *v = jstr(o, key);

	set(dst, v);
	free(v);
}

static void
add_err(struct rep_sub *s, const char *what, unsigned long long n)
{
	for (size_t i = 0; i < s->nerr; i++)
		if (strcmp(s->err[i].what, what) == 0) {
			s->err[i].n += n;
			return;
		}
	if (s->nerr >= REP_MAX_ERRKINDS) {
		s->err_other += n;
		return;
	}
	s->err = tip_xrealloc(s->err, (s->nerr + 1) * sizeof(*s->err));
	s->err[s->nerr].what = tip_xstrdup(what);
	s->err[s->nerr].n = n;
	s->nerr++;
}

static int
cmp_err(const void *a, const void *b)
{
	const struct rep_errkind *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->what, y->what);
}

void
rep_sub_sort_errors(struct rep_sub *s)
{
	if (s->nerr > 1)
		qsort(s->err, s->nerr, sizeof(*s->err), cmp_err);
}

static int
read_staged(struct rep_sub *s, const char *root)
{
	char *path = tip_path(root, TIP_STAGED, "%s/submission.json", s->id);
	int missing;
	json_t *j = load_json(path, &missing);

	free(path);
	if (j == NULL)
		return missing ? 0 : TIP_EX_DATAERR;
	s->staged = 1;
	jset(&s->programme, j, "programme");
	jset(&s->agency, j, "agency");
	jset(&s->period, j, "period");
	jset(&s->source, j, "source");
	jset(&s->sha256, j, "sha256");
	jset(&s->ingested_at, j, "ingested_at");
	jset(&s->format, j, "format");
	jset(&s->supersedes, j, "supersedes");
	json_decref(j);
	return 0;
}

/* errors: {"code": n} or [{"code": c, "count": n}] */
static void
json_errors(struct rep_sub *s, const char *table, const json_t *e)
{
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_object(e)) {
		json_object_foreach((json_t *)e, k, v) {
			if (!json_is_integer(v) || json_integer_value(v) <= 0)
				continue;
			char *what = table != NULL ? tip_strdupf("%s: %s",
			    table, k) : tip_xstrdup(k);
			add_err(s, what, (unsigned long long)json_integer_value(v));
			free(what);
		}
	} else if (json_is_array(e)) {
		json_array_foreach((json_t *)e, i, v) {
			const json_t *c = json_object_get(v, "code");
			const json_t *n = json_object_get(v, "count");
			if (!json_is_string(c) || !json_is_integer(n) ||
			    json_integer_value(n) <= 0)
				continue;
			char *what = table != NULL ? tip_strdupf("%s: %s",
			    table, json_string_value(c)) :
			    tip_xstrdup(json_string_value(c));
			add_err(s, what, (unsigned long long)json_integer_value(n));
			free(what);
		}
	}
}

static int
read_validated(struct rep_sub *s, const char *root, int with_errors)
{
	char *path = tip_path(root, TIP_VALIDATED, "%s/report.json", s->id);
	int missing;
	json_t *j = load_json(path, &missing);
	const char *k;
	json_t *v;
	size_t i;

	free(path);
	if (j == NULL)
		return missing ? 0 : TIP_EX_DATAERR;
	s->validated = 1;
	/* the staged record and the ledger say where it came from */
	if (s->programme[0] == '\0')
		jset(&s->programme, j, "programme");
	if (s->agency[0] == '\0')
		jset(&s->agency, j, "agency");
	if (s->period[0] == '\0')
		jset(&s->period, j, "period");
	jset(&s->vstatus, j, "status");
	s->rows_read = jint(j, "rows_read");
	s->accepted = jint(j, "accepted");
	s->rejected = jint(j, "rejected");
	if (with_errors) {
		json_t *t = json_object_get(j, "tables");
		if (json_is_object(t)) {
			json_object_foreach(t, k, v)
				json_errors(s, k, json_object_get(v, "errors"));
		} else if (json_is_array(t)) {
			json_array_foreach(t, i, v) {
				const json_t *n = json_object_get(v, "name");
				if (!json_is_string(n))
					n = json_object_get(v, "table");
				json_errors(s, json_is_string(n) ?
				    json_string_value(n) : NULL,
				    json_object_get(v, "errors"));
			}
		} else
			json_errors(s, NULL, json_object_get(j, "errors"));
	}
	json_decref(j);
	return 0;
}

struct rej_loader {
	struct rep_sub *s;
	const char *table;
	int field, code;
};

static int
rej_row(void *ctx, const struct tip_csv_row *row)
{
	struct rej_loader *ld = ctx;

	if (row->recno == 1) {
		ld->field = ld->code = -1;
		for (size_t i = 0; i < row->n; i++) {
			if (strcmp(row->f[i].s, "field") == 0)
				ld->field = (int)i;
			else if (strcmp(row->f[i].s, "code") == 0)
				ld->code = (int)i;
		}
		return ld->code < 0; /* not a reject file: stop */
	}
	if ((row->flags & TIP_CSV_ROW_BLANK) || (size_t)ld->code >= row->n)
		return 0;
	const char *field = ld->field >= 0 && (size_t)ld->field < row->n ?
	    row->f[ld->field].s : "";
	char *what = *field != '\0' ? tip_strdupf("%s.%s: %s", ld->table,
	    field, row->f[ld->code].s) : tip_strdupf("%s: %s", ld->table,
	    row->f[ld->code].s);
	add_err(ld->s, what, 1);
	free(what);
	return 0;
}

/* Counts error kinds from rejected/<id>/<table>.csv. Returns 1 if any. */
static int
read_rejected(struct rep_sub *s, const char *root, int *status)
{
	char *dir = tip_path(root, TIP_REJECTED, "%s", s->id);
	size_t n;
	char **names = tip_list_dir(dir, TIP_LIST_FILES, REP_MAX_SUBS, &n);
	int found = 0;

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		if (len < 5 || strcmp(names[i] + len - 4, ".csv") != 0 ||
		    strcmp(names[i], "feedback.csv") == 0)
			continue;
		names[i][len - 4] = '\0';
		struct rej_loader ld = {.s = s, .table = names[i]};
		struct tip_csv *csv = tip_csv_new(NULL, rej_row, &ld);
		if (csv == NULL)
			tip_die(TIP_EX_SOFTWARE, ENOMEM, "out of memory");
		char *path = tip_strdupf("%s/%s.csv", dir, names[i]);
		int rc = tip_csv_read_path(csv, path);
		if (rc == -2 || rc == -1) {
			tip_warn(rc == -2 ? errno : 0, "cannot read '%s'%s%s",
			    path, rc == -1 ? ": " : "",
			    rc == -1 ? tip_csv_errmsg(csv) : "");
			*status = TIP_EX_DATAERR;
		}
		found = 1;
		free(path);
		tip_csv_free(csv);
	}
	tip_list_free(names, n);
	free(dir);
	return found;
}

static int
fill(struct rep_sub *s, const char *root)
{
	int status = 0;

	if (!safe_id(s->id))
		return 0;
	status = tip_worst(status, read_staged(s, root));
	int have_rej = read_rejected(s, root, &status);
	status = tip_worst(status, read_validated(s, root, !have_rej));
	rep_sub_sort_errors(s);
	return status;
}

static void
add_folder(struct rep_subs *ss, const char *root, enum tip_area area)
{
	char *dir = tip_path(root, area, NULL);
	size_t n;
	char **names = tip_list_dir(dir, TIP_LIST_DIRS, REP_MAX_SUBS, &n);

	for (size_t i = 0; i < n; i++)
		if (find_sub(ss, names[i]) == NULL && safe_id(names[i])) {
			struct rep_sub *s = add_sub(ss, names[i]);
			if (s != NULL)
				set(&s->outcome, "staged");
		}
	tip_list_free(names, n);
	free(dir);
}

int
rep_subs_load(struct rep_subs *ss, const char *root)
{
	struct tip_ledger l;
	int status = 0;

	memset(ss, 0, sizeof(*ss));
	int rc = tip_ledger_load(root, &l);
	if (rc != 0) {
		status = TIP_EX_DATAERR;
		memset(&l, 0, sizeof(l));
	}
	for (size_t i = 0; i < l.n; i++) {
		char **c = l.e[i].col;
		const char *oc = c[TIP_L_OUTCOME];
		struct rep_sub *s;
		if (strcmp(oc, TIP_OUTCOME_DUPLICATE) == 0)
			continue; /* the same bytes as a submission listed */
		if (strcmp(oc, TIP_OUTCOME_STAGED) == 0 &&
		    find_sub(ss, c[TIP_L_ID]) != NULL)
			continue;
		/* quarantined entries have no id: "" */
		s = add_sub(ss, c[TIP_L_ID]);
		if (s == NULL)
			break;
		set(&s->outcome, oc);
		set(&s->programme, c[TIP_L_PROGRAMME]);
		set(&s->agency, c[TIP_L_AGENCY]);
		set(&s->period, c[TIP_L_PERIOD]);
		set(&s->source, c[TIP_L_SOURCE]);
		set(&s->sha256, c[TIP_L_SHA256]);
		set(&s->ingested_at, c[TIP_L_TIME]);
		set(&s->supersedes, c[TIP_L_SUPERSEDES]);
		set(&s->reason, c[TIP_L_REASON]);
		if (strcmp(oc, TIP_OUTCOME_STAGED) == 0) {
			const struct tip_ledger_entry *by =
			    tip_ledger_superseded_by(&l, c[TIP_L_ID]);
			if (by != NULL)
				set(&s->superseded_by, by->col[TIP_L_ID]);
		}
	}
	tip_ledger_release(&l);
	add_folder(ss, root, TIP_STAGED);
	add_folder(ss, root, TIP_VALIDATED);
	for (size_t i = 0; i < ss->n; i++)
		if (strcmp(ss->s[i].outcome, TIP_OUTCOME_QUARANTINED) != 0)
			status = tip_worst(status, fill(&ss->s[i], root));
	return status;
}

void
rep_subs_release(struct rep_subs *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		struct rep_sub *s = &ss->s[i];
		char *str[] = {s->id, s->programme, s->agency, s->period,
		    s->source, s->sha256, s->ingested_at, s->format,
		    s->supersedes, s->outcome, s->reason, s->superseded_by,
		    s->vstatus};
		for (size_t k = 0; k < sizeof(str) / sizeof(str[0]); k++)
			free(str[k]);
		for (size_t k = 0; k < s->nerr; k++)
			free(s->err[k].what);
		free(s->err);
	}
	free(ss->s);
	memset(ss, 0, sizeof(*ss));
}
