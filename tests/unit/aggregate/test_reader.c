/*
 * The file reader's row classes (reader.c) against measuring row by row
 * (agg_measure_row): random tables of every schema of the shipped
 * catalogue and of a catalogue that filters and sums in other ways, with
 * columns in any order, bad dates, empty cells, repeated list items and
 * sums near the int64 limit, read with the default number of classes and
 * with so few classes or values that they are measured over and over,
 * must give the same
 * cells, flags and counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <fcntl.h>

#include "../../../stages/aggregate/aggregate.h"
#include "tip_csv.h"
#include "tip_datadir.h"
#include "tip_err.h"

static char top_schemas[1024];

static const char *
schema_dir(void)
{
	const char *top = getenv("TOP");

	snprintf(top_schemas, sizeof(top_schemas), "%s/schemas",
	    top ? top : ".");
	return top_schemas;
}

/* Sums and filters the shipped catalogue does not have: a range filter
 * on a field that is also an age dimension, a list filter, a sum of two
 * fields without a split. */
static const char extra_catalogue[] =
    "{\"version\": 1, \"age_bands\": {\"broad\": [{\"code\": \"A\", "
    "\"min\": 0, \"max\": 17}, {\"code\": \"B\", \"min\": 18}], \"fine\": "
    "[{\"code\": \"C\", \"min\": 0, \"max\": 11}, {\"code\": \"D\", "
    "\"min\": 12, \"max\": 17}, {\"code\": \"E\", \"min\": 18}]}, "
    "\"indicators\": ["
    "{\"id\": \"adults\", \"name\": \"A\", \"pillar\": \"protection\", "
    "\"unit\": \"persons\", \"table\": \"victims\", \"date\": "
    "\"date_identified\", \"measure\": \"count\", \"filter\": [{\"field\": "
    "\"age\", \"min\": 18, \"max\": 60}, {\"field\": \"assistance\", \"in\": "
    "[\"shelter\", \"legal\"]}], \"dimensions\": [{\"column\": "
    "\"age_group\", \"field\": \"age\", \"bands\": \"fine\"}, "
    "\"assistance\"]},"
    "{\"id\": \"both\", \"name\": \"B\", \"pillar\": \"prevention\", "
    "\"unit\": \"persons\", \"table\": \"prevention\", \"date\": "
    "\"date_start\", \"measure\": {\"sum\": [\"participants_female\", "
    "\"participants_male\"]}, \"dimensions\": [\"target_group\"]}"
    "]}";

static const char *const words[] = {"", "a", "bb", "sexual",
	"forced_labour", "shelter", "legal", "female", "male", "SRB", "BIH",
	"training", "officials", "charged", "convicted", "investigated"};
#define NWORDS (sizeof(words) / sizeof(words[0]))

/* A random cell for a field of type ty. */
static void
cell(FILE *fp, enum agg_ftype ty, unsigned *seed)
{
	int k = rand_r(seed) % 16;

	switch (ty) {
	case AGG_T_INTEGER:
	case AGG_T_NUMBER:
		if (k == 0)
			return;
		if (k == 1)
			fprintf(fp, "%lld", 4611686018427387904LL +
			    rand_r(seed) % 1000);
		else
			fprintf(fp, "%d", rand_r(seed) % 90);
		return;
	case AGG_T_DATE:
		if (k == 0)
			fputs(k % 2 ? "" : "2010-13-01", fp);
		else
			fprintf(fp, "%d-%02d-%02d", 2009 + rand_r(seed) % 3,
			    1 + rand_r(seed) % 12, 1 + rand_r(seed) % 28);
		return;
	case AGG_T_YEARMONTH:
		if (k == 0)
			fputs("2010-00", fp);
		else
			fprintf(fp, "%d-%02d", 2009 + rand_r(seed) % 3,
			    1 + rand_r(seed) % 12);
		return;
	case AGG_T_BOOLEAN:
		fputs(k < 7 ? "true" : k < 14 ? "false" : "", fp);
		return;
	case AGG_T_LIST: {
		int n = rand_r(seed) % 4;
		for (int i = 0; i < n; i++)
			fprintf(fp, "%s%s", i ? "|" : "",
			    words[1 + rand_r(seed) % (NWORDS - 1)]);
		return;
	}
	default:
		fputs(words[(size_t)rand_r(seed) % NWORDS], fp);
		return;
	}
}

