/*
 * tip-validate's checks, one by one: every type, constraint and error
 * code, header problems, structural CSV errors, bad schemas, and the
 * invariant rows_read = accepted + rejected.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../../stages/validate/vfield.h"
#include "../../../stages/validate/vschema.h"
#include "../../../stages/validate/vtable.h"

struct res {
	char *acc, *rej, *fb;
	size_t alen, rlen, flen;
	struct val_counts n;
	struct val_first first;
};

static char refdir[64];

static struct val_schema *
schema(const char *json)
{
	char err[512];
	struct val_schema *s = val_schema_parse(json, strlen(json), "t",
	    refdir, err, sizeof(err));

	if (s == NULL)
		fail_msg("schema refused: %s", err);
	return s;
}

static void
run(const char *json, const char *csv, struct res *r)
{
	struct val_schema *s = schema(json);
	struct val_sub sub = {.programme = "SRB"};
	struct val_out out;
	struct val_table *t;
	FILE *a, *j, *f;

	memset(r, 0, sizeof(*r));
	val_period_days("2010Q1", &sub.period_first, &sub.period_last);
	sub.have_period = 1;
	a = open_memstream(&r->acc, &r->alen);
	j = open_memstream(&r->rej, &r->rlen);
	f = open_memstream(&r->fb, &r->flen);
	out.accepted = a;
	out.rejects = j;
	out.feedback = f;
	t = val_table_new(s, "t", &sub, &out, NULL, &r->first);
	assert_int_equal(val_table_read_mem(t, csv, strlen(csv)), 0);
	r->n = *val_table_counts(t);
	assert_int_equal(r->n.rows_read, r->n.accepted + r->n.rejected);
	val_table_free(t);
	val_schema_free(s);
	fclose(a);
	fclose(j);
	fclose(f);
}

static void
res_free(struct res *r)
{
	free(r->acc);
	free(r->rej);
	free(r->fb);
}

/* One field of type/extra keys; the CSV has header "x". */
static void
one(const char *field, const char *cell, const char *want_acc,
    const char *want_code, const char *want_msg)
{
	char json[1024], csv[512];
	struct res r;

	/* A second column keeps a row with an empty x from being blank. */
	snprintf(json, sizeof(json), "{\"fields\": [{\"name\": \"x\", %s}, "
	    "{\"name\": \"y\"}]}", field);
	snprintf(csv, sizeof(csv), "x,y\n%s,k\n", cell);
	run(json, csv, &r);
	if (want_acc != NULL) {
		char w[600];
		snprintf(w, sizeof(w), "x,y\n%s,k\n", want_acc);
		if (strcmp(r.acc, w) != 0 || r.n.accepted != 1)
			fail_msg("%s / '%s': accepted '%s', want '%s'; rejects "
			    "%s", field, cell, r.acc, w, r.rej);
	} else {
		if (r.n.rejected != 1 || strstr(r.rej, want_code) == NULL ||
		    (want_msg != NULL && strstr(r.rej, want_msg) == NULL))
			fail_msg("%s / '%s': want %s '%s', rejects:\n%s", field,
			    cell, want_code, want_msg ? want_msg : "", r.rej);
	}
	res_free(&r);
}

#define OK(f, c, w) one(f, c, w, NULL, NULL)
#define BAD(f, c, code, m) one(f, c, NULL, code, m)

