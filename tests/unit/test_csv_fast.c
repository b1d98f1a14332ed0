/*
 * tip_csv's fast path against libcsv: every input is read with the fast
 * path off and on (with each scanner), whole and in pieces of every size from 1 byte up, with
 * default and small caps; the event logs (records, fields, raw bytes, row
 * numbers, offsets, flags, final status and error) must be identical.
 * Random inputs over a CSV-heavy alphabet add a few thousand more cases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tip_csv.h"

#include "../csv_events.h"

static char *
run(const char *in, size_t len, size_t step, const struct tip_csv_opts *o,
    int fast, int stop_at)
{
	return csv_events(in, len, step, o, fast, (uint64_t)stop_at, NULL);
}

/* Compares both paths on one input at every chunk size. */
static void
same_events(const char *in, size_t len, size_t maxstep, const char *what)
{
	static const struct tip_csv_opts small = {.max_field = 10,
	    .max_record = 64, .max_fields = 4};

	for (int k = 0; k < 2; k++) {
		const struct tip_csv_opts *op = k ? &small : NULL;
		for (int stop = 0; stop < 3; stop++) {
			size_t top = len + 1 < maxstep ? len + 1 : maxstep;
			for (size_t n = 0; n <= top; n++) {
				/* libcsv at the same chunk size is the
				 * reference (with caps, which cap a record
				 * hits first can depend on the chunking). */
				char *ref = run(in, len, n, op, 0, stop);
				/* The best scanner here (AVX2) and the
				 * baseline one (SSE2). */
				for (int fast = 1; fast <= 2; fast++) {
					char *got = run(in, len, n, op, fast,
					    stop);
					if (strcmp(ref, got) != 0)
						fail_msg("%s, chunk %zu, caps %d, "
						    "stop %d, scanner %d:\n%s---"
						    "\n%s", what, n, k, stop, fast,
						    ref, got);
					free(got);
				}
				free(ref);
			}
		}
	}
}

#define IN(s) {s, sizeof(s) - 1}
static const struct {
	const char *s;
	size_t len;
} inputs[] = {
	IN(""),
	IN("a"),
	IN("\n"),
	IN("\r\n"),
	IN("\r"),
	IN("a,b\n1,2\n"),
	IN("a,b\n1,2"),
	IN("a,b\r\n1,2\r\n"),
	IN("a,b\r\r\n1,2\r\n"),
	IN("a,b\n1,2\r"),
	IN("\xEF\xBB\xBF" "a,b\n1,2\n"),
	IN("\xEF\xBB"),
	IN("\xEF\xBB\xBF"),
	IN("\xEF\xBB\xBF\n"),
	IN("a,b\n\n1,2\n\n"),
	IN("a,b\n\r\n1,2\r\n\r\n"),
	IN("a,b\n\"x\ny\",2\n3,4\n"),
	IN("a,b\n\"x\r\ny\",\"q\"\"q\"\n"),
	IN("a,b\n\"unterminated,2\n3,4\n"),
	IN("a,b\nx\"y,2\n3,4\n"),
	IN("a,b\n\"x\"y,2\n"),
	IN("a,b\n1,\0002\n"),
	IN("a,b\n\xC3\x28,2\n"),
	IN("a,b\n\xE2\x82\xAC,2\n"),
	IN("a,b\n\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC,abcdefghij\xF0\x9F\x98\x80\n"),
	IN("a,b\n 1 , 2 \n"),
	IN("a,b\n\t1\t,\t2\t\n"),
	IN("a,b\n1,2,3,4,5\n"),
	IN("a,b\n1,2,3,4\n1,2,3,4,\n"),
	IN("a,b\n1\r2\n"),
	IN("a,b\n1,2\r3,4\n"),
	IN("a,b\n,\n"),
	IN(",\n,,\n,,,\n,,,,\n,,,,,\n"),
	IN("a,b\n\"\",\"\"\n"),
	IN("a\n1234567890123\n1\n"),
	IN("a\n1234567890\n12345678901\n"),
	IN("a\n0123456789012345678901234567890123456789012345678901234567890\n"
	    "x\n"),
	IN("a\n01234567,01234567,01234567,01234567,01234567,01234567,0123456,"
	    "\nx\n"),
	IN("a,b\n1,2\n\"3\",4\n5,6\n"),
	IN("a,b\n1,2\n3,\"4\n\n\"\n5,6"),
	IN("h\nUNODC-V2010Q1-000001,2010-03-04,SRB,male,27,SRB,sexual,actual,"
	    "ngo,true,shelter|medical,false\n"),
};

static void
test_inputs(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		char what[32];
		snprintf(what, sizeof(what), "input %zu", i);
		same_events(inputs[i].s, inputs[i].len, (size_t)-1, what);
	}
}

/* Random inputs from an alphabet where every special byte is common. */
static void
test_random(void **state)
{
	static const char alpha[] = {'a', 'b', ',', ',', '\n', '\n', '\r', '"',
	    ' ', '\0', '\xC3', '\xA9', '\xFF', 'x', 'y', '1'};
	unsigned long long seed = 0x9E3779B97F4A7C15ULL;
	char buf[96];

	(void)state;
	for (int round = 0; round < 600; round++) {
		size_t len;
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		len = (size_t)(seed >> 33) % sizeof(buf);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 6364136223846793005ULL +
			    1442695040888963407ULL;
			unsigned r = (unsigned)(seed >> 40);
			/* Mostly plain lines, sometimes a special byte. */
			buf[i] = r % 4 != 0 ? "ab,\n1 x"[r / 4 % 7] :
			    alpha[r / 4 % sizeof(alpha)];
		}
		char what[32];
		snprintf(what, sizeof(what), "random %d", round);
		same_events(buf, len, 12, what);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inputs),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
