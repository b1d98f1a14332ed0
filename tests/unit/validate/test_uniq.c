/*
 * The bounded uniqueness index (vuniq.c) and the two-pass table reading it
 * drives: with a tiny in-memory budget (keys spill to disk) and hashes cut
 * to a few bits (every key collides), the duplicates found and the
 * outputs written must be exactly those of a roomy index.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../../stages/validate/vschema.h"
#include "../../../stages/validate/vtable.h"
#include "../../../stages/validate/vuniq.h"

/* Keys for the direct tests: record i has key keys[i] (offset = i). */
static char keys[4000][16];

static int
key_fn(void *ctx, unsigned kind, uint64_t off, struct val_buf *out)
{
	(void)ctx;
	out->len = 0;
	if (kind == 7)
		return 1;
	val_buf_reserve(out, 16);
	memcpy(out->p, keys[off], strlen(keys[off]));
	out->len = strlen(keys[off]);
	return 0;
}

/* Expected: first[i] = first row with the same key, or 0. */
static void
naive(size_t n, uint64_t *first)
{
	for (size_t i = 0; i < n; i++) {
		first[i] = 0;
		for (size_t j = 0; j < i; j++)
			if (strcmp(keys[i], keys[j]) == 0) {
				first[i] = j + 1;
				break;
			}
	}
}

static void
check_index(size_t n, size_t max_keys, uint64_t mask, unsigned nkeys)
{
	struct val_uniq_opts o = {.max_keys = max_keys, .hashmask = mask};
	struct val_uniq *u = val_uniq_new(&o, key_fn, NULL);
	static uint64_t want[4000], got[4000];
	unsigned long long seed = 12345 + n + max_keys + nkeys;
	int64_t late;

	for (size_t i = 0; i < n; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		snprintf(keys[i], sizeof(keys[i]), "k%u",
		    (unsigned)(seed >> 33) % nkeys);
	}
	naive(n, want);
	for (size_t i = 0; i < n; i++) {
		uint64_t f = 0;
		int rc = val_uniq_put(u, 3, keys[i], strlen(keys[i]), i + 1, i,
		    &f);
		assert_true(rc >= 0);
		got[i] = rc == 1 ? f : 0;
		if (rc == 1)
			assert_int_equal(f, want[i]); /* on time: exact */
	}
	late = val_uniq_resolve(u);
	assert_true(late >= 0);
	if (late > 0) {
		for (size_t i = 0; i < n; i++) {
			uint64_t f = 0;
			int rc = val_uniq_dup(u, 3, i + 1, &f);
			assert_true(rc >= 0);
			got[i] = rc == 1 ? f : 0;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (got[i] != want[i])
			fail_msg("n %zu max %zu mask %llx keys %u: row %zu first "
			    "%llu, want %llu", n, max_keys,
			    (unsigned long long)mask, nkeys, i + 1,
			    (unsigned long long)got[i],
			    (unsigned long long)want[i]);
	val_uniq_free(u);
}

static void
test_index(void **state)
{
	static const size_t maxk[] = {1, 2, 7, 100000};
	static const uint64_t masks[] = {0, 0xF000000000000003ULL, 1,
	    0xFE00000000000000ULL};
	static const unsigned nk[] = {1, 3, 50, 900, 100000};

	(void)state;
	for (size_t a = 0; a < 4; a++)
		for (size_t b = 0; b < 4; b++)
			for (size_t c = 0; c < 5; c++)
				check_index(a == 3 ? 4000 : 1200, maxk[a],
				    masks[b], nk[c]);
}

/* Many duplicates: the dup list is sorted in several runs and merged. */
static void
test_sort_runs(void **state)
{
	(void)state;
	/* 4000 rows over 3 keys, budget 1: nearly every row a late dup. */
	check_index(4000, 1, 0, 3);
}

struct res {
	char *acc, *rej, *fb;
	struct val_counts n;
	struct val_first first;
};

static char *
slurp(FILE *fp)
{
	long n;
	char *p;

	fflush(fp);
	n = ftell(fp);
	p = malloc((size_t)n + 1);
	rewind(fp);
	assert_int_equal(fread(p, 1, (size_t)n, fp), (size_t)n);
	p[n] = '\0';
	fclose(fp);
	return p;
}

/* Validates csv with the index options o (NULL: defaults); via a file
 * when path is set. */
static void
run(const char *json, const char *csv, size_t len,
    const struct val_uniq_opts *o, const char *path, struct res *r)
{
	char err[256];
	struct val_schema *s = val_schema_parse(json, strlen(json), "t", NULL,
	    err, sizeof(err));
	struct val_sub sub = {.programme = "SRB"};
	struct val_out out;
	struct val_table *t;

	if (s == NULL)
		fail_msg("schema: %s", err);
	memset(r, 0, sizeof(*r));
	out.accepted = tmpfile();
	out.rejects = tmpfile();
	out.feedback = tmpfile();
	fputs("feedback header\n", out.feedback);
	t = val_table_new(s, "t", &sub, &out, NULL, &r->first);
	if (o != NULL)
		val_table_set_uniq(t, o);
	if (path != NULL) {
		FILE *fp = fopen(path, "w");
		fwrite(csv, 1, len, fp);
		fclose(fp);
		assert_int_equal(val_table_read_path(t, path), 0);
		unlink(path);
	} else
		assert_int_equal(val_table_read_mem(t, csv, len), 0);
	r->n = *val_table_counts(t);
	assert_int_equal(r->n.rows_read, r->n.accepted + r->n.rejected);
	val_table_free(t);
	val_schema_free(s);
	r->acc = slurp(out.accepted);
	r->rej = slurp(out.rejects);
	r->fb = slurp(out.feedback);
}

static void
same(const struct res *a, const struct res *b, const char *what)
{
	if (strcmp(a->acc, b->acc) != 0 || strcmp(a->rej, b->rej) != 0 ||
	    strcmp(a->fb, b->fb) != 0 || memcmp(&a->n, &b->n, sizeof(a->n))
	    != 0 || a->first.n != b->first.n)
		fail_msg("%s differs:\n%s\n%s\n---\n%s\n%s", what, a->acc,
		    a->rej, b->acc, b->rej);
	for (size_t i = 0; i < a->first.n; i++)
		if (a->first.e[i].row != b->first.e[i].row ||
		    strcmp(a->first.e[i].message, b->first.e[i].message) != 0)
			fail_msg("%s: first error %zu differs", what, i);
}

static void
res_free(struct res *r)
{
	free(r->acc);
	free(r->rej);
	free(r->fb);
}

static const char schema_json[] =
    "{\"fields\": ["
    "{\"name\": \"id\", \"constraints\": {\"required\": true}},"
    "{\"name\": \"code\", \"constraints\": {\"unique\": true}},"
    "{\"name\": \"n\", \"type\": \"integer\", \"constraints\": "
    "{\"maximum\": 50}},"
    "{\"name\": \"tag\", \"constraints\": {\"unique\": true, "
    "\"enum\": [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"]}}],"
    "\"primaryKey\": [\"id\", \"n\"]}";

