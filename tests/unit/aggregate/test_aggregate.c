/*
 * Unit tests of tip-aggregate: catalogue loader (good and each kind of bad
 * entry), measures, filters, derived dimensions, merge of partials and
 * small-cell suppression.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../stages/aggregate/aggregate.h"
#include "tip_csv.h"
#include "tip_datadir.h"
#include "tip_err.h"

static char schemas[1024];

static const char *
schema_dir(void)
{
	const char *top = getenv("TOP");

	snprintf(schemas, sizeof(schemas), "%s/schemas", top ? top : ".");
	return schemas;
}

#define BANDS "\"age_bands\": {\"broad\": [{\"code\": \"Y0T17\", \"min\": 0, " \
	"\"max\": 17}, {\"code\": \"Y_GE18\", \"min\": 18}], \"fine\": [" \
	"{\"code\": \"Y0T11\", \"min\": 0, \"max\": 11}, {\"code\": \"Y12T17\", " \
	"\"min\": 12, \"max\": 17}, {\"code\": \"Y_GE18F\", \"min\": 18}]}"

static int
parse(struct agg_catalogue *cat, const char *indicators)
{
	char *buf = tip_strdupf("{\"version\": 1, " BANDS ", \"indicators\": "
	    "[%s]}", indicators);
	int rc = agg_catalogue_parse(cat, buf, strlen(buf), "test.json",
	    schema_dir());

	free(buf);
	return rc;
}

/* ---- catalogue ----------------------------------------------------------- */

static void
test_catalogue_shipped(void **state)
{
	struct agg_catalogue cat;
	char *path = tip_strdupf("%s/indicators.json", schema_dir());
	static const char *const need[] = {"prevention_activities",
		"prevention_participants", "officials_trained",
		"victims_identified", "victims_per_100k", "child_victims_share",
		"victims_referred_nrm_share", "victims_assisted_share",
		"victims_asylum_channel", "persons_investigated",
		"persons_prosecuted", "persons_convicted", "conviction_ratio",
		"coordination_events", "nrm_referrals"};
	int pillars = 0;

	(void)state;
	assert_int_equal(agg_catalogue_load(&cat, path, schema_dir()), 0);
	assert_true(cat.n >= 12);
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		assert_true(agg_catalogue_find(&cat, need[i]) >= 0);
	for (size_t i = 0; i < cat.n; i++)
		if (cat.ind[i].key)
			pillars++;
	assert_int_equal(pillars, 4);
	assert_int_equal(strlen(cat.sha256), 64);
	agg_catalogue_release(&cat);
	free(path);
}

#define V1 "{\"id\": \"v\", \"name\": \"V\", \"pillar\": \"protection\", " \
	"\"unit\": \"persons\", \"table\": \"victims\", \"date\": " \
	"\"date_identified\", \"measure\": \"count\""

