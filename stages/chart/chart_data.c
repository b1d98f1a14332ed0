/*
 * Reading what charts draw: the rows of aggregates/indicators*.csv that a
 * chart uses, as_of from aggregates/meta.json, and row counts from
 * validated/<id>/report.json. Only rows the charts need are kept, so memory
 * follows the number of groups charted. Not here: choosing or drawing.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chart.h"
#include "tip_csv.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_ledger.h"

/* Indicators some chart draws; rows of others are not kept. */
static const char *const wanted[] = {
	"victims_identified", "victims_per_100k", "persons_investigated",
	"persons_prosecuted", "persons_convicted", "prevention_participants",
	"coordination_events", NULL,
};

enum col {
	C_INDICATOR, C_PILLAR, C_PROGRAMME, C_COUNTRY, C_PERIOD, C_SEX,
	C_AGE, C_EXPLOITATION, C_ASSISTANCE, C_OFFCIT, C_TARGET, C_MECHANISM,
	C_VALUE, C_STATUS, C_NCOLS
};

static const char *const colname[C_NCOLS] = {
	"indicator", "pillar", "programme", "country", "period", "sex",
	"age_group", "exploitation", "assistance", "offender_citizenship",
	"target_group", "mechanism", "value", "status",
};

struct load {
	struct chart_table *t;
	const char *path;
	int idx[C_NCOLS]; /* field index of each column, -1 when absent */
	int have_header;
	int status;
	int full_warned;
};

int
chart_period_parse(const char *s)
{
	int y;

	if (s == NULL || strlen(s) < 4)
		return -1;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	if (y < 1900 || y > 2199)
		return -1;
	if (s[4] == '\0')
		return y * 10;
	if (s[4] == 'Q' && s[5] >= '1' && s[5] <= '4' && s[6] == '\0')
		return y * 10 + (s[5] - '0');
	return -1;
}

void
chart_period_format(int pcode, char buf[8])
{
	int y = pcode / 10, q = pcode % 10;

	if (y < 1900 || y > 2199 || q < 0 || q > 4)
		snprintf(buf, 8, "?");
	else if (q == 0)
		snprintf(buf, 8, "%04d", y);
	else
		snprintf(buf, 8, "%04dQ%d", y, q);
}

static int
is_wanted(const char *ind)
{
	for (size_t i = 0; wanted[i] != NULL; i++)
		if (strcmp(wanted[i], ind) == 0)
			return 1;
	return 0;
}

/* Total or not applicable: the dimension is not broken down. */
static int
is_flat(const char *s)
{
	return strcmp(s, "_T") == 0 || strcmp(s, "_Z") == 0 || *s == '\0';
}

static const char *
field(const struct load *ld, const struct tip_csv_row *row, enum col c)
{
	int i = ld->idx[c];

	if (i < 0 || (size_t)i >= row->n)
		return "";
	return row->f[i].s;
}

static void
bad_row(struct load *ld, const struct tip_csv_row *row, const char *why)
{
	if (ld->t->skipped < 5)
		tip_warn(0, "'%s' line %llu: %s; row skipped", ld->path,
		    (unsigned long long)row->line, why);
	ld->t->skipped++;
	ld->status = tip_worst(ld->status, TIP_EX_DATAERR);
}

static int
header(struct load *ld, const struct tip_csv_row *row)
{
	for (int c = 0; c < C_NCOLS; c++) {
		/* the four dimensions no chart breaks down may be absent */
		int optional = c > C_EXPLOITATION && c < C_VALUE;

		ld->idx[c] = -1;
		for (size_t i = 0; i < row->n; i++)
			if (strcmp(row->f[i].s, colname[c]) == 0)
				ld->idx[c] = (int)i;
		if (!optional && ld->idx[c] < 0) {
			tip_warn(0, "'%s': no column '%s' in the header",
			    ld->path, colname[c]);
			ld->status = tip_worst(ld->status, TIP_EX_DATAERR);
			return 1;
		}
	}
	ld->have_header = 1;
	return 0;
}

