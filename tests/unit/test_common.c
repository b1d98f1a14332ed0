/*
 * Unit tests for the small pieces of libtip: SHA-256, exit-code ordering,
 * size parsing, paths, atomic files and their sweep, the data-dir lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "tip_afile.h"
#include "tip_csvout.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_lock.h"
#include "tip_opts.h"
#include "tip_sha256.h"
#include "tip_xxh64.h"
#include "tip_bytes.h"

static char *
sha_hex(const char *s, size_t chunk)
{
	static char hex[65];
	struct tip_sha256 c;
	uint8_t dig[32];
	size_t len = strlen(s);

	tip_sha256_init(&c);
	for (size_t i = 0; i < len; i += chunk)
		tip_sha256_update(&c, s + i, len - i < chunk ? len - i : chunk);
	tip_sha256_final(&c, dig);
	tip_sha256_hex(dig, hex);
	return hex;
}

static void
test_sha256_vectors(void **state)
{
	(void)state;
	/* FIPS 180-4 examples. */
	assert_string_equal(sha_hex("", 1),
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_string_equal(sha_hex("abc", 1),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	for (size_t chunk = 1; chunk <= strlen(two); chunk++)
		assert_string_equal(sha_hex(two, chunk),
		    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_sha256_million_a(void **state)
{
	struct tip_sha256 c;
	uint8_t dig[32];
	char hex[65], block[1000];

	(void)state;
	memset(block, 'a', sizeof(block));
	tip_sha256_init(&c);
	for (int i = 0; i < 1000; i++)
		tip_sha256_update(&c, block, sizeof(block));
	tip_sha256_final(&c, dig);
	tip_sha256_hex(dig, hex);
	assert_string_equal(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* XXH64 against the reference xxhsum -H1 (xxHash 0.8.1) on a byte
 * pattern of lengths around the 32-byte stripes, fed whole and in every
 * chunk size. */
static void
test_xxh64_vectors(void **state)
{
	static const struct {
		size_t len;
		uint64_t want;
	} v[] = {
		{0, 0xef46db3751d8e999ULL}, {1, 0x1f25c8d0bc1f4bb6ULL},
		{7, 0x9a7b149959ce60d8ULL}, {8, 0xdab99d95c6f90092ULL},
		{31, 0xa2aa5f33cc4a6119ULL}, {32, 0x23c3c17ef790fd97ULL},
		{33, 0x50a7cfc7ba588784ULL}, {63, 0xf1438f15b9ed16e9ULL},
		{64, 0x2cd990a1beed6894ULL}, {65, 0xc763da59981e980eULL},
		{1000, 0x021f7a7424085ea4ULL},
	};
	uint8_t pat[1000];
	char str[23];

	(void)state;
	for (size_t i = 0; i < sizeof(pat); i++)
		pat[i] = (uint8_t)((i * 7 + 3) % 251);
	assert_true(tip_xxh64("abc", 3, 0) == 0x44bc2cf5ad770999ULL);
	for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
		if (tip_xxh64(pat, v[k].len, 0) != v[k].want)
			fail_msg("xxh64 of %zu bytes: %016llx", v[k].len,
			    (unsigned long long)tip_xxh64(pat, v[k].len, 0));
		for (size_t chunk = 1; chunk <= v[k].len; chunk++) {
			struct tip_xxh64 h;
			tip_xxh64_init(&h, 0);
			for (size_t i = 0; i < v[k].len; i += chunk)
				tip_xxh64_update(&h, pat + i, v[k].len - i < chunk ?
				    v[k].len - i : chunk);
			assert_true(tip_xxh64_digest(&h) == v[k].want);
		}
	}
	tip_xxh64_str(0x021f7a7424085ea4ULL, str);
	assert_string_equal(str, "xxh64:021f7a7424085ea4");
}

/* tip_same against memcmp, and tip_sig16 telling strings of one length
 * up to 16 bytes apart exactly, on strings that differ in one byte. */
static void
test_bytes(void **state)
{
	char a[48], b[48];
	unsigned seed = 77;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)rand_r(&seed) % 41;
		uint64_t la, ha, lb, hb;
		for (size_t i = 0; i < n; i++)
			a[i] = b[i] = (char)(rand_r(&seed) % 3);
		if (n > 0 && rand_r(&seed) % 2)
			b[(size_t)rand_r(&seed) % n] ^= (char)(1 + rand_r(&seed) %
			    255);
		assert_int_equal(tip_same(a, b, n), memcmp(a, b, n) == 0);
		if (n > 16)
			continue;
		tip_sig16(a, n, &la, &ha);
		tip_sig16(b, n, &lb, &hb);
		assert_int_equal(la == lb && ha == hb, memcmp(a, b, n) == 0);
		if (memcmp(a, b, n) == 0)
			assert_true(tip_hash_bytes(a, n) == tip_hash_bytes(b, n));
	}
}

static void
test_worst(void **state)
{
	(void)state;
	assert_int_equal(tip_worst(0, 0), 0);
	assert_int_equal(tip_worst(0, 65), 65);
	assert_int_equal(tip_worst(65, 0), 65);
	assert_int_equal(tip_worst(65, 74), 74);
	assert_int_equal(tip_worst(74, 65), 74);
	assert_int_equal(tip_worst(78, 74), 78); /* first hard error wins */
	assert_int_equal(tip_ex_for_errno(ENOSPC), TIP_EX_IOERR);
	assert_int_equal(tip_ex_for_errno(EACCES), TIP_EX_CANTCREAT);
}

static void
test_parse_size(void **state)
{
	unsigned long long v;

	(void)state;
	assert_int_equal(tip_parse_size("4096", &v), 0);
	assert_true(v == 4096);
	assert_int_equal(tip_parse_size("2K", &v), 0);
	assert_true(v == 2048);
	assert_int_equal(tip_parse_size("3m", &v), 0);
	assert_true(v == 3ULL << 20);
	assert_int_equal(tip_parse_size("1G", &v), 0);
	assert_true(v == 1ULL << 30);
	assert_int_equal(tip_parse_size("", &v), -1);
	assert_int_equal(tip_parse_size("-1", &v), -1);
	assert_int_equal(tip_parse_size("12X", &v), -1);
	assert_int_equal(tip_parse_size("99999999999999999999", &v), -1);
	assert_int_equal(tip_parse_size("99999999999G", &v), -1);
}

static char *
tmpdir(void)
{
	char tmpl[] = "/tmp/tip-unit.XXXXXX";
	char *d = mkdtemp(tmpl);

	assert_non_null(d);
	return tip_xstrdup(d);
}

static char *
slurp(const char *path)
{
	static char buf[4096];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = '\0';
	return buf;
}

static void
test_datadir_layout(void **state)
{
	char *d = tmpdir();
	char *root = tip_strdupf("%s/data", d);
	struct stat st;

	(void)state;
	assert_int_equal(tip_datadir_init(root, 0), TIP_EX_NOINPUT);
	assert_int_equal(tip_datadir_init(root, TIP_DD_CREATE), 0);
	for (int a = 0; a < TIP_AREA_COUNT; a++) {
		char *p = tip_path(root, (enum tip_area)a, NULL);
		assert_int_equal(stat(p, &st), 0);
		assert_true(S_ISDIR(st.st_mode));
		assert_int_equal(st.st_mode & 0777, 0700);
		free(p);
	}
	char *p = tip_path(root, TIP_STAGED, "%s/%s", "X-1", "victims.csv");
	assert_string_equal(p + strlen(root), "/staged/X-1/victims.csv");
	free(p);
	/* idempotent */
	assert_int_equal(tip_datadir_init(root, 0), 0);
	/* An area replaced by a symlink is refused, not followed. */
	char *charts = tip_path(root, TIP_CHARTS, NULL);
	assert_int_equal(rmdir(charts), 0);
	assert_int_equal(symlink(d, charts), 0);
	assert_int_equal(tip_datadir_init(root, 0), TIP_EX_CANTCREAT);
	assert_int_equal(unlink(charts), 0);
	free(charts);
	assert_int_equal(tip_rmtree(d), 0);
	assert_int_not_equal(stat(d, &st), 0);
	free(root);
	free(d);
}

static void
test_afile_commit_abort_sweep(void **state)
{
	char *d = tmpdir();
	char *path = tip_strdupf("%s/out.csv", d);
	struct tip_afile af;
	struct stat st;

	(void)state;
	assert_int_equal(tip_write_file_atomic(path, "old\n", 4), 0);
	assert_int_equal(tip_afile_open(&af, path), 0);
	fputs("new\n", af.fp);
	/* Until commit the old content stays. */
	assert_string_equal(slurp(path), "old\n");
	assert_int_equal(tip_afile_commit(&af), 0);
	assert_string_equal(slurp(path), "new\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	assert_int_equal(tip_afile_open(&af, path), 0);
	fputs("discarded\n", af.fp);
	tip_afile_abort(&af);
	assert_string_equal(slurp(path), "new\n");

	/* A crashed writer's temp file and temp folder are swept. */
	char *left = tip_strdupf("%s/.out.csv.tmp.99999", d);
	char *leftdir = tip_strdupf("%s/.tmp-X-99999", d);
	assert_int_equal(tip_write_file_atomic(left, "x", 1), 0);
	assert_int_equal(mkdir(leftdir, 0700), 0);
	assert_int_equal(tip_afile_sweep(d), 2);
	assert_int_not_equal(access(left, F_OK), 0);
	assert_int_not_equal(access(leftdir, F_OK), 0);
	assert_string_equal(slurp(path), "new\n");
	free(left);
	free(leftdir);

	/* Full disk: commit fails and leaves the old file. */
	if (access("/dev/full", W_OK) == 0) {
		FILE *full = fopen("/dev/full", "w");
		assert_non_null(full);
		fputs("x", full);
		assert_int_not_equal(fflush(full), 0);
		assert_int_equal(errno, ENOSPC);
		fclose(full);
	}
	/* Missing folder: open fails with errno, nothing to release. */
	char *bad = tip_strdupf("%s/nope/out.csv", d);
	assert_int_equal(tip_afile_open(&af, bad), -1);
	assert_int_equal(errno, ENOENT);
	free(bad);
	tip_rmtree(d);
	free(path);
	free(d);
}

static void
test_lock_exclusive(void **state)
{
	char *d = tmpdir();
	struct tip_lock lk;
	pid_t pid;
	int st;

	(void)state;
	unsetenv("TIP_LOCK_FD");
	assert_int_equal(tip_datadir_init(d, 0), 0);
	assert_int_equal(tip_lock_acquire(d, 0, &lk), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* A second taker fails at once with 75 (fd not inherited). */
		struct tip_lock lk2;
		int fdnull = open("/dev/null", O_WRONLY);
		dup2(fdnull, 2);
		_exit(tip_lock_acquire(d, 0, &lk2));
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(WEXITSTATUS(st), TIP_EX_TEMPFAIL);

	/* Exported: a child inherits it. */
	assert_int_equal(tip_lock_export(&lk), 0);
	pid = fork();
	if (pid == 0) {
		struct tip_lock lk2;
		int rc = tip_lock_acquire(d, 0, &lk2);
		_exit(rc == 0 && lk2.inherited ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(WEXITSTATUS(st), 0);
	unsetenv("TIP_LOCK_FD");

	tip_lock_release(&lk);
	assert_int_equal(tip_lock_acquire(d, 0, &lk), 0);
	tip_lock_release(&lk);
	tip_rmtree(d);
	free(d);
}

static void
test_now_source_date_epoch(void **state)
{
	char buf[21];

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1264464000", 1);
	tip_now_iso(buf);
	assert_string_equal(buf, "2010-01-26T00:00:00Z");
	unsetenv("SOURCE_DATE_EPOCH");
}

static char *
put(const char *s, int flavour)
{
	static char buf[256];
	FILE *fp;

	memset(buf, 0, sizeof(buf));
	fp = fmemopen(buf, sizeof(buf) - 1, "w");

	assert_int_equal(tip_csv_puts(fp, s, flavour), 0);
	fclose(fp);
	return buf;
}

static void
test_csv_out(void **state)
{
	(void)state;
	assert_string_equal(put("plain", TIP_CSV_EXACT), "plain");
	assert_string_equal(put("a,b", TIP_CSV_EXACT), "\"a,b\"");
	assert_string_equal(put("say \"hi\"", TIP_CSV_EXACT), "\"say \"\"hi\"\"\"");
	assert_string_equal(put("=1+1", TIP_CSV_EXACT), "=1+1");
	assert_string_equal(put("=1+1", TIP_CSV_SPREADSHEET), "\"'=1+1\"");
	assert_string_equal(put("-3", TIP_CSV_SPREADSHEET), "\"'-3\"");
	assert_string_equal(put("@SUM(A1)", TIP_CSV_SPREADSHEET), "\"'@SUM(A1)\"");
	assert_string_equal(put("\tx", TIP_CSV_SPREADSHEET), "\"'\tx\"");
	assert_string_equal(put("ok=", TIP_CSV_SPREADSHEET), "ok=");
	assert_string_equal(put("", TIP_CSV_SPREADSHEET), "");
}

/* Runs tip_warn with stderr in a file; returns what it wrote. */
static char *
captured_warn(int errnum, const char *arg)
{
	static char out[4096];
	char path[] = "/tmp/tip-unit-err.XXXXXX";
	int fd = mkstemp(path), saved = dup(2);
	ssize_t n;

	assert_true(fd >= 0 && saved >= 0);
	dup2(fd, 2);
	tip_warn(errnum, "cannot open '%s'", arg);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, out, sizeof(out) - 1, 0);
	out[n < 0 ? 0 : n] = '\0';
	close(fd);
	unlink(path);
	return out;
}

static void
test_warn_one_line(void **state)
{
	char big[5000];

	(void)state;
	tip_set_progname("/usr/bin/tip-validate");
	assert_string_equal(captured_warn(ENOENT, "x.csv"),
	    "tip-validate: cannot open 'x.csv': No such file or directory\n");
	assert_string_equal(captured_warn(0, "y"),
	    "tip-validate: cannot open 'y'\n");
	/* A message longer than the buffer is cut, still one line. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	char *got = captured_warn(0, big);
	size_t len = strlen(got);
	assert_true(len < 2048);
	assert_memory_equal(got + len - 4, "...\n", 4);
	assert_null(strchr(got, '\n') == got + len - 1 ? NULL : got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_sha256_million_a),
		cmocka_unit_test(test_xxh64_vectors),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_worst),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_datadir_layout),
		cmocka_unit_test(test_afile_commit_abort_sweep),
		cmocka_unit_test(test_lock_exclusive),
		cmocka_unit_test(test_now_source_date_epoch),
		cmocka_unit_test(test_csv_out),
		cmocka_unit_test(test_warn_one_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