static void
test_types(void **state)
{
	(void)state;
	OK("\"type\": \"string\"", "  hello ", "hello");
	OK("\"type\": \"string\"", "\"a,b\"", "\"a,b\"");
	OK("\"type\": \"integer\"", "42", "42");
	OK("\"type\": \"integer\"", "-7", "-7");
	OK("\"type\": \"integer\"", "+007", "7");
	OK("\"type\": \"integer\"", "-9223372036854775808",
	    "-9223372036854775808");
	BAD("\"type\": \"integer\"", "9223372036854775808", "type-error",
	    "not of type integer");
	BAD("\"type\": \"integer\"", "17.5", "type-error", NULL);
	BAD("\"type\": \"integer\"", "1e2", "type-error", NULL);
	BAD("\"type\": \"integer\"", "twenty", "type-error", NULL);
	BAD("\"type\": \"integer\"", "-", "type-error", NULL);
	OK("\"type\": \"number\"", "3.25", "3.25");
	OK("\"type\": \"number\"", "+1e3", "1e3");
	OK("\"type\": \"number\"", ".5", ".5");
	OK("\"type\": \"number\"", "NaN", "NaN");
	BAD("\"type\": \"number\"", "1.2.3", "type-error", NULL);
	BAD("\"type\": \"number\"", "e5", "type-error", NULL);
	OK("\"type\": \"boolean\"", "TRUE", "true");
	OK("\"type\": \"boolean\"", "0", "false");
	OK("\"type\": \"boolean\", \"trueValues\": [\"yes\"], "
	    "\"falseValues\": [\"no\"]", "no", "false");
	BAD("\"type\": \"boolean\", \"trueValues\": [\"yes\"], "
	    "\"falseValues\": [\"no\"]", "true", "type-error", NULL);
	OK("\"type\": \"date\"", "2010-02-28", "2010-02-28");
	OK("\"type\": \"date\"", "2012-02-29", "2012-02-29");
	BAD("\"type\": \"date\"", "2010-02-29", "type-error", NULL);
	BAD("\"type\": \"date\"", "2010-04-31", "type-error", NULL);
	BAD("\"type\": \"date\"", "31/03/2010", "type-error", NULL);
	BAD("\"type\": \"date\"", "20100331", "type-error", NULL);
	OK("\"type\": \"date\", \"format\": \"%d/%m/%Y\"", "1/3/2010",
	    "2010-03-01");
	OK("\"type\": \"date\", \"format\": \"%d.%m.%y\"", "31.12.99",
	    "1999-12-31");
	BAD("\"type\": \"date\", \"format\": \"%d/%m/%Y\"", "2010-03-01",
	    "type-error", "in format %d/%m/%Y");
	OK("\"type\": \"year\"", "2010", "2010");
	BAD("\"type\": \"year\"", "10", "type-error", NULL);
	OK("\"type\": \"yearmonth\"", "2010-03", "2010-03");
	BAD("\"type\": \"yearmonth\"", "2010-13", "type-error", NULL);
	BAD("\"type\": \"yearmonth\"", "2010-3", "type-error", NULL);
	OK("\"type\": \"list\", \"delimiter\": \";\"", "a; b ;c", "a|b|c");
	OK("\"type\": \"list\", \"itemType\": \"integer\"", "\"1, 02,3\"",
	    "1|2|3");
	BAD("\"type\": \"list\", \"itemType\": \"integer\"", "\"1,x\"",
	    "type-error", "list item 'x'");
	BAD("\"type\": \"list\", \"delimiter\": \"|\"", "a||b", "type-error",
	    "empty item");
	OK("\"type\": \"list\", \"itemType\": \"date\", \"format\": "
	    "\"%d/%m/%Y\", \"delimiter\": \";\"", "1/2/2010;3/4/2010",
	    "2010-02-01|2010-04-03");
}

