/*
 * tip-chart's readers and small parsers: periods, --format lists, the
 * aggregates loader (columns by name, rows kept or skipped, statuses),
 * meta.json's as_of, and the data-quality reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../../stages/chart/chart.h"
#include "../../../stages/chart/chart_select.h"
#include "tip_datadir.h"
#include "tip_err.h"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/chart-unit.XXXXXX");
	assert_non_null(mkdtemp(dir));
	tip_verbosity = 0;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tip_rmtree(dir);
	return 0;
}

static char *
put(const char *name, const char *text)
{
	char *p = tip_strdupf("%s/%s", dir, name);
	FILE *fp;

	tip_mkdirs(dir, 0700);
	fp = fopen(p, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return p;
}

static void
test_period(void **state)
{
	char b[8];

	(void)state;
	assert_int_equal(chart_period_parse("2010"), 20100);
	assert_int_equal(chart_period_parse("2010Q3"), 20103);
	assert_int_equal(chart_period_parse("2010Q5"), -1);
	assert_int_equal(chart_period_parse("2010Q0"), -1);
	assert_int_equal(chart_period_parse("2010Q1x"), -1);
	assert_int_equal(chart_period_parse("1899"), -1);
	assert_int_equal(chart_period_parse("20a0"), -1);
	assert_int_equal(chart_period_parse(""), -1);
	assert_int_equal(chart_period_parse("'; !x"), -1);
	chart_period_format(20103, b);
	assert_string_equal(b, "2010Q3");
	chart_period_format(20110, b);
	assert_string_equal(b, "2011");
	assert_int_equal(chart_quarter_add(20104, 1), 20111);
	assert_int_equal(chart_quarter_add(20111, -1), 20104);
	assert_int_equal(chart_quarter_add(20102, 7), 20121);
}

static void
test_formats(void **state)
{
	unsigned f = 99;

	(void)state;
	assert_int_equal(chart_parse_formats("png", &f), 0);
	assert_int_equal(f, CHART_PNG);
	assert_int_equal(chart_parse_formats("svg,pdf,png", &f), 0);
	assert_int_equal(f, CHART_PNG | CHART_SVG | CHART_PDF);
	f = 7;
	assert_int_equal(chart_parse_formats("", &f), -1);
	assert_int_equal(chart_parse_formats("png,", &f), -1);
	assert_int_equal(chart_parse_formats("gif", &f), -1);
	assert_int_equal(chart_parse_formats("png,,svg", &f), -1);
	assert_int_equal(chart_parse_formats("pngx", &f), -1);
	assert_int_equal(f, 7);
}

#define HDR "indicator,pillar,programme,country,period,sex,age_group," \
	"exploitation,assistance,offender_citizenship,target_group," \
	"mechanism,value,numerator,denominator,unit,status\n"

static void
test_table(void **state)
{
	struct chart_table t;
	char *p;

	(void)state;
	p = put("ind.csv", HDR
	    "victims_identified,protection,SRB,_T,2010Q1,_T,_T,_T,_T,_Z,"
	        "_Z,_Z,12,,,persons,ok\n"
	    "victims_identified,protection,SRB,_T,2010Q2,_T,_T,_T,_T,_Z,"
	        "_Z,_Z,,,,persons,suppressed\n"
	    "victims_identified,protection,SRB,_T,2010Q3,_T,_T,_T,_T,_Z,"
	        "_Z,_Z,,,,persons,no_data\n"
	    /* broken down by assistance: no chart uses it */
	    "victims_identified,protection,SRB,_T,2010Q1,_T,_T,_T,"
	        "shelter,_Z,_Z,_Z,3,,,persons,ok\n"
	    /* not a charted indicator */
	    "share_child,protection,SRB,_T,2010Q1,_T,_T,_T,_T,_Z,_Z,_Z,3,"
	        ",,percent,ok\n"
	    /* malformed: bad period, ok without value, unknown status */
	    "victims_identified,protection,SRB,_T,2010-1,_T,_T,_T,_T,_Z,"
	        "_Z,_Z,3,,,persons,ok\n"
	    "victims_identified,protection,SRB,_T,2010Q4,_T,_T,_T,_T,_Z,"
	        "_Z,_Z,,,,persons,ok\n"
	    "victims_identified,protection,SRB,_T,2010Q4,_T,_T,_T,_T,_Z,"
	        "_Z,_Z,1,,,persons,maybe\n"
	    "victims_per_100k,protection,SRB,SRB,2010,_T,_T,_T,_Z,_Z,_Z,_Z,"
	        "0.25,3,1200000,per 100000,ok\n");
	assert_int_equal(chart_table_load(p, &t), TIP_EX_DATAERR);
	assert_int_equal(t.n, 4);
	assert_int_equal(t.skipped, 3);
	assert_int_equal(t.r[0].status, CHART_ST_OK);
	assert_true(t.r[0].value == 12);
	assert_int_equal(t.r[1].status, CHART_ST_SUPPRESSED);
	assert_int_equal(t.r[2].status, CHART_ST_NO_DATA);
	assert_string_equal(t.r[3].country, "SRB");
	assert_true(t.r[3].value == 0.25);

	struct chart_sel sel = {"victims_identified", SEL_PART, SEL_FLAT,
		SEL_FLAT, SEL_FLAT, SEL_FLAT, -1, 'q'};
	int first = 0;
	assert_int_equal(chart_sel_quarters(&t, sel, 40, &first), 3);
	assert_int_equal(first, 20101);
	assert_int_equal(chart_sel_latest(&t, sel), 20103);
	chart_table_release(&t);
	free(p);

	/* columns found by name, in any order; optional ones may be absent */
	p = put("reord.csv", "status,value,indicator,pillar,programme,country,"
	    "period,sex,age_group,exploitation\n"
	    "ok,5,persons_convicted,prosecution,PAK,_T,2011,_T,_T,_T\n");
	assert_int_equal(chart_table_load(p, &t), 0);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.r[0].programme, "PAK");
	chart_table_release(&t);
	free(p);

	p = put("nohdr.csv", "a,b,c\n1,2,3\n");
	assert_int_equal(chart_table_load(p, &t), TIP_EX_DATAERR);
	assert_int_equal(t.n, 0);
	chart_table_release(&t);
	free(p);

	p = tip_strdupf("%s/none.csv", dir);
	assert_int_equal(chart_table_load(p, &t), TIP_EX_NOINPUT);
	chart_table_release(&t);
	free(p);
}