static void
test_catalogue_bad(void **state)
{
	static const char *const bad[] = {
		/* unknown pillar */
		"{\"id\": \"v\", \"name\": \"V\", \"pillar\": \"x\", \"unit\": "
		"\"p\", \"table\": \"victims\", \"date\": \"date_identified\", "
		"\"measure\": \"count\"}",
		/* bad id */
		"{\"id\": \"V-1\", \"name\": \"V\", \"pillar\": \"protection\"}",
		/* defined twice */
		V1 "}, " V1 "}",
		/* unknown key */
		V1 ", \"colour\": \"red\"}",
		/* unknown table */
		"{\"id\": \"v\", \"name\": \"V\", \"pillar\": \"protection\", "
		"\"unit\": \"p\", \"table\": \"nope\", \"date\": \"d\", "
		"\"measure\": \"count\"}",
		/* path in a table name */
		"{\"id\": \"v\", \"name\": \"V\", \"pillar\": \"protection\", "
		"\"unit\": \"p\", \"table\": \"../x\", \"date\": \"d\", "
		"\"measure\": \"count\"}",
		/* date field that is not a date */
		"{\"id\": \"v\", \"name\": \"V\", \"pillar\": \"protection\", "
		"\"unit\": \"p\", \"table\": \"victims\", \"date\": \"sex\", "
		"\"measure\": \"count\"}",
		/* missing measure */
		"{\"id\": \"v\", \"name\": \"V\", \"pillar\": \"protection\", "
		"\"unit\": \"p\", \"table\": \"victims\", \"date\": "
		"\"date_identified\"}",
		/* sum of a string field */
		"{\"id\": \"v\", \"name\": \"V\", \"pillar\": \"protection\", "
		"\"unit\": \"p\", \"table\": \"victims\", \"date\": "
		"\"date_identified\", \"measure\": {\"sum\": \"sex\"}}",
		/* filter on an unknown field */
		V1 ", \"filter\": [{\"field\": \"colour\", \"in\": [\"x\"]}]}",
		/* 'is' on a string field */
		V1 ", \"filter\": [{\"field\": \"sex\", \"is\": true}]}",
		/* two kinds in one filter */
		V1 ", \"filter\": [{\"field\": \"age\", \"min\": 1, \"empty\": "
		"true}]}",
		/* min on a string */
		V1 ", \"filter\": [{\"field\": \"sex\", \"min\": 1}]}",
		/* unknown dimension column */
		V1 ", \"dimensions\": [\"colour\"]}",
		/* dimension on a field the table lacks */
		V1 ", \"dimensions\": [{\"column\": \"sex\", \"field\": "
		"\"offender_sex\"}]}",
		/* age group without bands */
		V1 ", \"dimensions\": [{\"column\": \"age_group\", \"field\": "
		"\"age\"}]}",
		/* same dimension twice */
		V1 ", \"dimensions\": [\"sex\", \"sex\"]}",
		/* ratio on an undefined indicator */
		"{\"id\": \"r\", \"name\": \"R\", \"pillar\": \"protection\", "
		"\"unit\": \"percent\", \"numerator\": {\"indicator\": \"zz\"}, "
		"\"denominator\": {\"population\": true}, \"factor\": 100}",
		/* population rate per quarter */
		V1 ", \"dimensions\": [\"sex\"]}, {\"id\": \"r\", \"name\": "
		"\"R\", \"pillar\": \"protection\", \"unit\": \"percent\", "
		"\"numerator\": {\"indicator\": \"v\"}, \"denominator\": "
		"{\"population\": true}, \"factor\": 100}",
		/* ratio without factor */
		V1 "}, {\"id\": \"r\", \"name\": \"R\", \"pillar\": "
		"\"protection\", \"unit\": \"percent\", \"numerator\": "
		"{\"indicator\": \"v\"}, \"denominator\": {\"indicator\": \"v\"}}",
		/* where on a dimension the indicator lacks */
		V1 "}, {\"id\": \"r\", \"name\": \"R\", \"pillar\": "
		"\"protection\", \"unit\": \"percent\", \"numerator\": "
		"{\"indicator\": \"v\", \"where\": {\"sex\": \"male\"}}, "
		"\"denominator\": {\"indicator\": \"v\"}, \"factor\": 100}",
		/* ratio with a table */
		V1 "}, {\"id\": \"r\", \"name\": \"R\", \"pillar\": "
		"\"protection\", \"unit\": \"percent\", \"table\": \"victims\", "
		"\"numerator\": {\"indicator\": \"v\"}, \"denominator\": "
		"{\"indicator\": \"v\"}, \"factor\": 100}",
		/* unknown period */
		V1 ", \"periods\": [\"month\"]}",
		/* not an object */
		"42",
	};
	struct agg_catalogue cat;

	(void)state;
	tip_verbosity = 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = parse(&cat, bad[i]);
		if (rc != TIP_EX_CONFIG)
			fail_msg("case %zu: rc %d, want 78: %s", i, rc, bad[i]);
		assert_int_equal(cat.n, 0);
	}
	/* file-level mistakes */
	static const char *const files[] = {
		"{", "[]", "{\"version\": 2, " BANDS ", \"indicators\": [" V1
		"}]}",
		"{\"version\": 1, \"indicators\": [" V1 "}]}",
		"{\"version\": 1, \"age_bands\": {\"broad\": [{\"code\": \"A\", "
		"\"min\": 0, \"max\": 17}, {\"code\": \"B\", \"min\": 20}]}, "
		"\"indicators\": [" V1 "}]}",
		"{\"version\": 1, \"age_bands\": {\"broad\": [{\"code\": \"A\", "
		"\"min\": 0, \"max\": 17}, {\"code\": \"B\", \"min\": 18}], "
		"\"fine\": [{\"code\": \"C\", \"min\": 0, \"max\": 20}, "
		"{\"code\": \"D\", \"min\": 21}]}, \"indicators\": [" V1 "}]}",
		"{\"version\": 1, " BANDS ", \"indicators\": []}",
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int rc = agg_catalogue_parse(&cat, files[i], strlen(files[i]),
		    "t.json", schema_dir());
		if (rc != TIP_EX_CONFIG)
			fail_msg("file case %zu: rc %d, want 78", i, rc);
	}
	tip_verbosity = 1;
}