static int
on_row(void *ctx, const struct tip_csv_row *row)
{
	struct load *ld = ctx;
	struct chart_table *t = ld->t;
	struct chart_row r;
	const char *st, *val;

	if (row->flags & TIP_CSV_ROW_BLANK)
		return 0;
	if (!ld->have_header)
		return header(ld, row);
	if (row->flags & (TIP_CSV_ROW_NUL | TIP_CSV_ROW_BADUTF8)) {
		bad_row(ld, row, "NUL byte or invalid UTF-8");
		return 0;
	}
	if (!is_wanted(field(ld, row, C_INDICATOR)))
		return 0;
	if (!is_flat(field(ld, row, C_ASSISTANCE)) ||
	    !is_flat(field(ld, row, C_OFFCIT)) ||
	    !is_flat(field(ld, row, C_TARGET)) ||
	    !is_flat(field(ld, row, C_MECHANISM)))
		return 0;
	memset(&r, 0, sizeof(r));
	r.pcode = chart_period_parse(field(ld, row, C_PERIOD));
	if (r.pcode < 0) {
		bad_row(ld, row, "period is not YYYY or YYYYQn");
		return 0;
	}
	st = field(ld, row, C_STATUS);
	val = field(ld, row, C_VALUE);
	if (strcmp(st, "ok") == 0) {
		char *end;
		errno = 0;
		r.value = strtod(val, &end);
		if (*val == '\0' || *end != '\0' || errno != 0 ||
		    r.value != r.value) {
			bad_row(ld, row, "status ok without a numeric value");
			return 0;
		}
		r.status = CHART_ST_OK;
	} else if (strcmp(st, "suppressed") == 0) {
		r.status = CHART_ST_SUPPRESSED;
	} else if (strcmp(st, "no_data") == 0 ||
	    strcmp(st, "zero_denominator") == 0 ||
	    strcmp(st, "overflow") == 0) {
		r.status = CHART_ST_NO_DATA;
	} else {
		bad_row(ld, row, "unknown status");
		return 0;
	}
	if (t->n >= CHART_MAX_ROWS) {
		if (!ld->full_warned)
			tip_warn(0, "'%s': more than %d charted rows; the rest "
			    "is left out", ld->path, CHART_MAX_ROWS);
		ld->full_warned = 1;
		ld->status = tip_worst(ld->status, TIP_EX_DATAERR);
		return 0;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->r = tip_xrealloc(t->r, t->cap * sizeof(*t->r));
	}
	r.indicator = tip_xstrdup(field(ld, row, C_INDICATOR));
	r.pillar = tip_xstrdup(field(ld, row, C_PILLAR));
	r.programme = tip_xstrdup(field(ld, row, C_PROGRAMME));
	r.country = tip_xstrdup(field(ld, row, C_COUNTRY));
	r.period = tip_xstrdup(field(ld, row, C_PERIOD));
	r.sex = tip_xstrdup(field(ld, row, C_SEX));
	r.age_group = tip_xstrdup(field(ld, row, C_AGE));
	r.exploitation = tip_xstrdup(field(ld, row, C_EXPLOITATION));
	t->r[t->n++] = r;
	return 0;
}

int
chart_table_load(const char *path, struct chart_table *t)
{
	struct tip_csv_opts co = {
		.max_field = 4096, .max_record = 65536, .max_fields = 64,
	};
	struct load ld;
	struct tip_csv *c;
	int rc;

	memset(t, 0, sizeof(*t));
	memset(&ld, 0, sizeof(ld));
	ld.t = t;
	ld.path = path;
	c = tip_csv_new(&co, on_row, &ld);
	if (c == NULL)
		tip_die(TIP_EX_SOFTWARE, ENOMEM, "cannot read '%s'", path);
	rc = tip_csv_read_path(c, path);
	if (rc == -2) {
		int e = errno;
		tip_warn(e, "cannot read '%s'", path);
		tip_csv_free(c);
		return e == ENOENT ? TIP_EX_NOINPUT : TIP_EX_IOERR;
	}
	if (rc == -1) {
		tip_warn(0, "'%s': %s; rows after it are left out", path,
		    tip_csv_errmsg(c));
		ld.status = tip_worst(ld.status, TIP_EX_DATAERR);
	}
	if (!ld.have_header && ld.status == 0) {
		tip_warn(0, "'%s' is empty", path);
		ld.status = TIP_EX_DATAERR;
	}
	if (t->skipped > 5)
		tip_warn(0, "'%s': %zu malformed rows skipped in all", path,
		    t->skipped);
	tip_csv_free(c);
	return ld.status;
}

void
chart_table_release(struct chart_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct chart_row *r = &t->r[i];
		free(r->indicator);
		free(r->pillar);
		free(r->programme);
		free(r->country);
		free(r->period);
		free(r->sex);
		free(r->age_group);
		free(r->exploitation);
	}
	free(t->r);
	memset(t, 0, sizeof(*t));
}