static void
same_tables(struct agg_table *a, struct agg_table *b, const char *what)
{
	if (a->n != b->n)
		fail_msg("%s: %zu cells row by row, %zu by classes", what, a->n,
		    b->n);
	for (size_t i = 0; i < a->cap; i++) {
		const struct agg_cell *x = &a->c[i], *y;
		if (x->k.ind == AGG_NONE)
			continue;
		y = agg_table_get(b, &x->k, 0);
		if (y == NULL)
			fail_msg("%s: a cell of indicator %u is missing", what,
			    x->k.ind);
		if (y->flags != x->flags || (!(x->flags & AGG_F_OVERFLOW) &&
		    y->v != x->v))
			fail_msg("%s: indicator %u: %lld (flags %u) row by row, "
			    "%lld (flags %u) by classes", what, x->k.ind,
			    (long long)x->v, x->flags, (long long)y->v,
			    y->flags);
	}
}

/* Random tables of every schema of cat, both ways. */
static void
check_catalogue(const struct agg_catalogue *cat, unsigned seed)
{
	char path[] = "/tmp/tip-test-reader-XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	for (size_t tb = 0; tb < cat->nschema; tb++) {
		const struct agg_schema *s = &cat->schema[tb];
		for (int round = 0; round < 6; round++) {
			size_t nf = s->nfield, order[AGG_MAX_FIELDS];
			int col[AGG_MAX_FIELDS];
			int rows = 1 + rand_r(&seed) % 2000;
			uint32_t prog = agg_intern("SRB", 3);
			struct agg_table a, b;
			uint64_t nrows;
			char what[128];
			FILE *fp;
			/* Columns in a random order. */
			for (size_t i = 0; i < nf; i++)
				order[i] = i;
			for (size_t i = nf; i > 1 && round % 2; i--) {
				size_t j = (size_t)rand_r(&seed) % i, t;
				t = order[i - 1];
				order[i - 1] = order[j];
				order[j] = t;
			}
			for (size_t i = 0; i < nf; i++)
				col[order[i]] = (int)i;
			fp = fopen(path, "w");
			assert_non_null(fp);
			for (size_t i = 0; i < nf; i++)
				fprintf(fp, "%s%s", i ? "," : "",
				    s->field[order[i]]);
			fputc('\n', fp);
			agg_table_init(&a);
			for (int r = 0; r < rows; r++) {
				char *line = NULL;
				size_t len = 0;
				FILE *lp = open_memstream(&line, &len);
				struct tip_csv_field f[AGG_MAX_FIELDS];
				for (size_t i = 0; i < nf; i++) {
					if (i > 0)
						fputc(',', lp);
					cell(lp, s->type[order[i]], &seed);
				}
				fclose(lp);
				fprintf(fp, "%s\n", line);
				/* The same row, field by field. */
				char *p = line;
				for (size_t i = 0; i < nf; i++) {
					char *c = strchr(p, ',');
					f[i].s = p;
					f[i].len = c ? (size_t)(c - p) : strlen(p);
					if (c != NULL)
						*c = '\0';
					p = c ? c + 1 : p + strlen(p);
				}
				assert_true(agg_measure_row(cat, (int)tb, prog,
				    col, f, nf, &a) >= 0);
				free(line);
			}
			assert_int_equal(fclose(fp), 0);
			for (int way = 0; way < 3; way++) {
				static const size_t lim[3][2] = {{0, 0}, {3, 0},
				    {0, 5}};
				agg_measure_set_limits(lim[way][0], lim[way][1]);
				agg_table_init(&b);
				/* Bad dates are warned about: not here. */
				int saved = dup(2), null = open("/dev/null",
				    O_WRONLY);
				dup2(null, 2);
				int rc = agg_measure_file(cat, (int)tb, prog, path,
				    &b, &nrows, NULL);
				dup2(saved, 2);
				close(saved);
				close(null);
				assert_true(rc == 0 || rc == TIP_EX_DATAERR);
				assert_int_equal(nrows, (uint64_t)rows);
				snprintf(what, sizeof(what), "table %s, round %d, "
				    "at most %zu classes and %zu values", s->name,
				    round, lim[way][0], lim[way][1]);
				same_tables(&a, &b, what);
				agg_table_release(&b);
			}
			agg_measure_set_limits(0, 0);
			agg_table_release(&a);
		}
	}
	unlink(path);
}

static void
test_reader_shipped(void **state)
{
	struct agg_catalogue cat;
	char *p = tip_strdupf("%s/indicators.json", schema_dir());

	(void)state;
	tip_verbosity = 0;
	assert_int_equal(agg_catalogue_load(&cat, p, schema_dir()), 0);
	check_catalogue(&cat, 7);
	agg_catalogue_release(&cat);
	free(p);
}

static void
test_reader_extra(void **state)
{
	struct agg_catalogue cat;

	(void)state;
	tip_verbosity = 0;
	assert_int_equal(agg_catalogue_parse(&cat, extra_catalogue,
	    strlen(extra_catalogue), "extra.json", schema_dir()), 0);
	check_catalogue(&cat, 99);
	agg_catalogue_release(&cat);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_shipped),
		cmocka_unit_test(test_reader_extra),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