/* ---- measures ------------------------------------------------------------ */

/* Feeds a victims row given as its 12 comma-separated fields. */
static void
row(const struct agg_catalogue *cat, int table, uint32_t prog,
    const char *csv, struct agg_table *t)
{
	char *copy = tip_xstrdup(csv), *p = copy;
	struct tip_csv_field f[32];
	int col[32];
	size_t n = 0;

	for (;;) {
		char *c = strchr(p, ',');
		f[n].s = p;
		f[n].len = c ? (size_t)(c - p) : strlen(p);
		n++;
		if (c == NULL)
			break;
		*c = '\0';
		p = c + 1;
	}
	for (int i = 0; i < 32; i++)
		col[i] = i < (int)n ? i : -1;
	assert_true(agg_measure_row(cat, table, prog, col, f, n, t) >= 0);
	free(copy);
}

static int64_t
cell(struct agg_table *t, const struct agg_catalogue *cat, const char *ind,
    const char *prog, const char *country, const char *period,
    const char *const dims[AGG_NDIM])
{
	struct agg_key k;
	struct agg_cell *c;
	uint32_t per;

	agg_key_clear(&k, (uint32_t)agg_catalogue_find(cat, ind));
	k.prog = agg_intern(prog, strlen(prog));
	k.country = agg_intern(country, strlen(country));
	assert_int_equal(agg_period_parse(period, &per), 0);
	k.period = per;
	for (int d = 0; d < AGG_NDIM; d++)
		if (dims[d] != NULL)
			k.dim[d] = agg_intern(dims[d], strlen(dims[d]));
	c = agg_table_get(t, &k, 0);
	return c != NULL ? c->v : -1;
}

#define VCAT \
	"{\"id\": \"vi\", \"name\": \"V\", \"pillar\": \"protection\", " \
	"\"unit\": \"persons\", \"table\": \"victims\", \"date\": " \
	"\"date_identified\", \"measure\": \"count\", \"dimensions\": " \
	"[\"sex\", {\"column\": \"age_group\", \"field\": \"age\", \"bands\": " \
	"\"fine\"}, \"exploitation\"]}, " \
	"{\"id\": \"asy\", \"name\": \"A\", \"pillar\": \"protection\", " \
	"\"unit\": \"persons\", \"table\": \"victims\", \"date\": " \
	"\"date_identified\", \"measure\": \"count\", \"filter\": " \
	"[{\"field\": \"asylum_channel\", \"is\": true}, {\"field\": \"age\", " \
	"\"min\": 18}], \"dimensions\": [{\"column\": \"age_group\", " \
	"\"field\": \"age\", \"bands\": \"broad\"}]}, " \
	"{\"id\": \"sx\", \"name\": \"S\", \"pillar\": \"protection\", " \
	"\"unit\": \"persons\", \"table\": \"victims\", \"date\": " \
	"\"date_identified\", \"measure\": \"count\", \"filter\": " \
	"[{\"field\": \"exploitation\", \"in\": [\"sexual\"]}, {\"field\": " \
	"\"assistance\", \"empty\": true}]}, " \
	"{\"id\": \"share\", \"name\": \"C\", \"pillar\": \"protection\", " \
	"\"unit\": \"percent\", \"numerator\": {\"indicator\": \"vi\", " \
	"\"where\": {\"age_group\": \"Y0T17\", \"exploitation\": \"_T\"}}, " \
	"\"denominator\": {\"indicator\": \"vi\", \"where\": {\"age_group\": " \
	"\"_T\", \"exploitation\": \"_T\"}}, \"factor\": 100}"

