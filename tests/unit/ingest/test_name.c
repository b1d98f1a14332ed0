/*
 * Unit tests of ingest_name.c: the file-name convention, submission ids,
 * format detection by name and by content, member-name safety.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../../stages/ingest/ingest_name.h"

static void
test_parse_name(void **state)
{
	struct ingest_name nm;

	(void)state;
	assert_int_equal(ingest_parse_name("SRB_UNODC_2010Q1.tar.gz", &nm), 0);
	assert_string_equal(nm.programme, "SRB");
	assert_string_equal(nm.agency, "UNODC");
	assert_string_equal(nm.period, "2010Q1");
	assert_string_equal(nm.table, "");

	assert_int_equal(ingest_parse_name("ARG-BOL_IOM_2010Q2.zip", &nm), 0);
	assert_string_equal(nm.programme, "ARG-BOL");
	assert_string_equal(nm.agency, "IOM");

	/* codes are case-insensitive and come back upper case */
	assert_int_equal(ingest_parse_name("rwa-bdi_gov_2011q4.TGZ", &nm), 0);
	assert_string_equal(nm.programme, "RWA-BDI");
	assert_string_equal(nm.period, "2011Q4");

	assert_int_equal(ingest_parse_name(
	    "SRB_GOV_2010Q1_prosecutions.csv.gz", &nm), 0);
	assert_string_equal(nm.table, "prosecutions");
	/* an extra part that is no table is ignored */
	assert_int_equal(ingest_parse_name("SRB_GOV_2010Q1_fixed.tar", &nm), 0);
	assert_string_equal(nm.table, "");
	assert_int_equal(ingest_parse_name("SRB_GOV_2010Q1_victims_v2.csv",
	    &nm), 0);
	assert_string_equal(nm.table, "");

	/* not the convention */
	assert_int_equal(ingest_parse_name("SRB_GOV.zip", &nm), -1);
	assert_string_equal(nm.programme, "");
	assert_int_equal(ingest_parse_name("XXX_GOV_2010Q1.zip", &nm), -1);
	assert_int_equal(ingest_parse_name("SRB_NGO_2010Q1.zip", &nm), -1);
	assert_int_equal(ingest_parse_name("SRB_GOV_2010Q5.zip", &nm), -1);
	assert_int_equal(ingest_parse_name("SRB_GOV_10Q1.zip", &nm), -1);
	assert_int_equal(ingest_parse_name("SRB_GOV_2010Q1.rar", &nm), -1);
	assert_int_equal(ingest_parse_name("SRB_GOV_2010Q1", &nm), -1);
	assert_int_equal(ingest_parse_name("_GOV_2010Q1.zip", &nm), -1);
	assert_int_equal(ingest_parse_name(".zip", &nm), -1);
	assert_int_equal(ingest_parse_name("", &nm), -1);
}

static void
test_periods(void **state)
{
	(void)state;
	assert_true(ingest_valid_period("2010Q1"));
	assert_true(ingest_valid_period("1999Q4"));
	assert_false(ingest_valid_period("2010Q0"));
	assert_false(ingest_valid_period("2010q1"));
	assert_false(ingest_valid_period("1899Q1"));
	assert_false(ingest_valid_period("2010Q12"));
	assert_false(ingest_valid_period("201XQ1"));
	assert_false(ingest_valid_period(""));
}