/* A table with duplicates of every kind, other errors on some of the
 * same rows, quoted and multi-line records, a BOM and CRLF. */
static char *
make_csv(size_t rows, unsigned seed0, size_t *len)
{
	char *buf = NULL;
	size_t blen = 0;
	FILE *fp = open_memstream(&buf, &blen);
	unsigned long long seed = seed0;

	fputs("\xEF\xBB\xBFid,code,n,tag\r\n", fp);
	for (size_t i = 0; i < rows; i++) {
		unsigned r[4];
		for (int k = 0; k < 4; k++) {
			seed = seed * 6364136223846793005ULL +
			    1442695040888963407ULL;
			r[k] = (unsigned)(seed >> 33);
		}
		switch (r[0] % 9) {
		case 0:
			fprintf(fp, "\"id\n%u\",c%u,%u,\n", r[1] % 40,
			    r[2] % 300, r[3] % 60);
			break;
		case 1:
			fprintf(fp, "id%u,,%u,%c\r\n", r[1] % 40, r[3] % 60,
			    "abcdefgh"[r[2] % 8]);
			break;
		case 2:
			fprintf(fp, "id%u,\"c%u\",x%u,\n", r[1] % 40, r[2] % 300,
			    r[3] % 3);
			break;
		case 3:
			fputs("\n", fp);
			break;
		default:
			fprintf(fp, "id%u,c%u,%u,%s\n", r[1] % 40, r[2] % 300,
			    r[3] % 60, r[0] % 7 == 0 ? "b" : "");
		}
	}
	fclose(fp);
	*len = blen;
	return buf;
}

static void
test_table(void **state)
{
	static const struct {
		size_t max_keys;
		uint64_t mask;
	} v[] = {{1, 0}, {3, 0}, {5, 0x8000000000000001ULL}, {2, 1},
	    {64, 0xC000000000000000ULL}};
	char path[] = "/tmp/test_uniq.XXXXXX";
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	for (unsigned seed = 1; seed <= 6; seed++) {
		size_t len;
		char *csv = make_csv(seed * 70, seed, &len);
		struct res ref, got;
		run(schema_json, csv, len, NULL, NULL, &ref);
		assert_non_null(strstr(ref.rej, "duplicates row"));
		for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
			struct val_uniq_opts o = {.max_keys = v[k].max_keys,
			    .hashmask = v[k].mask};
			char what[64];
			snprintf(what, sizeof(what), "seed %u, variant %zu mem",
			    seed, k);
			run(schema_json, csv, len, &o, NULL, &got);
			same(&ref, &got, what);
			res_free(&got);
			snprintf(what, sizeof(what), "seed %u, variant %zu file",
			    seed, k);
			run(schema_json, csv, len, &o, path, &got);
			same(&ref, &got, what);
			res_free(&got);
		}
		res_free(&ref);
		free(csv);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_sort_runs),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