static const char *const V[] = {
	"c1,2010-01-05,ARG,female,15,ARG,sexual|forced_labour,actual,police,true,,false",
	"c2,2010-02-05,ARG,female,30,ARG,sexual,actual,police,true,shelter,true",
	"c3,2010-04-05,BOL,male,,BOL,forced_labour|forced_labour,actual,police,false,,true",
	"c4,2010-05-06,ARG,male,9,ARG,sexual,presumed,ngo,true,,false",
	"c5,2010-13-06,ARG,male,9,ARG,sexual,presumed,ngo,true,,false",
};

static void
test_measures(void **state)
{
	struct agg_catalogue cat;
	struct agg_table fine, out;
	uint32_t p;
	const char *T7[AGG_NDIM] = {"_T", "_T", "_T", NULL, NULL, NULL, NULL};

	(void)state;
	assert_int_equal(parse(&cat, VCAT), 0);
	agg_table_init(&fine);
	agg_table_init(&out);
	p = agg_intern("ARG-BOL", 7);
	for (size_t i = 0; i < 5; i++)
		row(&cat, cat.ind[0].table, p, V[i], &fine);
	assert_int_equal(agg_finalise(&cat, &fine, NULL, &out), 0);
	/* count; bad date row 5 left out */
	assert_int_equal(cell(&out, &cat, "vi", "_T", "_T", "2010", T7), 4);
	assert_int_equal(cell(&out, &cat, "vi", "ARG-BOL", "ARG", "2010Q1", T7),
	    2);
	assert_int_equal(cell(&out, &cat, "vi", "ARG-BOL", "_T", "2010Q2", T7),
	    2);
	/* multi-valued: once per value, once in the total; duplicates once */
	const char *fl[AGG_NDIM] = {"_T", "_T", "forced_labour"};
	assert_int_equal(cell(&out, &cat, "vi", "_T", "_T", "2010", fl), 2);
	const char *sx[AGG_NDIM] = {"_T", "_T", "sexual"};
	assert_int_equal(cell(&out, &cat, "vi", "_T", "_T", "2010", sx), 3);
	/* derived age bands: broad, fine, unknown */
	const char *a1[AGG_NDIM] = {"_T", "Y0T17", "_T"};
	const char *a2[AGG_NDIM] = {"_T", "Y0T11", "_T"};
	const char *a3[AGG_NDIM] = {"_T", "_U", "_T"};
	const char *a4[AGG_NDIM] = {"female", "Y12T17", "_T"};
	assert_int_equal(cell(&out, &cat, "vi", "_T", "_T", "2010", a1), 2);
	assert_int_equal(cell(&out, &cat, "vi", "_T", "_T", "2010", a2), 1);
	assert_int_equal(cell(&out, &cat, "vi", "_T", "_T", "2010", a3), 1);
	assert_int_equal(cell(&out, &cat, "vi", "_T", "_T", "2010", a4), 1);
	/* filters: boolean and range (asylum, adult) */
	const char *ad[AGG_NDIM] = {NULL, "Y_GE18"};
	const char *at[AGG_NDIM] = {NULL, "_T"};
	assert_int_equal(cell(&out, &cat, "asy", "_T", "_T", "2010", at), 1);
	assert_int_equal(cell(&out, &cat, "asy", "_T", "_T", "2010", ad), 1);
	/* filter in a list, and empty */
	const char *none[AGG_NDIM] = {NULL};
	assert_int_equal(cell(&out, &cat, "sx", "_T", "_T", "2010", none), 2);
	/* ratio: 2 children of 4 = 50.00 */
	const char *sh[AGG_NDIM] = {"_T", "Y0T17", "_T"};
	assert_int_equal(cell(&out, &cat, "share", "_T", "_T", "2010", sh),
	    5000);
	const char *shm[AGG_NDIM] = {"male", "Y0T17", "_T"};
	assert_int_equal(cell(&out, &cat, "share", "ARG-BOL", "BOL", "2010Q2",
	    shm), 0);
	agg_table_release(&fine);
	agg_table_release(&out);
	agg_catalogue_release(&cat);
}