static void
test_meta(void **state)
{
	char b[32], *p;

	(void)state;
	p = put("m1.json", "{\"as_of\": \"2012-01-15T09:30:00Z\"}");
	assert_int_equal(chart_meta_as_of(p, b, sizeof(b)), 0);
	assert_string_equal(b, "2012-01-15");
	free(p);
	p = put("m2.json", "{\"as_of\": \"2012-01-15'; system('x')\"}");
	assert_int_equal(chart_meta_as_of(p, b, sizeof(b)), -1);
	assert_string_equal(b, "unknown");
	free(p);
	p = put("m3.json", "{\"as_of\": 5}");
	assert_int_equal(chart_meta_as_of(p, b, sizeof(b)), -1);
	free(p);
	p = put("m4.json", "not json");
	assert_int_equal(chart_meta_as_of(p, b, sizeof(b)), -1);
	assert_string_equal(b, "unknown");
	free(p);
}

static void
test_subs(void **state)
{
	struct chart_subs s;
	char *p;

	(void)state;
	static const char *const sub[] = {"b", "a", "c", ".tmp-x"};
	for (size_t i = 0; i < 4; i++) {
		p = tip_strdupf("%s/validated/%s", dir, sub[i]);
		tip_mkdirs(p, 0700);
		free(p);
	}
	free(put("validated/b/report.json", "{\"id\":\"b\",\"programme\":"
	    "\"SRB\",\"agency\":\"IOM\",\"period\":\"2010Q1\",\"accepted\":9,"
	    "\"rejected\":1}"));
	free(put("validated/a/report.json", "{\"id\":\"a\",\"programme\":"
	    "\"PAK\",\"agency\":\"GOV\",\"period\":\"2010Q2\",\"accepted\":5,"
	    "\"rejected\":0}"));
	free(put("validated/c/report.json", "{\"id\":\"c\",\"accepted\":-1}"));
	assert_int_equal(chart_subs_load(dir, &s), TIP_EX_DATAERR);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.s[0].programme, "PAK");
	assert_int_equal(s.s[1].rejected, 1);
	chart_subs_release(&s);
	p = tip_strdupf("%s/nowhere", dir);
	assert_int_equal(chart_subs_load(p, &s), 0);
	assert_int_equal(s.n, 0);
	free(p);
}

static void
test_codes(void **state)
{
	struct chart_codes c = {0};

	(void)state;
	chart_codes_add(&c, "zzz", 64);
	chart_codes_add(&c, "EGY", 64);
	chart_codes_add(&c, "SRB", 64);
	chart_codes_add(&c, "SRB", 64);
	chart_codes_add(&c, "aaa", 64);
	chart_codes_sort(&c, chart_programme_order);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.v[0], "SRB");
	assert_string_equal(c.v[1], "EGY");
	assert_string_equal(c.v[2], "aaa");
	for (int i = 0; i < 100; i++) {
		char b[16];
		snprintf(b, sizeof(b), "x%d", i);
		chart_codes_add(&c, b, 10);
	}
	assert_int_equal(c.n, 10);
	assert_int_equal(c.dropped, 94);
	chart_codes_release(&c);
	assert_string_equal(chart_programme_colour("SRB"), "#0072B2");
	assert_string_equal(chart_programme_colour("`x`"), "#7F7F7F");
	assert_string_equal(chart_programme_label("ARG-BOL"),
	    "Argentina/Bolivia");
	assert_string_equal(chart_programme_label("XYZ"), "XYZ");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_meta),
		cmocka_unit_test(test_subs),
		cmocka_unit_test(test_codes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