static void
test_constraints(void **state)
{
	(void)state;
	BAD("\"constraints\": {\"required\": true}", "\"  \"",
	    "constraint-error", "constraint required");
	OK("\"constraints\": {\"required\": false}", "\"\"", "");
	OK("\"type\": \"integer\"", "\"\"", "");
	OK("\"type\": \"integer\", \"missingValues\": [\"n/a\", \"\"]", "n/a",
	    "");
	BAD("\"type\": \"integer\", \"missingValues\": [\"n/a\"], "
	    "\"constraints\": {\"required\": true}", "n/a", "constraint-error",
	    "required");
	BAD("\"type\": \"integer\", \"constraints\": {\"minimum\": 0}", "-1",
	    "constraint-error", "constraint minimum: '-1' is less than 0");
	BAD("\"type\": \"integer\", \"constraints\": {\"maximum\": 120}", "121",
	    "constraint-error", "constraint maximum");
	OK("\"type\": \"integer\", \"constraints\": {\"maximum\": 120}", "120",
	    "120");
	BAD("\"type\": \"number\", \"constraints\": {\"minimum\": 0.5}", "0.4",
	    "constraint-error", "minimum");
	BAD("\"type\": \"date\", \"constraints\": {\"minimum\": "
	    "\"2010-01-01\"}", "2009-12-31", "constraint-error", "minimum");
	BAD("\"type\": \"yearmonth\", \"constraints\": {\"maximum\": "
	    "\"2010-06\"}", "2010-07", "constraint-error", "maximum");
	BAD("\"constraints\": {\"minLength\": 3}", "ab", "constraint-error",
	    "constraint minLength");
	OK("\"constraints\": {\"maxLength\": 3}", "\xC3\xA9\xC3\xA9\xC3\xA9",
	    "\xC3\xA9\xC3\xA9\xC3\xA9");
	BAD("\"constraints\": {\"maxLength\": 3}", "abcd", "constraint-error",
	    "constraint maxLength");
	BAD("\"constraints\": {\"pattern\": \"[A-Z]{3}\"}", "ABCD",
	    "constraint-error", "constraint pattern");
	BAD("\"constraints\": {\"pattern\": \"[A-Z]{3}\"}", "abc",
	    "constraint-error", "pattern");
	OK("\"constraints\": {\"pattern\": \"[A-Z]{3}\"}", "SRB", "SRB");
	OK("\"constraints\": {\"pattern\": \"(ab)+|c\"}", "abab", "abab");
	BAD("\"constraints\": {\"pattern\": \"(ab)+|c\"}", "abc",
	    "constraint-error", "pattern");
	BAD("\"constraints\": {\"enum\": [\"female\", \"male\"]}", "F",
	    "constraint-error", "constraint enum: 'F' is not one of female, "
	    "male");
	OK("\"type\": \"integer\", \"constraints\": {\"enum\": [1, 2]}", "02",
	    "2");
	BAD("\"type\": \"list\", \"itemConstraints\": {\"enum\": [\"a\", "
	    "\"b\"]}", "\"a,c\"", "constraint-error", "enum");
	BAD("\"type\": \"list\", \"constraints\": {\"minLength\": 2}", "a",
	    "constraint-error", "has 1 items");
	OK("\"type\": \"list\", \"constraints\": {\"maxLength\": 2}", "\"a,b\"",
	    "a|b");
}

static void
test_unique_pk(void **state)
{
	struct res r;

	(void)state;
	run("{\"fields\": [{\"name\": \"a\", \"constraints\": {\"unique\": "
	    "true}}, {\"name\": \"b\"}]}", "a,b\nx,1\ny,2\nx,3\n,4\n,5\n", &r);
	assert_int_equal(r.n.accepted, 4);
	assert_non_null(strstr(r.rej, "4,a,constraint-error,constraint unique: "
	    "'x' duplicates row 2,\"x,3\""));
	res_free(&r);
	run("{\"fields\": [{\"name\": \"a\", \"type\": \"integer\"}, "
	    "{\"name\": \"b\"}], \"primaryKey\": [\"a\", \"b\"]}",
	    "a,b\n1,x\n01,x\n1,y\n,z\n", &r);
	assert_int_equal(r.n.accepted, 2);
	assert_non_null(strstr(r.rej, "3,a,primary-key,"
	    "\"primary key (a, b) '1, x' duplicates row 2\""));
	assert_non_null(strstr(r.rej, "5,a,constraint-error,constraint "
	    "required"));
	res_free(&r);
	/* unique + sole primary key: one error, not two. */
	run("{\"fields\": [{\"name\": \"a\", \"constraints\": {\"unique\": "
	    "true}}], \"primaryKey\": \"a\"}", "a\nx\nx\n", &r);
	assert_int_equal(r.n.errors[VE_PRIMARY_KEY], 1);
	assert_int_equal(r.n.errors[VE_CONSTRAINT], 0);
	res_free(&r);
}