static void
test_sum_split_and_dates(void **state)
{
	struct agg_catalogue cat;
	struct agg_table fine, out;
	int y, q;

	(void)state;
	assert_int_equal(agg_date_quarter("2010-12-31", 10, &y, &q), 0);
	assert_int_equal(y * 10 + q, 20104);
	assert_int_equal(agg_date_quarter("2011-04", 7, &y, &q), 0);
	assert_int_equal(y * 10 + q, 20112);
	assert_int_equal(agg_date_quarter("2011-00", 7, &y, &q), -1);
	assert_int_equal(agg_date_quarter("201-01-01", 9, &y, &q), -1);
	assert_int_equal(parse(&cat,
	    "{\"id\": \"pp\", \"name\": \"P\", \"pillar\": \"prevention\", "
	    "\"unit\": \"persons\", \"table\": \"prevention\", \"date\": "
	    "\"date_start\", \"measure\": {\"sum\": [\"participants_female\", "
	    "\"participants_male\"], \"split\": {\"sex\": [\"female\", "
	    "\"male\"]}}, \"dimensions\": [\"target_group\"]}, "
	    "{\"id\": \"big\", \"name\": \"B\", \"pillar\": \"prevention\", "
	    "\"unit\": \"persons\", \"table\": \"prevention\", \"date\": "
	    "\"date_start\", \"measure\": {\"sum\": [\"participants_female\", "
	    "\"participants_male\"]}}"), 0);
	agg_table_init(&fine);
	agg_table_init(&out);
	row(&cat, 0, agg_intern("SRB", 3), "a1,2010-01-01,2010-01-02,SRB,training,officials,3,4",
	    &fine);
	row(&cat, 0, agg_intern("SRB", 3), "a2,2010-02-01,2010-02-02,SRB,media,migrants,10,0",
	    &fine);
	row(&cat, 0, agg_intern("SRB", 3), "a3,2010-02-01,2010-02-02,SRB,media,migrants,"
	    "9223372036854775807,1", &fine);
	assert_int_equal(agg_finalise(&cat, &fine, NULL, &out), 0);
	const char *f[AGG_NDIM] = {"female", NULL, NULL, NULL, NULL,
	    "officials"};
	const char *t[AGG_NDIM] = {"_T", NULL, NULL, NULL, NULL, "officials"};
	assert_int_equal(cell(&out, &cat, "pp", "_T", "_T", "2010Q1", t), 7);
	assert_int_equal(cell(&out, &cat, "pp", "_T", "_T", "2010Q1", f), 3);
	/* overflow is flagged, never wrapped */
	struct agg_key k;
	agg_key_clear(&k, 1);
	k.prog = AGG_T;
	k.country = AGG_T;
	k.period = AGG_PERIOD(2010, 0);
	struct agg_cell *c = agg_table_get(&out, &k, 0);
	assert_non_null(c);
	assert_true(c->flags & AGG_F_OVERFLOW);
	assert_string_equal(agg_status(c, 0), "overflow");
	agg_table_release(&fine);
	agg_table_release(&out);
	agg_catalogue_release(&cat);
}

/* ---- merge ----------------------------------------------------------------- */

static uint64_t rng = 42;

static unsigned
rnd(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rng >> 33) % n;
}

static void
random_victim(char *buf, size_t size)
{
	static const char *const sex[] = {"female", "male", "unknown"};
	static const char *const ex[] = {"sexual", "forced_labour",
		"sexual|forced_begging", "domestic_servitude"};
	static const char *const co[] = {"ARG", "BOL"};
	char age[8] = "";

	if (rnd(10) > 0)
		snprintf(age, sizeof(age), "%u", rnd(70));
	snprintf(buf, size, "c,2010-%02u-%02u,%s,%s,%s,,%s,actual,police,%s,"
	    "%s,%s", 1 + rnd(12), 1 + rnd(28), co[rnd(2)], sex[rnd(3)], age,
	    ex[rnd(4)], rnd(2) ? "true" : "false", rnd(2) ? "shelter" : "",
	    rnd(5) ? "false" : "true");
}