static void
test_ids(void **state)
{
	struct ingest_name nm;
	char id[128], sha12[13];

	(void)state;
	ingest_make_id(id, sizeof(id), "SRB", "UNODC", "2010Q1",
	    "1a2b3c4d5e6f7a8b9c");
	assert_string_equal(id, "SRB-UNODC-2010Q1-1a2b3c4d5e6f");
	assert_int_equal(ingest_parse_id(id, &nm, sha12), 0);
	assert_string_equal(nm.programme, "SRB");
	assert_string_equal(nm.agency, "UNODC");
	assert_string_equal(nm.period, "2010Q1");
	assert_string_equal(sha12, "1a2b3c4d5e6f");

	/* a programme with a hyphen */
	assert_int_equal(ingest_parse_id("ARG-BOL-IOM-2010Q2-0123456789ab",
	    &nm, sha12), 0);
	assert_string_equal(nm.programme, "ARG-BOL");
	assert_string_equal(nm.agency, "IOM");
	assert_string_equal(sha12, "0123456789ab");

	assert_int_equal(ingest_parse_id("SRB-UNODC-2010Q1-0123456789aB",
	    &nm, sha12), -1);
	assert_string_equal(sha12, "");
	assert_int_equal(ingest_parse_id("SRB-UNODC-2010Q1-0123456789a",
	    &nm, sha12), -1);
	assert_int_equal(ingest_parse_id("SRB-NGO-2010Q1-0123456789ab",
	    &nm, sha12), -1);
	assert_int_equal(ingest_parse_id("UNODC-2010Q1-0123456789ab", &nm,
	    sha12), -1);
	assert_int_equal(ingest_parse_id("-UNODC-2010Q1-0123456789ab", &nm,
	    sha12), -1);
	assert_int_equal(ingest_parse_id(".tmp-0123456789ab-123", &nm,
	    sha12), -1);
	assert_int_equal(ingest_parse_id("", &nm, sha12), -1);
}

static void
test_fmt_from_name(void **state)
{
	(void)state;
	assert_int_equal(ingest_fmt_from_name("a.tar"), INGEST_FMT_TAR);
	assert_int_equal(ingest_fmt_from_name("a.tar.gz"), INGEST_FMT_TGZ);
	assert_int_equal(ingest_fmt_from_name("a.TGZ"), INGEST_FMT_TGZ);
	assert_int_equal(ingest_fmt_from_name("a.tar.xz"), INGEST_FMT_TXZ);
	assert_int_equal(ingest_fmt_from_name("a.txz"), INGEST_FMT_TXZ);
	assert_int_equal(ingest_fmt_from_name("a.zip"), INGEST_FMT_ZIP);
	assert_int_equal(ingest_fmt_from_name("a.csv.gz"), INGEST_FMT_CSVGZ);
	assert_int_equal(ingest_fmt_from_name("a.csv"), INGEST_FMT_CSV);
	assert_int_equal(ingest_fmt_from_name("a.gz"), INGEST_FMT_UNKNOWN);
	assert_int_equal(ingest_fmt_from_name("a.rar"), INGEST_FMT_UNKNOWN);
	assert_int_equal(ingest_fmt_from_name(".tar"), INGEST_FMT_UNKNOWN);
	assert_int_equal(ingest_fmt_from_name("tar"), INGEST_FMT_UNKNOWN);
	assert_string_equal(ingest_fmt_name(INGEST_FMT_TGZ), "tar.gz");
	assert_true(ingest_fmt_single(INGEST_FMT_CSVGZ));
	assert_false(ingest_fmt_single(INGEST_FMT_ZIP));
}

