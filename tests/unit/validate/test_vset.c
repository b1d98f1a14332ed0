/*
 * val_set against a plain list: random members of 0..40 bytes over a tiny
 * alphabet (so lookups share length and edge bytes with members but
 * differ inside), sets small enough for the perfect table and too big for
 * it, members added after lookups.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../stages/validate/vset.h"

static uint64_t seed = 2463534242ULL;

static unsigned
rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

struct word {
	char s[48];
	size_t len;
};

static void
random_word(struct word *w)
{
	static const char abc[] = "ab\0c";

	w->len = rnd(41);
	for (size_t i = 0; i < w->len; i++)
		w->s[i] = abc[rnd(4)];
}

static int
ref_has(const struct word *m, size_t n, const struct word *w)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].len == w->len && memcmp(m[i].s, w->s, w->len) == 0)
			return 1;
	return 0;
}

static void
run(size_t nmembers)
{
	struct val_set *s = val_set_new();
	struct word *m = calloc(nmembers, sizeof(*m)), w;
	size_t n = 0;

	assert_non_null(m);
	while (n < nmembers) {
		random_word(&m[n]);
		int had = ref_has(m, n, &m[n]);
		assert_int_equal(val_set_add(s, m[n].s, m[n].len), !had);
		if (!had)
			n++;
		/* lookups in between: the perfect table is rebuilt */
		if (rnd(50) == 0)
			for (int k = 0; k < 200; k++) {
				random_word(&w);
				assert_int_equal(val_set_has(s, w.s, w.len),
				    ref_has(m, n, &w));
			}
	}
	assert_int_equal(val_set_count(s), n);
	for (size_t i = 0; i < n; i++)
		assert_true(val_set_has(s, m[i].s, m[i].len));
	for (int k = 0; k < 20000; k++) {
		random_word(&w);
		assert_int_equal(val_set_has(s, w.s, w.len), ref_has(m, n, &w));
	}
	/* near twins of members: one byte changed */
	for (int k = 0; k < 5000; k++) {
		w = m[rnd((unsigned)n)];
		if (w.len == 0)
			continue;
		w.s[rnd((unsigned)w.len)] ^= 1;
		assert_int_equal(val_set_has(s, w.s, w.len), ref_has(m, n, &w));
	}
	val_set_free(s);
	free(m);
}

static void
test_small(void **state)
{
	(void)state;
	for (size_t n = 1; n < 40; n += 3)
		run(n);
}

static void
test_big(void **state)
{
	(void)state;
	run(1500); /* past the perfect table's 1024 members */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