static int
same_tables(struct agg_table *a, struct agg_table *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->cap; i++) {
		struct agg_cell *c = &a->c[i], *d;
		if (c->k.ind == AGG_NONE)
			continue;
		d = agg_table_get(b, &c->k, 0);
		if (d == NULL || d->v != c->v || d->num != c->num ||
		    d->den != c->den || d->flags != c->flags)
			return 0;
	}
	return 1;
}

static void
test_merge_any_split(void **state)
{
	struct agg_catalogue cat;
	struct agg_table one, part[3], merged, f1, f2;
	char buf[256];
	uint32_t prog;

	(void)state;
	assert_int_equal(parse(&cat, VCAT), 0);
	prog = agg_intern("ARG-BOL", 7);
	for (int split = 0; split < 5; split++) {
		agg_table_init(&one);
		agg_table_init(&merged);
		for (int i = 0; i < 3; i++)
			agg_table_init(&part[i]);
		for (int i = 0; i < 2000; i++) {
			random_victim(buf, sizeof(buf));
			row(&cat, 0, AGG_T, buf, &one);
			row(&cat, 0, AGG_T, buf, &part[rnd(3)]);
		}
		assert_int_equal(agg_merge(&merged, &part[2], prog), 0);
		assert_int_equal(agg_merge(&merged, &part[0], prog), 0);
		assert_int_equal(agg_merge(&merged, &part[1], prog), 0);
		struct agg_table onep;
		agg_table_init(&onep);
		assert_int_equal(agg_merge(&onep, &one, prog), 0);
		agg_table_init(&f1);
		agg_table_init(&f2);
		assert_int_equal(agg_finalise(&cat, &onep, NULL, &f1), 0);
		assert_int_equal(agg_finalise(&cat, &merged, NULL, &f2), 0);
		assert_true(f1.n > 100);
		assert_true(same_tables(&f1, &f2));
		agg_table_release(&onep);
		agg_table_release(&one);
		agg_table_release(&merged);
		agg_table_release(&f1);
		agg_table_release(&f2);
		for (int i = 0; i < 3; i++)
			agg_table_release(&part[i]);
	}
	agg_catalogue_release(&cat);
}

/* ---- suppression ------------------------------------------------------------ */

struct audit {
	size_t single; /* relations with exactly one hidden cell */
	size_t rel;
};

static void
audit_fn(void *ctx, struct agg_cell *total, struct agg_cell **parts,
    size_t n)
{
	struct audit *a = ctx;
	size_t h = total != NULL && (total->flags & AGG_F_SUPP);

	for (size_t i = 0; i < n; i++)
		h += (parts[i]->flags & AGG_F_SUPP) != 0;
	a->rel++;
	if (h == 1)
		a->single++;
}

