/*
 * tip_csv reader: every input is fed whole and then in pieces of every
 * size from 1 byte up; the events (records, fields, raw bytes, row
 * numbers, offsets, flags, the final status and error) must be identical.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tip_csv.h"
#include "tip_csvout.h"

#include "../csv_events.h"

/* Feeds in pieces of size step (0: whole); returns the event log. */
static char *
run(const char *in, size_t len, size_t step, const struct tip_csv_opts *o)
{
	return csv_events(in, len, step, o, -1, 0, NULL);
}

#define IN(s) {s, sizeof(s) - 1}
static const struct {
	const char *s;
	size_t len;
} inputs[] = {
	IN(""),
	IN("a"),
	IN("a,b\n1,2\n"),
	IN("a,b\n1,2"),
	IN("a,b\r\n1,2\r\n"),
	IN("\xEF\xBB\xBF" "a,b\n1,2\n"),
	IN("\xEF\xBB"),
	IN("\xEF\xBB\xBF"),
	IN("a,b\n\n1,2\n\n"),
	IN("a,b\n\"x\ny\",2\n3,4\n"),
	IN("a,b\n\"x\r\ny\",\"q\"\"q\"\n"),
	IN("a,b\n\"unterminated,2\n3,4\n"),
	IN("a,b\nx\"y,2\n3,4\n"),
	IN("a,b\n\"x\"y,2\n"),
	IN("a,b\n1,\0002\n"),
	IN("a,b\n\xC3\x28,2\n"),
	IN("a,b\n\xE2\x82\xAC,2\n"),
	IN("a,b\n 1 , 2 \n"),
	IN("a,b\n1,2,3,4,5\n"),
	IN("a,b\n1\r2\n"),
	IN("a,b\n,\n"),
	IN("a,b\n\"\",\"\"\n"),
	IN("a\n1234567890123\n1\n"),
};

static void
test_chunks(void **state)
{
	struct tip_csv_opts o = {.max_field = 10, .max_record = 64,
	    .max_fields = 4};

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		for (int small = 0; small < 2; small++) {
			const struct tip_csv_opts *op = small ? &o : NULL;
			char *whole = run(inputs[i].s, inputs[i].len, 0, op);
			for (size_t n = 1; n <= inputs[i].len + 1; n++) {
				char *part = run(inputs[i].s, inputs[i].len, n,
				    op);
				if (strcmp(whole, part) != 0)
					fail_msg("input %zu, chunk %zu:\n%s---\n%s",
					    i, n, whole, part);
				free(part);
			}
			free(whole);
		}
	}
}

static void
expect(const char *in, size_t len, const char *want)
{
	char *got = run(in, len, 0, NULL);

	if (strstr(got, want) == NULL)
		fail_msg("want '%s' in:\n%s", want, got);
	free(got);
}

static void
test_events(void **state)
{
	(void)state;
	/* BOM stripped, offsets after it. */
	expect("\xEF\xBB\xBF" "a,b\n1,2\n", 11, "rec 1 line 1 off 0 flags 0 "
	    "n 2 raw[3]=a,b end LF |1:a |1:b");
	/* Blank lines are records with the BLANK flag. */
	expect("a\n\nb\n", 5, "rec 2 line 2 off 2 flags 1 n 0");
	/* Quoted newline: one record over two lines, raw verbatim, flagged
	 * as holding quotes. */
	expect("a\n\"x\ny\"\nz\n", 10, "rec 2 line 2 off 2 flags 16 n 1 "
	    "raw[5]=\"x\ny\" end LF |3:x\ny");
	expect("a\n\"x\ny\"\nz\n", 10, "rec 3 line 4");
	/* CRLF accepted, not part of raw; the end byte after raw says it. */
	expect("a,b\r\n1,2\r\n", 10, "rec 2 line 2 off 5 flags 0 n 2 "
	    "raw[3]=1,2 end CR");
	expect("a,b\n1,2", 7, "rec 2 line 2 off 4 flags 0 n 2 "
	    "raw[3]=1,2 end none");
	/* Structural errors name the record. */
	expect("a\n\"open\n", 8, "rc -1 kind 1");
	expect("a\nx\"y\n", 6, "rc -1 kind 1 msg 'misplaced quote in record "
	    "at line 2 (byte 2)'");
	expect("a\n1\r2\n", 6, "kind 3");
	/* NUL and invalid UTF-8 flagged per row. */
	expect("a\n\0\n", 4, "rec 2 line 2 off 2 flags 2");
	expect("a\n\xFF\n", 4, "flags 4");
	/* Spaces are kept (trimming is the caller's business). */
	expect("a\n 1 \n", 6, "|3: 1 ");
}

static void
test_caps(void **state)
{
	struct tip_csv_opts o = {.max_field = 4, .max_record = 16,
	    .max_fields = 2};
	char *got;

	(void)state;
	got = run("a,b,c\n", 6, 0, &o);
	assert_non_null(strstr(got, "flags 8 n 2"));
	free(got);
	got = run("a\n12345\n", 8, 0, &o);
	assert_non_null(strstr(got, "rc -1 kind 2"));
	free(got);
	got = run("a\n12345678901234567890\n", 23, 0, &o);
	assert_non_null(strstr(got, "rc -1 kind 2"));
	free(got);
}

static void
test_utf8(void **state)
{
	(void)state;
	assert_true(tip_utf8_valid("abc", 3));
	assert_true(tip_utf8_valid("\xE2\x82\xAC", 3));
	assert_true(tip_utf8_valid("\xF0\x9F\x98\x80", 4));
	assert_false(tip_utf8_valid("\xC0\xAF", 2));         /* overlong */
	assert_false(tip_utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
	assert_false(tip_utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(tip_utf8_valid("\xE2\x82", 2));         /* truncated */
	assert_false(tip_utf8_valid("\x80", 1));
}

static void
test_csvout(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	const char *cells[] = {"=1+1", "a,b", "q\"q", "-3", "plain"};

	(void)state;
	tip_csv_putrow(fp, cells, 5, TIP_CSV_EXACT);
	tip_csv_putrow(fp, cells, 5, TIP_CSV_SPREADSHEET);
	tip_csv_put(fp, "\tx", 2, TIP_CSV_SPREADSHEET);
	fclose(fp);
	assert_string_equal(buf, "=1+1,\"a,b\",\"q\"\"q\",-3,plain\n"
	    "\"'=1+1\",\"a,b\",\"q\"\"q\",\"'-3\",plain\n\"'\tx\"");
	free(buf);
	assert_true(tip_csv_is_formula("@x", 2));
	assert_false(tip_csv_is_formula("x=", 2));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_csvout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