/* A plain date or UTC timestamp: digits, '-', ':', 'T', 'Z' only. */
static int
plain_time(const char *s)
{
	size_t n = strlen(s);

	if (n < 10 || n > 25)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && strchr("-:TZ.+", s[i]) ==
		    NULL)
			return 0;
	return isdigit((unsigned char)s[0]) && s[4] == '-' && s[7] == '-';
}

int
chart_meta_as_of(const char *path, char *buf, size_t n)
{
	json_error_t je;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	const char *s = NULL;
	int rc = -1;

	snprintf(buf, n, "unknown");
	if (root == NULL) {
		tip_warn(0, "cannot read '%s': %s", path, je.text);
		return -1;
	}
	s = json_string_value(json_object_get(root, "as_of"));
	if (s == NULL || !plain_time(s)) {
		tip_warn(0, "'%s': as_of is missing or not a date", path);
	} else {
		/* the date is what a reader needs; the time stays in meta */
		snprintf(buf, n, "%.10s", s);
		rc = 0;
	}
	json_decref(root);
	return rc;
}

static int
sub_cmp(const void *a, const void *b)
{
	const struct chart_sub *x = a, *y = b;
	int c;

	if ((c = strcmp(x->programme, y->programme)) != 0)
		return c;
	if ((c = strcmp(x->agency, y->agency)) != 0)
		return c;
	if ((c = strcmp(x->period, y->period)) != 0)
		return c;
	return strcmp(x->id, y->id);
}

static const char *
jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s != NULL ? s : "";
}

/* Reads one report.json; returns 0 or -1 after a warning. */
static int
sub_read(const char *path, struct chart_sub *s)
{
	json_error_t je;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	json_t *a, *r;

	if (root == NULL) {
		tip_warn(0, "cannot read '%s': %s", path, je.text);
		return -1;
	}
	a = json_object_get(root, "accepted");
	r = json_object_get(root, "rejected");
	if (!json_is_integer(a) || !json_is_integer(r) ||
	    json_integer_value(a) < 0 || json_integer_value(r) < 0 ||
	    *jstr(root, "programme") == '\0') {
		tip_warn(0, "'%s': no programme or row counts", path);
		json_decref(root);
		return -1;
	}
	s->id = tip_xstrdup(jstr(root, "id"));
	s->programme = tip_xstrdup(jstr(root, "programme"));
	s->agency = tip_xstrdup(jstr(root, "agency"));
	s->period = tip_xstrdup(jstr(root, "period"));
	s->accepted = json_integer_value(a);
	s->rejected = json_integer_value(r);
	json_decref(root);
	return 0;
}

int
chart_subs_load(const char *root, struct chart_subs *s)
{
	char *dir = tip_path(root, TIP_VALIDATED, NULL);
	struct tip_ledger led;
	struct dirent *de;
	int status = 0, have_ledger;
	DIR *d;

	memset(s, 0, sizeof(*s));
	have_ledger = tip_ledger_load(root, &led) == 0;
	d = opendir(dir);
	if (d == NULL) {
		free(dir);
		if (have_ledger)
			tip_ledger_release(&led);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		struct chart_sub sub;
		struct stat st;
		char *p;

		if (de->d_name[0] == '.')
			continue;
		/* ids the ledger knows and that something superseded */
		if (have_ledger && led.n > 0 &&
		    tip_ledger_find_id(&led, de->d_name) != NULL &&
		    !tip_ledger_is_current(&led, de->d_name))
			continue;
		p = tip_strdupf("%s/%s/report.json", dir, de->d_name);
		if (stat(p, &st) != 0) {
			free(p);
			continue; /* a folder being written, or not ours */
		}
		if (s->n >= CHART_MAX_SUBS) {
			free(p);
			status = tip_worst(status, TIP_EX_DATAERR);
			break;
		}
		if (sub_read(p, &sub) != 0) {
			status = tip_worst(status, TIP_EX_DATAERR);
			free(p);
			continue;
		}
		free(p);
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 64;
			s->s = tip_xrealloc(s->s, s->cap * sizeof(*s->s));
		}
		s->s[s->n++] = sub;
	}
	closedir(d);
	free(dir);
	if (have_ledger)
		tip_ledger_release(&led);
	if (s->n > 0)
		qsort(s->s, s->n, sizeof(*s->s), sub_cmp);
	return status;
}

void
chart_subs_release(struct chart_subs *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->s[i].id);
		free(s->s[i].programme);
		free(s->s[i].agency);
		free(s->s[i].period);
	}
	free(s->s);
	memset(s, 0, sizeof(*s));
}