static void
test_suppression_complementary(void **state)
{
	struct agg_catalogue cat;
	struct agg_table fine, out;
	struct audit a = {0, 0};
	char buf[256];
	int i;

	(void)state;
	assert_int_equal(parse(&cat,
	    "{\"id\": \"vs\", \"name\": \"V\", \"pillar\": \"protection\", "
	    "\"unit\": \"persons\", \"table\": \"victims\", \"date\": "
	    "\"date_identified\", \"measure\": \"count\", \"periods\": "
	    "[\"year\"], \"dimensions\": [\"sex\"]}, "
	    "{\"id\": \"r\", \"name\": \"R\", \"pillar\": \"protection\", "
	    "\"unit\": \"percent\", \"periods\": [\"year\"], \"numerator\": "
	    "{\"indicator\": \"vs\"}, \"denominator\": {\"indicator\": \"vs\", "
	    "\"where\": {\"sex\": \"_T\"}}, \"factor\": 100}"), 0);
	agg_table_init(&fine);
	agg_table_init(&out);
	/* one country: 10 female, 3 male */
	for (i = 0; i < 13; i++) {
		snprintf(buf, sizeof(buf), "c,2010-01-01,SRB,%s,20,,sexual,"
		    "actual,police,true,,false", i < 10 ? "female" : "male");
		row(&cat, 0, agg_intern("SRB", 3), buf, &fine);
	}
	assert_int_equal(agg_finalise(&cat, &fine, NULL, &out), 0);
	const char *tot[AGG_NDIM] = {"_T"}, *f[AGG_NDIM] = {"female"},
	    *m[AGG_NDIM] = {"male"};
	assert_int_equal(cell(&out, &cat, "vs", "SRB", "SRB", "2010", tot), 13);
	agg_suppress(&cat, &out, 5);
	/* naive primary suppression hides only male 3: 13 - 10 = 3 leaks */
	struct agg_key k;
	agg_key_clear(&k, 0);
	k.prog = agg_intern("SRB", 3);
	k.country = k.prog;
	k.period = AGG_PERIOD(2010, 0);
	k.dim[AGG_SEX] = agg_intern("male", 4);
	assert_true(agg_table_get(&out, &k, 0)->flags & AGG_F_PRIMARY);
	k.dim[AGG_SEX] = agg_intern("female", 6);
	struct agg_cell *fc = agg_table_get(&out, &k, 0);
	k.dim[AGG_SEX] = AGG_T;
	struct agg_cell *tc = agg_table_get(&out, &k, 0);
	assert_true((fc->flags & AGG_F_SUPP) || (tc->flags & AGG_F_SUPP));
	assert_false(fc->flags & AGG_F_PRIMARY);
	(void)f;
	(void)m;
	/* no relation is left with exactly one hidden cell */
	agg_relations(&cat, &out, audit_fn, &a);
	assert_true(a.rel > 0);
	assert_int_equal(a.single, 0);
	/* ratio on the hidden male count is hidden too */
	agg_key_clear(&k, 1);
	k.prog = agg_intern("SRB", 3);
	k.country = k.prog;
	k.period = AGG_PERIOD(2010, 0);
	k.dim[AGG_SEX] = agg_intern("male", 4);
	struct agg_cell *rc = agg_table_get(&out, &k, 0);
	assert_non_null(rc);
	assert_int_equal(rc->v, 2308); /* 3 / 13 = 23.08 % */
	assert_true(rc->flags & AGG_F_SUPP);
	char val[32];
	agg_format_value(&cat.ind[1], rc, 0, val, sizeof(val));
	assert_string_equal(val, "23.08");
	agg_format_value(&cat.ind[1], rc, 1, val, sizeof(val));
	assert_string_equal(val, "");
	agg_table_release(&fine);
	agg_table_release(&out);
	agg_catalogue_release(&cat);
}

static void
test_suppression_random_audit(void **state)
{
	struct agg_catalogue cat;
	struct agg_table fine, out;
	struct audit a = {0, 0};
	char buf[256];

	(void)state;
	assert_int_equal(parse(&cat, VCAT), 0);
	agg_table_init(&fine);
	agg_table_init(&out);
	for (int i = 0; i < 300; i++) {
		random_victim(buf, sizeof(buf));
		row(&cat, 0, agg_intern("ARG-BOL", 7), buf, &fine);
	}
	assert_int_equal(agg_finalise(&cat, &fine, NULL, &out), 0);
	assert_true(agg_suppress(&cat, &out, 5) > 0);
	agg_relations(&cat, &out, audit_fn, &a);
	assert_int_equal(a.single, 0);
	agg_table_release(&fine);
	agg_table_release(&out);
	agg_catalogue_release(&cat);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_shipped),
		cmocka_unit_test(test_catalogue_bad),
		cmocka_unit_test(test_measures),
		cmocka_unit_test(test_sum_split_and_dates),
		cmocka_unit_test(test_merge_any_split),
		cmocka_unit_test(test_suppression_complementary),
		cmocka_unit_test(test_suppression_random_audit),
	};

	tip_set_progname("test_aggregate");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