static void
test_row_codes(void **state)
{
	static const char *js = "{\"fields\": [{\"name\": \"a\"}, {\"name\": "
	    "\"b\", \"type\": \"integer\"}]}";
	struct res r;

	(void)state;
	run(js, "a,b\nx\nx,1,2\n\n,\nx,\xFF\nx,\0001\n", &r);
	assert_int_equal(r.n.rows_read, 6);
	assert_int_equal(r.n.accepted, 1); /* "x," (the NUL ends the string) */
	assert_int_equal(r.n.errors[VE_MISSING_CELL], 1);
	assert_int_equal(r.n.errors[VE_EXTRA_CELL], 1);
	assert_int_equal(r.n.errors[VE_BLANK_ROW], 2);
	assert_int_equal(r.n.errors[VE_ENCODING], 1);
	assert_non_null(strstr(r.rej, "2,b,missing-cell,"));
	assert_non_null(strstr(r.rej, "3,,extra-cell,\"row has 3 cells, the "
	    "header 2\",\"x,1,2\""));
	assert_non_null(strstr(r.rej, "4,,blank-row,row is blank,\n"));
	assert_non_null(strstr(r.rej, "5,,blank-row"));
	assert_non_null(strstr(r.rej, "6,,encoding-error,row is not valid "
	    "UTF-8"));
	res_free(&r);
	/* The NUL cut the C string: test it through the memory reader. */
	{
		static const char csv[] = "a,b\nx,\0001\n";
		struct val_schema *s = schema(js);
		struct val_sub sub = {.programme = "SRB"};
		struct val_out out = {0};
		struct val_table *t = val_table_new(s, "t", &sub, &out, NULL,
		    NULL);
		val_table_read_mem(t, csv, sizeof(csv) - 1);
		assert_int_equal(val_table_counts(t)->errors[VE_ENCODING], 1);
		val_table_free(t);
		val_schema_free(s);
	}
}

static void
test_header(void **state)
{
	static const char *js = "{\"fields\": [{\"name\": \"a\", "
	    "\"constraints\": {\"required\": true}}, {\"name\": \"b\"}]}";
	struct res r;

	(void)state;
	/* Order may differ; optional columns may be absent. */
	run(js, "b,a\n1,2\n", &r);
	assert_string_equal(r.acc, "a,b\n2,1\n");
	res_free(&r);
	run(js, "a\n2\n", &r);
	assert_string_equal(r.acc, "a,b\n2,\n");
	res_free(&r);
	run(js, "b\n1\n2\n", &r);
	assert_int_equal(r.n.rejected, 2);
	assert_int_equal(r.n.errors[VE_MISSING_LABEL], 2);
	assert_non_null(strstr(r.fb, "t,1,a,a,The column 'a' (a) is required"));
	res_free(&r);
	run(js, "a,b,c\n1,2,3\n", &r);
	assert_int_equal(r.n.errors[VE_EXTRA_LABEL], 1);
	assert_int_equal(r.n.accepted, 0);
	res_free(&r);
	run(js, "a,a\n1,2\n", &r);
	assert_int_equal(r.n.errors[VE_DUPLICATE_LABEL], 1);
	res_free(&r);
	run(js, "a,,b\n1,2,3\n", &r);
	assert_int_equal(r.n.errors[VE_BLANK_LABEL], 1);
	res_free(&r);
	/* No data rows: the header problem still shows, on row 1. */
	run(js, "x\n", &r);
	assert_int_equal(r.n.rows_read, 0);
	assert_non_null(strstr(r.rej, "1,x,extra-label"));
	res_free(&r);
	run(js, "", &r);
	assert_non_null(strstr(r.rej, "1,,blank-label,table is empty"));
	res_free(&r);
}