static void
test_magic(void **state)
{
	unsigned char tar[512];
	char why[256];

	(void)state;
	memset(tar, 0, sizeof(tar));
	memcpy(tar + 257, "ustar\0" "00", 8);
	assert_int_equal(ingest_magic("\x1f\x8b\x08", 3), INGEST_MAGIC_GZIP);
	assert_int_equal(ingest_magic("\xfd" "7zXZ\0\0", 7), INGEST_MAGIC_XZ);
	assert_int_equal(ingest_magic("PK\3\4", 4), INGEST_MAGIC_ZIP);
	assert_int_equal(ingest_magic("PK\5\6", 4), INGEST_MAGIC_ZIP);
	assert_int_equal(ingest_magic("BZh9", 4), INGEST_MAGIC_BZIP2);
	assert_int_equal(ingest_magic("\x28\xb5\x2f\xfd", 4), INGEST_MAGIC_ZSTD);
	assert_int_equal(ingest_magic("7z\xbc\xaf\x27\x1c", 6), INGEST_MAGIC_7Z);
	assert_int_equal(ingest_magic("Rar!\x1a\x07", 6), INGEST_MAGIC_RAR);
	assert_int_equal(ingest_magic(tar, sizeof(tar)), INGEST_MAGIC_TAR);
	assert_int_equal(ingest_magic(tar, 200), INGEST_MAGIC_NONE);
	assert_int_equal(ingest_magic("a,b\n", 4), INGEST_MAGIC_NONE);
	assert_int_equal(ingest_magic("\x1f", 1), INGEST_MAGIC_NONE);
	assert_int_equal(ingest_magic("", 0), INGEST_MAGIC_EMPTY);

	assert_int_equal(ingest_fmt_check(INGEST_FMT_TGZ, INGEST_MAGIC_GZIP,
	    why, sizeof(why)), 0);
	assert_int_equal(ingest_fmt_check(INGEST_FMT_CSV, INGEST_MAGIC_NONE,
	    why, sizeof(why)), 0);
	assert_int_equal(ingest_fmt_check(INGEST_FMT_TAR, INGEST_MAGIC_TAR,
	    why, sizeof(why)), 0);
	assert_int_equal(ingest_fmt_check(INGEST_FMT_CSVGZ, INGEST_MAGIC_NONE,
	    why, sizeof(why)), -1);
	assert_non_null(strstr(why, "not compressed"));
	assert_int_equal(ingest_fmt_check(INGEST_FMT_ZIP, INGEST_MAGIC_GZIP,
	    why, sizeof(why)), -1);
	assert_string_equal(why, "content is gzip, not the zip the name says");
	assert_int_equal(ingest_fmt_check(INGEST_FMT_CSV, INGEST_MAGIC_ZIP,
	    why, sizeof(why)), -1);
	assert_int_equal(ingest_fmt_check(INGEST_FMT_TAR, INGEST_MAGIC_EMPTY,
	    why, sizeof(why)), -1);
	assert_string_equal(why, "empty file");
	assert_int_equal(ingest_fmt_check(INGEST_FMT_UNKNOWN, INGEST_MAGIC_GZIP,
	    why, sizeof(why)), -1);
	assert_non_null(strstr(why, "unsupported file type"));
}

static void
member(const char *in, int want, const char *norm_or_why)
{
	char norm[64];
	const char *why = NULL;
	int rc = ingest_member_name(in, norm, sizeof(norm), &why);

	assert_int_equal(rc, want);
	if (want == 0)
		assert_string_equal(norm, norm_or_why);
	else
		assert_string_equal(why, norm_or_why);
}

static void
test_member_names(void **state)
{
	(void)state;
	member("victims.csv", 0, "victims.csv");
	member("./victims.csv", 0, "victims.csv");
	member(".//./victims.csv", 0, "victims.csv");
	member("data/v.csv", 0, "data/v.csv");
	member("dir/", 0, "dir/");
	member("a..b.csv", 0, "a..b.csv");
	member("../x.csv", -1, "'..' in path");
	member("a/../../x.csv", -1, "'..' in path");
	member("a/..", -1, "'..' in path");
	member("/etc/passwd", -1, "absolute path");
	member("C:x.csv", -1, "absolute path");
	member("..\\x.csv", -1, "backslash in path");
	member("a\nb.csv", -1, "control character in path");
	member("a//b.csv", -1, "odd path");
	member("a/./b.csv", -1, "odd path");
	member("", -1, "entry without a name");
	member("./", -1, "entry without a name");
	member(NULL, -1, "entry without a name");
	member("0123456789012345678901234567890123456789012345678901234567890123",
	    -1, "path too long");
	assert_true(ingest_name_is_archive("inner.TAR.GZ"));
	assert_true(ingest_name_is_archive("x.zip"));
	assert_false(ingest_name_is_archive("victims.csv"));
}

static void
test_codes(void **state)
{
	(void)state;
	assert_true(ingest_valid_programme("CASIA"));
	assert_false(ingest_valid_programme("casia"));
	assert_true(ingest_valid_agency("UNHCR"));
	assert_false(ingest_valid_agency("UN"));
	assert_true(ingest_table_known("coordination"));
	assert_false(ingest_table_known("datapackage"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_name),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_fmt_from_name),
		cmocka_unit_test(test_magic),
		cmocka_unit_test(test_member_names),
		cmocka_unit_test(test_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
