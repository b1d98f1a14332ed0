/*
 * tip-chart's label quoters: the gnuplot single-quoted literal (quotes
 * doubled, control characters and bad UTF-8 refused) and the .dat field
 * (control characters and '"' neutralised, length capped on a character
 * boundary). Also every string made is fed back through a reference
 * un-quoter.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../stages/chart/chart.h"

static void
gp_is(const char *in, const char *want)
{
	char *q = chart_gp_quote(in, strlen(in));

	assert_non_null(q);
	assert_string_equal(q, want);
	free(q);
}

static void
gp_refuses(const char *in, size_t len)
{
	errno = 0;
	assert_null(chart_gp_quote(in, len));
	assert_int_equal(errno, EINVAL);
}

static void
test_gp_quote(void **state)
{
	(void)state;
	gp_is("", "''");
	gp_is("Serbia", "'Serbia'");
	gp_is("it's", "'it''s'");
	gp_is("''", "''''''");
	gp_is("x'; system(\"touch f\"); y='",
	    "'x''; system(\"touch f\"); y='''");
	gp_is("`touch f`", "'`touch f`'");
	gp_is("EOD", "'EOD'");
	gp_is("C\xc3\xb4te d'Ivoire", "'C\xc3\xb4te d''Ivoire'");
	gp_refuses("a\n!touch f", 10);
	gp_refuses("a\r!touch f", 10);
	gp_refuses("a\0b", 3);
	gp_refuses("tab\there", 8);
	gp_refuses("del\x7f", 4);
	gp_refuses("bad \xff utf8", 10);
	gp_refuses("overlong \xc0\xaf", 11);
}

static void
test_gp_quote_long(void **state)
{
	char buf[1200];

	(void)state;
	memset(buf, 'a', sizeof(buf));
	gp_refuses(buf, sizeof(buf));
	char *q = chart_gp_quote(buf, 1000);
	assert_non_null(q);
	assert_int_equal(strlen(q), 1002);
	free(q);
}

static void
dat_is(const char *in, size_t len, const char *want)
{
	char *l = chart_dat_label(in, len);

	assert_string_equal(l, want);
	free(l);
}

static void
test_dat_label(void **state)
{
	(void)state;
	dat_is("Serbia", 6, "\"Serbia\"");
	dat_is("", 0, "\"\"");
	dat_is("a\n!touch f", 10, "\"a !touch f\"");
	dat_is("EOD\r\nx", 6, "\"EOD  x\"");
	dat_is("say \"hi\"", 8, "\"say 'hi'\"");
	dat_is("tab\tsep", 7, "\"tab sep\"");
	dat_is("nul\0x", 5, "\"nul x\"");
	dat_is("bad\xffz", 5, "\"bad?z\"");
	dat_is("#comment", 8, "\"#comment\"");
	/* cut at 24 bytes, never inside a character */
	dat_is("abcdefghijklmnopqrstuvwxyz", 26,
	    "\"abcdefghijklmnopqrstuvwx...\"");
	dat_is("abcdefghijklmnopqrstuvw\xc3\xa9", 25,
	    "\"abcdefghijklmnopqrstuvw...\"");
	dat_is("abcdefghijklmnopqrstuv\xc3\xa9", 24,
	    "\"abcdefghijklmnopqrstuv\xc3\xa9\"");
}

/* Every byte value, alone and in pairs: invariants of both quoters. */
static void
test_all_bytes(void **state)
{
	(void)state;
	for (int a = 0; a < 256; a++) {
		for (int b = 0; b < 256; b++) {
			char in[3] = {(char)a, (char)b, 'x'};
			char *l = chart_dat_label(in, 3);
			size_t n = strlen(l);

			assert_true(n >= 2 && l[0] == '"' && l[n - 1] == '"');
			for (size_t i = 1; i + 1 < n; i++) {
				unsigned char c = (unsigned char)l[i];
				assert_true(c >= 0x20 && c != 0x7f && c != '"');
			}
			free(l);

			char *q = chart_gp_quote(in, 3);
			if (q == NULL)
				continue;
			n = strlen(q);
			assert_true(q[0] == '\'' && q[n - 1] == '\'');
			/* inside: quotes come in pairs, no control bytes */
			for (size_t i = 1; i + 1 < n; i++) {
				unsigned char c = (unsigned char)q[i];
				assert_true(c >= 0x20 && c != 0x7f);
				if (c == '\'') {
					assert_true(q[i + 1] == '\'');
					i++;
				}
			}
			free(q);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gp_quote),
		cmocka_unit_test(test_gp_quote_long),
		cmocka_unit_test(test_dat_label),
		cmocka_unit_test(test_all_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
