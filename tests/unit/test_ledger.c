/*
 * Unit tests of the submission ledger (tip_ledger.c): load, append, the
 * file format, identity and currency queries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_ledger.h"

static char root[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/tip-ledger-XXXXXX");
	if (mkdtemp(root) == NULL)
		return -1;
	char *st = tip_strdupf("%s/state", root);
	int rc = mkdir(st, 0700);
	free(st);
	return rc;
}

static int
teardown(void **state)
{
	(void)state;
	return tip_rmtree(root);
}

static void
add(struct tip_ledger *l, const char *sha, const char *id, const char *prog,
    const char *period, const char *outcome, const char *supersedes,
    const char *reason)
{
	const char *cols[TIP_L_NCOLS] = {
		[TIP_L_SEQ] = "ignored", [TIP_L_TIME] = "2010-07-01T00:00:00Z",
		[TIP_L_SHA256] = sha, [TIP_L_SIZE] = "10",
		[TIP_L_SOURCE] = "src.zip", [TIP_L_ID] = id,
		[TIP_L_PROGRAMME] = prog, [TIP_L_AGENCY] = "IOM",
		[TIP_L_PERIOD] = period, [TIP_L_OUTCOME] = outcome,
		[TIP_L_SUPERSEDES] = supersedes, [TIP_L_REASON] = reason,
	};
	assert_int_equal(tip_ledger_append(root, l, cols), 0);
}

static char *
slurp(void)
{
	char *path = tip_strdupf("%s/state/ledger.tsv", root);
	FILE *fp = fopen(path, "r");
	static char buf[8192];
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	free(path);
	return buf;
}

static void
test_missing_is_empty(void **state)
{
	struct tip_ledger l;

	(void)state;
	assert_int_equal(tip_ledger_load(root, &l), 0);
	assert_int_equal(l.n, 0);
	assert_null(tip_ledger_find_sha(&l, "x"));
	assert_null(tip_ledger_latest(&l, "SRB", "IOM", "2010Q1"));
	tip_ledger_release(&l);
	tip_ledger_release(&l); /* twice is fine */
}

static void
test_append_format_reload(void **state)
{
	struct tip_ledger l, m;

	(void)state;
	assert_int_equal(tip_ledger_load(root, &l), 0);
	add(&l, "aa", "SRB-IOM-2010Q1-aa", "SRB", "2010Q1", "staged", "", "");
	add(&l, "bb", "", "SRB", "2010Q1", "quarantined", "",
	    "bad\tthing\nhere");
	assert_string_equal(slurp(),
	    "seq\ttime\tsha256\tsize\tsource\tid\tprogramme\tagency\tperiod\t"
	    "outcome\tsupersedes\treason\n"
	    "1\t2010-07-01T00:00:00Z\taa\t10\tsrc.zip\tSRB-IOM-2010Q1-aa\tSRB\t"
	    "IOM\t2010Q1\tstaged\t\t\n"
	    "2\t2010-07-01T00:00:00Z\tbb\t10\tsrc.zip\t\tSRB\tIOM\t2010Q1\t"
	    "quarantined\t\tbad?thing?here\n");
	assert_int_equal(tip_ledger_load(root, &m), 0);
	assert_int_equal(m.n, 2);
	for (size_t i = 0; i < m.n; i++)
		for (int c = 0; c < TIP_L_NCOLS; c++)
			assert_string_equal(m.e[i].col[c], l.e[i].col[c]);
	assert_string_equal(m.e[1].col[TIP_L_SEQ], "2");
	/* the file is private */
	struct stat sb;
	char *path = tip_strdupf("%s/state/ledger.tsv", root);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	free(path);
	tip_ledger_drop_last(&m);
	assert_int_equal(m.n, 1);
	tip_ledger_release(&l);
	tip_ledger_release(&m);
}

static void
test_currency(void **state)
{
	struct tip_ledger l;
	const struct tip_ledger_entry *e;

	(void)state;
	assert_int_equal(tip_ledger_load(root, &l), 0);
	add(&l, "a1", "SRB-IOM-2010Q1-a1", "SRB", "2010Q1", "staged", "", "");
	add(&l, "b1", "SRB-IOM-2010Q2-b1", "SRB", "2010Q2", "staged", "", "");
	add(&l, "a1", "SRB-IOM-2010Q1-a1", "SRB", "2010Q1", "duplicate", "",
	    "duplicate of SRB-IOM-2010Q1-a1");
	add(&l, "q1", "", "SRB", "2010Q1", "quarantined", "", "bad");
	assert_true(tip_ledger_is_current(&l, "SRB-IOM-2010Q1-a1"));
	add(&l, "a2", "SRB-IOM-2010Q1-a2", "SRB", "2010Q1", "staged",
	    "SRB-IOM-2010Q1-a1", "");

	e = tip_ledger_find_sha(&l, "a1");
	assert_non_null(e);
	assert_string_equal(e->col[TIP_L_OUTCOME], "duplicate");
	e = tip_ledger_find_id(&l, "SRB-IOM-2010Q2-b1");
	assert_non_null(e);
	assert_string_equal(e->col[TIP_L_SEQ], "2");
	e = tip_ledger_latest(&l, "SRB", "IOM", "2010Q1");
	assert_non_null(e);
	assert_string_equal(e->col[TIP_L_ID], "SRB-IOM-2010Q1-a2");
	assert_null(tip_ledger_latest(&l, "PAK", "IOM", "2010Q1"));

	e = tip_ledger_superseded_by(&l, "SRB-IOM-2010Q1-a1");
	assert_non_null(e);
	assert_string_equal(e->col[TIP_L_ID], "SRB-IOM-2010Q1-a2");
	assert_null(tip_ledger_superseded_by(&l, "SRB-IOM-2010Q1-a2"));
	assert_null(tip_ledger_superseded_by(&l, "nosuch"));
	assert_false(tip_ledger_is_current(&l, "SRB-IOM-2010Q1-a1"));
	assert_true(tip_ledger_is_current(&l, "SRB-IOM-2010Q1-a2"));
	assert_true(tip_ledger_is_current(&l, "SRB-IOM-2010Q2-b1"));
	assert_false(tip_ledger_is_current(&l, ""));
	assert_false(tip_ledger_is_current(&l, "nosuch"));
	tip_ledger_release(&l);
}

static void
test_malformed(void **state)
{
	struct tip_ledger l;
	char *path = tip_strdupf("%s/state/ledger.tsv", root);
	FILE *fp = fopen(path, "w");

	(void)state;
	fputs("seq\ttime\n1\t2010\n", fp);
	fclose(fp);
	tip_verbosity = 0;
	assert_int_equal(tip_ledger_load(root, &l), TIP_EX_CONFIG);
	assert_int_equal(l.n, 0);
	assert_null(l.e);
	free(path);
}

static void
test_colnames(void **state)
{
	(void)state;
	assert_string_equal(tip_ledger_colname(TIP_L_SEQ), "seq");
	assert_string_equal(tip_ledger_colname(TIP_L_REASON), "reason");
	assert_string_equal(tip_ledger_colname(TIP_L_NCOLS), "?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_missing_is_empty, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_append_format_reload, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_currency, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test(test_colnames),
	};
	tip_set_progname("test_ledger");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