static void
test_source_error(void **state)
{
	static const char *js = "{\"fields\": [{\"name\": \"a\"}]}";
	struct res r;

	(void)state;
	run(js, "a\nok\n\"open\nrest\nmore\n", &r);
	assert_int_equal(r.n.rows_read, 2);
	assert_int_equal(r.n.accepted, 1);
	assert_int_equal(r.n.errors[VE_SOURCE], 1);
	assert_non_null(strstr(r.rej, "3,,source-error,unterminated quoted "
	    "field in record at line 3 (byte 5),\"\"\"open\nrest\nmore\n\"\n"));
	res_free(&r);
	run(js, "a\nx\"y\nz\n", &r);
	assert_non_null(strstr(r.rej, "2,,source-error,misplaced quote"));
	res_free(&r);
}

static void
test_fk_rules(void **state)
{
	static const char *js = "{\"fields\": ["
	    "{\"name\": \"c\"}, {\"name\": \"n\"},"
	    "{\"name\": \"d1\", \"type\": \"date\"},"
	    "{\"name\": \"d2\", \"type\": \"date\"}],"
	    "\"foreignKeys\": ["
	    "{\"fields\": \"c\", \"reference\": {\"resource\": \"pc\", "
	    "\"fields\": \"country\"}, \"tipScope\": \"programme\"},"
	    "{\"fields\": [\"n\"], \"reference\": {\"resource\": \"cc\", "
	    "\"fields\": [\"iso3\"]}}],"
	    "\"tipRowRules\": ["
	    "{\"id\": \"order\", \"check\": \"compare\", \"left\": \"d2\", "
	    "\"op\": \">=\", \"right\": \"d1\", \"message\": \"d2 before d1\"},"
	    "{\"id\": \"in\", \"check\": \"inPeriod\", \"field\": \"d1\", "
	    "\"lagDays\": 10, \"message\": \"d1 out of period\"}]}";
	struct res r;

	(void)state;
	run(js, "c,n,d1,d2\n"
	    "SRB,ARG,2010-01-05,2010-01-06\n"   /* ok */
	    "ARG,ARG,2010-01-05,2010-01-06\n"   /* ARG not in SRB */
	    "SRB,XXX,2010-01-05,2010-01-06\n"   /* unknown code */
	    "SRB,,2010-01-05,2010-01-05\n"      /* missing: no fk check */
	    "SRB,ARG,2010-01-05,2010-01-04\n"   /* rule */
	    "SRB,ARG,2009-12-22,2010-01-04\n"   /* lag ok */
	    "SRB,ARG,2009-12-21,2010-01-04\n"   /* too early */
	    "SRB,ARG,2010-04-01,2010-04-04\n",  /* too late */
	    &r);
	assert_int_equal(r.n.accepted, 3);
	assert_int_equal(r.n.errors[VE_FOREIGN_KEY], 2);
	assert_int_equal(r.n.errors[VE_ROW_CONSTRAINT], 3);
	assert_non_null(strstr(r.rej, "3,c,foreign-key,foreign key: 'ARG' is "
	    "not in pc.country for programme SRB"));
	assert_non_null(strstr(r.rej, "4,n,foreign-key,foreign key: 'XXX' is "
	    "not in cc.iso3"));
	assert_non_null(strstr(r.rej, "6,d2,row-constraint,row rule order: "
	    "d2 before d1"));
	assert_non_null(strstr(r.rej, "8,d1,row-constraint,row rule in"));
	assert_non_null(strstr(r.rej, "9,d1,row-constraint"));
	assert_int_equal(r.first.n, 5);
	assert_int_equal(r.first.e[0].row, 3);
	res_free(&r);
}

