/*
 * Unit tests of tip-report's escaping, encoding, number formats and table
 * rendering: data-derived text can never open markup, and a suppressed cell
 * never reads as 0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../stages/report/html.h"
#include "../../../stages/report/labels.h"
#include "../../../stages/report/table.h"

/* Runs fn into a memory stream and returns what it wrote (caller frees). */
static char *
capture_esc(const char *s, size_t len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	assert_non_null(fp);
	assert_int_equal(rep_html_escn(fp, s, len), 0);
	fclose(fp);
	return buf;
}

static void
test_escape_specials(void **state)
{
	(void)state;
	const char *in = "<script>alert(\"x\" & 'y')</script>";
	char *out = capture_esc(in, strlen(in));
	assert_string_equal(out, "&lt;script&gt;alert(&quot;x&quot; &amp; "
	    "&#39;y&#39;)&lt;/script&gt;");
	free(out);
	char *d = rep_html_escdup("a\"b'c<d>e&f");
	assert_string_equal(d, "a&quot;b&#39;c&lt;d&gt;e&amp;f");
	free(d);
}

static void
test_escape_bytes(void **state)
{
	(void)state;
	/* valid UTF-8 kept; bad bytes become U+FFFD; controls a space */
	const char in[] = "T\xC3\xBCrkiye \xFF\x01x\ty\nz\x7F";
	char *out = capture_esc(in, sizeof(in) - 1);
	assert_string_equal(out, "T\xC3\xBCrkiye \xEF\xBF\xBD x\ty\nz ");
	free(out);
	/* a truncated sequence at the end */
	out = capture_esc("ab\xE2\x82", 4);
	assert_string_equal(out, "ab\xEF\xBF\xBD\xEF\xBF\xBD");
	free(out);
	/* overlong '<' must not survive as '<' */
	out = capture_esc("\xC0\xBC", 2);
	assert_null(strchr(out, '<'));
	free(out);
	/* NUL inside the length is a control character */
	out = capture_esc("a\0b", 3);
	assert_string_equal(out, "a b");
	free(out);
}

static void
test_base64(void **state)
{
	static const struct { const char *in, *out; } v[] = {
		{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
		{"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
		{"foobar", "Zm9vYmFy"}, {"<svg>\xff", "PHN2Zz7/"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *buf = NULL;
		size_t n = 0;
		FILE *fp = open_memstream(&buf, &n);
		rep_base64_put(fp, (const unsigned char *)v[i].in,
		    strlen(v[i].in));
		fclose(fp);
		assert_string_equal(buf, v[i].out);
		free(buf);
	}
}

static void
test_format(void **state)
{
	char b[64];
	(void)state;
	assert_string_equal(rep_format_value("1234567", 0, b), "1,234,567");
	assert_string_equal(rep_format_value("999", 0, b), "999");
	assert_string_equal(rep_format_value("0", 0, b), "0");
	assert_string_equal(rep_format_value("0.2614", 1, b), "26.1%");
	assert_string_equal(rep_format_value("1.4286", 0, b), "1.43");
	assert_string_equal(rep_format_value("12.345", 0, b), "12.3");
	assert_string_equal(rep_format_value("12345.6", 0, b), "12,346");
	assert_null(rep_format_value("", 0, b));
	assert_null(rep_format_value("12abc", 0, b));
	assert_null(rep_format_value("nan", 0, b));
	assert_null(rep_format_value("inf", 0, b));
}

static void
test_labels(void **state)
{
	char pb[32];
	(void)state;
	assert_string_equal(rep_period_label("2010Q3", pb), "2010 Q3");
	assert_string_equal(rep_period_label("2010", pb), "2010");
	assert_int_equal(rep_period_kind("2010Q5"), 0);
	assert_int_equal(rep_period_kind("2010Q4"), 2);
	assert_int_equal(rep_period_kind("201"), 0);
	assert_string_equal(rep_programme_colour("SRB"), "#0072B2");
	assert_string_equal(rep_programme_colour("PAK"), "#E69F00");
	assert_string_equal(rep_programme_colour("ARG-BOL"), "#009E73");
	assert_string_equal(rep_programme_colour("RWA-BDI"), "#CC79A7");
	assert_string_equal(rep_programme_colour("CASIA"), "#56B4E9");
	assert_string_equal(rep_programme_colour("EGY"), "#D55E00");
	assert_string_equal(rep_programme_colour("<x>"), "#999999");
	assert_string_equal(rep_pillar_colour(RP_PROSECUTION), "#D55E00");
	char *l = rep_code_label("domestic_servitude");
	assert_string_equal(l, "Domestic servitude");
	free(l);
	l = rep_code_label("new_form_x");
	assert_string_equal(l, "New form x");
	free(l);
	assert_null(rep_indicator_info("no_such_indicator"));
	assert_true(rep_indicator_info("child_victims_share")->percent);
}

static char *
render(const struct rep_table *t, int csv)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	assert_int_equal(csv ? rep_table_csv(t, fp) : rep_table_html(t, fp), 0);
	fclose(fp);
	return buf;
}

static void
test_table_marks(void **state)
{
	(void)state;
	struct rep_table *t = rep_table_new("t", "Victims <b>", "Programme", 3);
	rep_table_col(t, 0, "2010");
	rep_table_col(t, 1, "=HYPERLINK(\"x\")");
	rep_table_col(t, 2, "2012");
	size_t r = rep_table_row(t, "<script>alert(1)</script>", "#0072B2", 0);
	rep_table_set(t, r, 0, NULL, NULL, RM_SUPPRESSED, RS_NUM);
	rep_table_set(t, r, 1, "1,234", "1234", RM_VALUE, RS_NUM);
	/* column 2 stays empty */
	char *h = render(t, 0);
	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "<b>"));
	assert_non_null(strstr(h, "&lt;script&gt;"));
	assert_non_null(strstr(h, "<td class=\"mk sup\"><abbr title=\""
	    "suppressed: too few cases to publish\">s</abbr></td>"));
	assert_null(strstr(h, ">0<"));
	free(h);
	char *c = render(t, 1);
	assert_string_equal(c, "Programme,2010,\"'=HYPERLINK(\"\"x\"\")\",2012\n"
	    "<script>alert(1)</script>,s,1234,\n");
	free(c);
	assert_true(rep_table_has_mark(t, RM_SUPPRESSED));
	assert_false(rep_table_has_mark(t, RM_OVERFLOW));
	rep_table_free(t);
	rep_table_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_specials),
		cmocka_unit_test(test_escape_bytes),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_table_marks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
