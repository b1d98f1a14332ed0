/*
 * The check plan (vrow.c fast_cell) against the general checks: random
 * rows of tricky cells validated once with the plan and once with every
 * field sent through check_cell must give byte-identical accepted rows,
 * rejects and feedback.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../stages/validate/vfield.h"
#include "../../../stages/validate/vschema.h"
#include "../../../stages/validate/vtable_int.h"

static const char schema_json[] =
    "{\"fields\": ["
    "{\"name\": \"s\", \"type\": \"string\", \"constraints\": "
    "{\"required\": true, \"enum\": [\"a\", \"bb\", \"ccc\", \"dddd\", "
    "\"eeeeeeeee\", \"ffffffffffffffffff\"]}},"
    "{\"name\": \"p\", \"type\": \"string\", \"constraints\": "
    "{\"pattern\": \"[A-Z]{3}\", \"unique\": true}},"
    "{\"name\": \"i\", \"type\": \"integer\", \"constraints\": "
    "{\"minimum\": 0, \"maximum\": 120}},"
    "{\"name\": \"j\", \"type\": \"integer\"},"
    "{\"name\": \"b\", \"type\": \"boolean\", \"trueValues\": [\"true\", "
    "\"yes\"], \"falseValues\": [\"false\", \"no\"]},"
    "{\"name\": \"d\", \"type\": \"date\"},"
    "{\"name\": \"r\", \"type\": \"date\", \"constraints\": "
    "{\"required\": true}},"
    "{\"name\": \"l\", \"type\": \"list\", \"delimiter\": \"|\", "
    "\"itemType\": \"string\", \"itemConstraints\": {\"enum\": [\"x\", "
    "\"yy\", \"zzz\"]}, \"constraints\": {\"minLength\": 1, "
    "\"maxLength\": 2}},"
    "{\"name\": \"t\", \"type\": \"string\"}"
    "], \"primaryKey\": [\"t\"]}";

static const char *const tok[] = {
	"", " ", "\t", "a", "bb", "ccc", "dddd", "eeeeeeeee",
	"ffffffffffffffffff", "ab", "A", "SRB", "SR", "SRBX", "srb", "0",
	"00", "007", "7", "120", "121", "-0", "-1", "+5", "99999999999999999",
	"123456789012345678", "1234567890123456789", "9223372036854775808",
	"true", "yes", "no", "false", "TRUE", "2010-03-31", "2000-02-29",
	"1900-02-29", "2010-02-29", "2012-02-29", "0000-01-01", "0001-01-01",
	"2010-13-01", "2010-00-10", "2010-1-01", "2010/01/01", "x", "yy",
	"zzz", "x|yy", "x|yy|zzz", "x||yy", "|x", "x|", "x | yy", "w", "NA",
	"1.5", "1e3", "\xc3\xa9", "x|x",
};

#define NTOK (sizeof(tok) / sizeof(tok[0]))

/* Valid cells per column (s, p, i, j, b, d, r, l). */
static const char *const good[8][4] = {
	{"a", "dddd", "eeeeeeeee", "ffffffffffffffffff"},
	{"SRB", "", "ABC", "XYZ"},
	{"0", "27", "120", ""},
	{"-5", "0", "123456789012", ""},
	{"true", "yes", "false", "no"},
	{"2010-03-31", "2012-02-29", "", "0001-01-01"},
	{"2010-01-01", "2009-12-31", "2010-02-28", "2010-03-31"},
	{"x", "x|yy", "zzz|x", ""},
};

struct out {
	char *acc, *rej, *fb;
	size_t alen, rlen, flen;
};

static void
validate(const struct val_schema *s, const char *csv, size_t len, int plan,
    struct out *o)
{
	struct val_sub sub = {.programme = "SRB"};
	struct val_out out;
	struct val_table *t;

	memset(o, 0, sizeof(*o));
	val_period_days("2010Q1", &sub.period_first, &sub.period_last);
	sub.have_period = 1;
	out.accepted = open_memstream(&o->acc, &o->alen);
	out.rejects = open_memstream(&o->rej, &o->rlen);
	out.feedback = open_memstream(&o->fb, &o->flen);
	t = val_table_new(s, "t", &sub, &out, NULL, NULL);
	if (!plan)
		memset(t->fast, FAST_NONE, s->nf);
	assert_int_equal(val_table_read_mem(t, csv, len), 0);
	val_table_free(t);
	fclose(out.accepted);
	fclose(out.rejects);
	fclose(out.feedback);
}

/* One cell: a token, sometimes two joined, sometimes padded. */
static void
cell(FILE *fp, unsigned *seed)
{
	int k = rand_r(seed) % 8;

	if (k == 0)
		fputc(' ', fp);
	fputs(tok[(size_t)rand_r(seed) % NTOK], fp);
	if (k == 1)
		fputs(tok[(size_t)rand_r(seed) % NTOK], fp);
	if (k == 2)
		fputc('\t', fp);
}

static void
test_plan_same(void **state)
{
	char err[512];
	struct val_schema *s = val_schema_parse(schema_json,
	    strlen(schema_json), "t", NULL, err, sizeof(err));
	unsigned seed = 12345;

	(void)state;
	if (s == NULL)
		fail_msg("schema refused: %s", err);
	assert_true(s->nf == 9);
	for (int round = 0; round < 200; round++) {
		char *csv = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&csv, &len);
		struct out a, b;
		fputs("s,p,i,j,b,d,r,l,t\n", fp);
		for (int row = 0; row < 50; row++) {
			for (size_t c = 0; c < 8; c++) {
				/* Mostly a valid value, so that rows pass. */
				if ((rand_r(&seed) % 5) != 0)
					fputs(good[c][(size_t)rand_r(&seed) %
					    4], fp);
				else
					cell(fp, &seed);
				fputc(',', fp);
			}
			fprintf(fp, "k%d\n", rand_r(&seed) % 40);
		}
		fclose(fp);
		validate(s, csv, len, 1, &a);
		validate(s, csv, len, 0, &b);
		if (a.alen != b.alen || memcmp(a.acc, b.acc, a.alen) != 0 ||
		    a.rlen != b.rlen || memcmp(a.rej, b.rej, a.rlen) != 0 ||
		    a.flen != b.flen || memcmp(a.fb, b.fb, a.flen) != 0)
			fail_msg("round %d differs:\n%s\n--- plan:\n%s%s\n--- "
			    "general:\n%s%s", round, csv, a.acc, a.rej, b.acc,
			    b.rej);
		free(a.acc);
		free(a.rej);
		free(a.fb);
		free(b.acc);
		free(b.rej);
		free(b.fb);
		free(csv);
	}
	val_schema_free(s);
}

/* The plan takes the fields it should (so the test above tests it). */
static void
test_plan_kinds(void **state)
{
	char err[512];
	struct val_schema *s = val_schema_parse(schema_json,
	    strlen(schema_json), "t", NULL, err, sizeof(err));
	struct val_sub sub = {.programme = "SRB"};
	struct val_out out = {0};
	struct val_table *t;
	static const unsigned char want[9] = {FAST_STRING, FAST_STRING,
	    FAST_INTEGER, FAST_INTEGER, FAST_BOOLEAN, FAST_DATE, FAST_DATE,
	    FAST_LIST_ENUM, FAST_STRING};

	(void)state;
	assert_non_null(s);
	t = val_table_new(s, "t", &sub, &out, NULL, NULL);
	assert_memory_equal(t->fast, want, 9);
	val_table_free(t);
	val_schema_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_kinds),
		cmocka_unit_test(test_plan_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