static void
test_feedback(void **state)
{
	struct res r;

	(void)state;
	run("{\"fields\": [{\"name\": \"a\", \"title\": \"Amount\", \"type\": "
	    "\"integer\"}]}", "a\n=1+1\n-x\n", &r);
	assert_string_equal(r.fb, "t,2,a,\"'=1+1\",Amount must be a whole "
	    "number (like 42); found '=1+1'.\n"
	    "t,3,a,\"'-x\",Amount must be a whole number (like 42); found "
	    "'-x'.\n");
	/* The machine-readable reject file keeps bytes exact. */
	assert_non_null(strstr(r.rej, ",=1+1\n"));
	res_free(&r);
}

static void
test_bad_schemas(void **state)
{
	static const struct {
		const char *json, *want;
	} cases[] = {
		{"{", "invalid JSON"},
		{"[]", "JSON object"},
		{"{\"fields\": []}", "non-empty"},
		{"{\"fields\": [{\"name\": \"a\", \"type\": \"geopoint\"}]}",
		    "field 'a': unsupported type 'geopoint'"},
		{"{\"fields\": [{\"name\": \"a\", \"format\": \"email\"}]}",
		    "field 'a': format 'email'"},
		{"{\"fields\": [{\"name\": \"a\", \"colour\": 1}]}",
		    "field 'a': unsupported key 'colour'"},
		{"{\"fields\": [{\"name\": \"a\"}], \"x\": 1}",
		    "unsupported key 'x'"},
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": "
		    "{\"pattern\": \"(\"}}]}", "field 'a': bad pattern"},
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": "
		    "{\"minimum\": 1}}]}", "not supported for type string"},
		{"{\"fields\": [{\"name\": \"a\", \"type\": \"integer\", "
		    "\"constraints\": {\"minimum\": \"x\"}}]}",
		    "not of type integer"},
		{"{\"fields\": [{\"name\": \"a\", \"type\": \"integer\", "
		    "\"constraints\": {\"enum\": [1, \"b\"]}}]}",
		    "field 'a': enum item 2"},
		{"{\"fields\": [{\"name\": \"a\", \"constraints\": "
		    "{\"fancy\": 1}}]}", "unsupported key 'fancy'"},
		{"{\"fields\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}",
		    "used twice"},
		{"{\"fields\": [{\"name\": \"a\"}], \"primaryKey\": \"b\"}",
		    "'b' is not a field"},
		{"{\"fields\": [{\"name\": \"a\", \"type\": \"date\", "
		    "\"format\": \"%Y-%j\"}]}", "only %Y"},
		{"{\"fields\": [{\"name\": \"a\", \"type\": \"list\", "
		    "\"delimiter\": \"ab\"}]}", "delimiter"},
		{"{\"fields\": [{\"name\": \"a\", \"type\": \"boolean\", "
		    "\"trueValues\": [\"y\"], \"falseValues\": [\"y\"]}]}",
		    "both true and false"},
		{"{\"fields\": [{\"name\": \"a\"}], \"foreignKeys\": [{\"fields\": "
		    "\"a\", \"reference\": {\"resource\": \"nope\", "
		    "\"fields\": \"x\"}}]}", "cannot read"},
		{"{\"fields\": [{\"name\": \"a\"}], \"foreignKeys\": [{\"fields\": "
		    "\"a\", \"reference\": {\"resource\": \"cc\", "
		    "\"fields\": \"x\"}}]}", "has no column 'x'"},
		{"{\"fields\": [{\"name\": \"a\"}], \"foreignKeys\": [{\"fields\": "
		    "\"a\", \"reference\": {\"resource\": \"\", "
		    "\"fields\": \"a\"}}]}", "self-references"},
		{"{\"fields\": [{\"name\": \"a\"}], \"tipRowRules\": [{\"id\": "
		    "\"r\", \"check\": \"compare\", \"left\": \"a\", \"op\": "
		    "\"<\", \"right\": \"a\", \"message\": \"m\"}]}",
		    "cannot be compared"},
		{"{\"fields\": [{\"name\": \"a\", \"type\": \"integer\"}], "
		    "\"tipRowRules\": [{\"id\": \"r\", \"check\": \"sum\", "
		    "\"message\": \"m\"}]}", "row rule 'r': check must be"},
	};
	char err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct val_schema *s = val_schema_parse(cases[i].json,
		    strlen(cases[i].json), "t", refdir, err, sizeof(err));
		if (s != NULL)
			fail_msg("case %zu accepted: %s", i, cases[i].json);
		if (strstr(err, cases[i].want) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err,
			    cases[i].want);
	}
}

