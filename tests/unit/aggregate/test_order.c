/*
 * Unit tests of the speed-ups in groups.c that must not change a byte of
 * output: the ranks behind agg_code_cmp and agg_key_cmp, the sorted order
 * kept in a table (and dropped when a cell is added), the cache of recent
 * values in agg_intern and the front cache of agg_table_add. Each is
 * checked against a plain reference on random data.
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
#include "tip_datadir.h"
#include "tip_err.h"

static uint64_t seed = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

/* A random value of 0..20 bytes over a small alphabet (many near twins). */
static size_t
random_value(char *buf)
{
	static const char abc[] = "ab_T|Zz0";
	size_t len = rnd(21);

	for (size_t i = 0; i < len; i++)
		buf[i] = abc[rnd(sizeof(abc) - 1)];
	buf[len] = '\0';
	return len;
}

/* The order agg_code_cmp had before ranks: fixed codes, then strcmp. */
static int
ref_code_cmp(uint32_t a, uint32_t b)
{
	if (a == b)
		return 0;
	if (a <= AGG_U || b <= AGG_U)
		return a < b ? -1 : 1;
	return strcmp(agg_str(a), agg_str(b));
}

static int
ref_key_cmp(const struct agg_key *a, const struct agg_key *b)
{
	int r;

	if (a->ind != b->ind)
		return a->ind < b->ind ? -1 : 1;
	if ((r = ref_code_cmp(a->prog, b->prog)) != 0)
		return r;
	if ((r = ref_code_cmp(a->country, b->country)) != 0)
		return r;
	if (a->period != b->period)
		return a->period < b->period ? -1 : 1;
	for (int d = 0; d < AGG_NDIM; d++)
		if ((r = ref_code_cmp(a->dim[d], b->dim[d])) != 0)
			return r;
	return 0;
}

static int
sign(int x)
{
	return (x > 0) - (x < 0);
}

static void
test_code_ranks(void **state)
{
	uint32_t code[400];
	char buf[32];

	(void)state;
	agg_intern_reset();
	for (int round = 0; round < 4; round++) {
		/* new values between comparisons: the ranks follow */
		for (int i = 0; i < 100; i++) {
			size_t len = random_value(buf);
			code[round * 100 + i] = agg_intern(buf, len);
		}
		for (int i = 0; i < 3000; i++) {
			uint32_t a = code[rnd((unsigned)(round + 1) * 100)];
			uint32_t b = code[rnd((unsigned)(round + 1) * 100)];
			if (rnd(8) == 0)
				a = rnd(3);
			assert_int_equal(sign(agg_code_cmp(a, b)),
			    sign(ref_code_cmp(a, b)));
		}
	}
	agg_intern_reset();
}

static void
test_intern_recent(void **state)
{
	char buf[32];
	char *seen[3000];
	uint32_t got[3000];

	(void)state;
	agg_intern_reset();
	for (int i = 0; i < 3000; i++) {
		size_t len = random_value(buf);
		seen[i] = tip_xstrdup(buf);
		got[i] = agg_intern(buf, len);
		assert_string_equal(agg_str(got[i]), buf);
	}
	/* again, in another order: same codes; equal codes iff equal bytes */
	for (int k = 0; k < 20000; k++) {
		int i = (int)rnd(3000), j = (int)rnd(3000);
		assert_int_equal(agg_intern(seen[i], strlen(seen[i])), got[i]);
		assert_int_equal(got[i] == got[j],
		    strcmp(seen[i], seen[j]) == 0);
	}
	assert_int_equal(agg_intern("_T", 2), AGG_T);
	assert_int_equal(agg_intern("_U", 2), AGG_U);
	for (int i = 0; i < 3000; i++)
		free(seen[i]);
	agg_intern_reset();
}

static void
random_key(struct agg_key *k, const uint32_t *codes, unsigned ncodes)
{
	agg_key_clear(k, rnd(3));
	k->prog = codes[rnd(ncodes)];
	k->country = codes[rnd(ncodes)];
	k->period = AGG_PERIOD(2010 + rnd(2), rnd(5));
	for (int d = 0; d < AGG_NDIM; d++)
		if (rnd(2))
			k->dim[d] = codes[rnd(ncodes)];
}

static void
check_sorted(struct agg_table *t)
{
	size_t n;
	struct agg_cell **v = agg_table_sorted(t, &n);

	assert_int_equal(n, t->n);
	for (size_t i = 1; i < n; i++)
		assert_true(ref_key_cmp(&v[i - 1]->k, &v[i]->k) < 0);
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(t->sorted[t->pos[v[i] - t->c]], v[i]);
	free(v);
}

static void
test_sorted_and_front(void **state)
{
	struct agg_table t;
	uint32_t codes[12];
	char buf[32];
	int64_t *want;
	struct agg_key *keys;
	const size_t nkeys = 5000;

	(void)state;
	agg_intern_reset();
	for (int i = 0; i < 12; i++) {
		size_t len = random_value(buf);
		codes[i] = i < 3 ? (uint32_t)i : agg_intern(buf, len);
	}
	keys = tip_xcalloc(nkeys, sizeof(*keys));
	want = tip_xcalloc(nkeys, sizeof(*want));
	for (size_t i = 0; i < nkeys; i++)
		random_key(&keys[i], codes, 12);
	agg_table_init(&t);
	for (int round = 0; round < 5; round++) {
		/* adds through the front cache, growing the table on the way */
		for (int i = 0; i < 20000; i++) {
			size_t j = rnd((unsigned)(round + 1) * 1000);
			int64_t v = (int64_t)rnd(7);
			assert_int_equal(agg_table_add(&t, &keys[j], v, 0), 0);
			want[j] += v;
		}
		for (size_t j = 0; j < (size_t)(round + 1) * 1000; j++) {
			struct agg_cell *c = agg_table_get(&t, &keys[j], 0);
			size_t first = j;
			/* random keys may repeat: the first copy holds the sum */
			for (size_t i = 0; i < j; i++)
				if (memcmp(&keys[i], &keys[j],
				    sizeof(keys[j])) == 0) {
					first = i;
					break;
				}
			if (first != j)
				continue;
			int64_t sum = want[j];
			for (size_t i = j + 1; i < (size_t)(round + 1) * 1000;
			    i++)
				if (memcmp(&keys[i], &keys[j],
				    sizeof(keys[j])) == 0)
					sum += want[i];
			if (c != NULL)
				assert_int_equal(c->v, sum);
		}
		check_sorted(&t);
		check_sorted(&t); /* the kept order, unchanged */
		/* a value interned after sorting sorts right too */
		size_t len = random_value(buf);
		codes[3 + rnd(9)] = agg_intern(buf, len);
	}
	agg_table_release(&t);
	free(keys);
	free(want);
	agg_intern_reset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_ranks),
		cmocka_unit_test(test_intern_recent),
		cmocka_unit_test(test_sorted_and_front),
	};

	tip_set_progname("test_order");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