static void
test_pattern_fast_path(void **state)
{
	static const char *pats[] = {"[A-Z]{3}", "[A-Za-z0-9_-]{1,32}",
	    "[a-c]+", "[xy]*", "[0-9]{2,4}"};
	static const char *vals[] = {"", "A", "SRB", "SRBX", "srb", "a_b-9",
	    "abc", "xyxy", "12", "12345", "1-2", "a b", "ccba", "x"};
	char err[256];

	(void)state;
	for (size_t p = 0; p < sizeof(pats) / sizeof(pats[0]); p++) {
		char json[256];
		snprintf(json, sizeof(json), "{\"fields\": [{\"name\": \"a\", "
		    "\"constraints\": {\"pattern\": \"%s\"}}]}", pats[p]);
		struct val_schema *s = val_schema_parse(json, strlen(json), "t",
		    NULL, err, sizeof(err));
		assert_non_null(s);
		struct val_pattern *pt = s->f[0].c.pattern;
		assert_true(pt->simple);
		for (size_t v = 0; v < sizeof(vals) / sizeof(vals[0]); v++) {
			int fast = val_pattern_match(pt, vals[v],
			    strlen(vals[v]));
			pt->simple = 0;
			int slow = val_pattern_match(pt, vals[v],
			    strlen(vals[v]));
			pt->simple = 1;
			if (fast != slow)
				fail_msg("%s on '%s': fast %d, regex %d", pats[p],
				    vals[v], fast, slow);
		}
		val_schema_free(s);
	}
}

static void
test_dates(void **state)
{
	int64_t a, b, y;
	unsigned m, d;

	(void)state;
	assert_int_equal(val_days_from_civil(1970, 1, 1), 0);
	for (int64_t z = -800000; z < 800000; z += 37) {
		val_civil_from_days(z, &y, &m, &d);
		assert_int_equal(val_days_from_civil(y, m, d), z);
	}
	assert_int_equal(val_period_days("2010Q1", &a, &b), 0);
	assert_int_equal(a, val_days_from_civil(2010, 1, 1));
	assert_int_equal(b, val_days_from_civil(2010, 3, 31));
	assert_int_equal(val_period_days("2010Q5", &a, &b), -1);
	assert_int_equal(val_period_days("2010-Q1", &a, &b), -1);
}

static int
setup(void **state)
{
	char p[128];
	FILE *fp;

	(void)state;
	snprintf(refdir, sizeof(refdir), "/tmp/tipv-unit.XXXXXX");
	if (mkdtemp(refdir) == NULL)
		return -1;
	snprintf(p, sizeof(p), "%s/pc.csv", refdir);
	fp = fopen(p, "w");
	fputs("programme,country\nSRB,SRB\nARG-BOL,ARG\nARG-BOL,BOL\n", fp);
	fclose(fp);
	snprintf(p, sizeof(p), "%s/cc.csv", refdir);
	fp = fopen(p, "w");
	fputs("iso3,name\nARG,Argentina\nSRB,Serbia\n", fp);
	fclose(fp);
	return 0;
}

static int
teardown(void **state)
{
	char p[128];

	(void)state;
	snprintf(p, sizeof(p), "%s/pc.csv", refdir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/cc.csv", refdir);
	unlink(p);
	rmdir(refdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_constraints),
		cmocka_unit_test(test_unique_pk),
		cmocka_unit_test(test_row_codes),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_source_error),
		cmocka_unit_test(test_fk_rules),
		cmocka_unit_test(test_feedback),
		cmocka_unit_test(test_bad_schemas),
		cmocka_unit_test(test_pattern_fast_path),
		cmocka_unit_test(test_dates),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
