/*
 * Unit tests of the archive reader (ingest_archive.c) on archives built in
 * memory with libarchive's writer, of table recognition and datapackage
 * parsing (ingest_meta.c), and of the SHA-NI path of tip_sha256 against the portable one.
 */
#include <archive.h>
#include <archive_entry.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../stages/ingest/ingest_archive.h"
#include "../../../stages/ingest/ingest_meta.h"
#include "tip_sha256.h"

#define CSV "case_id,date_identified,country,sex\nA1,2010-01-02,SRB,female\n"

/* An in-memory archive under construction. */
struct mem {
	unsigned char *p;
	size_t len, cap;
};

static la_ssize_t
mem_write(struct archive *a, void *ctx, const void *buf, size_t n)
{
	struct mem *m = ctx;

	(void)a;
	if (m->len + n > m->cap) {
		m->cap = (m->len + n) * 2;
		m->p = realloc(m->p, m->cap);
		assert_non_null(m->p);
	}
	memcpy(m->p + m->len, buf, n);
	m->len += n;
	return (la_ssize_t)n;
}

struct ent {
	const char *name;
	const char *data;  /* NULL: use size bytes of '0' */
	size_t size;
	unsigned type;     /* AE_IFREG by default */
	const char *link;  /* symlink target */
};

/* Builds "tar" (ustar, filter gzip when gz) or "zip" from ents. */
static struct mem
build(const char *fmt, int gz, const struct ent *e, size_t n)
{
	struct archive *a = archive_write_new();
	struct mem m = {0};

	if (strcmp(fmt, "zip") == 0)
		archive_write_set_format_zip(a);
	else
		archive_write_set_format_pax_restricted(a);
	if (gz)
		archive_write_add_filter_gzip(a);
	archive_write_set_bytes_in_last_block(a, 1);
	assert_int_equal(archive_write_open(a, &m, NULL, mem_write, NULL),
	    ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();
		size_t size = e[i].data ? strlen(e[i].data) : e[i].size;
		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_filetype(ae, e[i].type ? e[i].type : AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		if (e[i].link)
			archive_entry_set_symlink(ae, e[i].link);
		if (!e[i].type || e[i].type == AE_IFREG)
			archive_entry_set_size(ae, (la_int64_t)size);
		assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
		if (!e[i].type || e[i].type == AE_IFREG) {
			char *buf = malloc(size + 1);
			if (e[i].data)
				memcpy(buf, e[i].data, size);
			else
				memset(buf, '0', size);
			archive_write_data(a, buf, size);
			free(buf);
		}
		archive_entry_free(ae);
	}
	archive_write_close(a);
	archive_write_free(a);
	return m;
}

/* A sink that records member names and byte counts. */
struct rec {
	char names[512];
	uint64_t bytes;
	int begun, ended;
};

static int
r_begin(void *ctx, const char *name, char *why, size_t n)
{
	struct rec *r = ctx;

	(void)why;
	(void)n;
	strcat(r->names, name);
	strcat(r->names, ";");
	r->begun++;
	return INGEST_OK;
}

static int
r_data(void *ctx, const void *buf, size_t len, char *why, size_t n)
{
	struct rec *r = ctx;

	(void)buf;
	(void)why;
	(void)n;
	r->bytes += len;
	return INGEST_OK;
}

static int
r_end(void *ctx, char *why, size_t n)
{
	struct rec *r = ctx;

	(void)why;
	(void)n;
	r->ended++;
	return INGEST_OK;
}

static const struct ingest_limits deflim = {
	INGEST_DEF_MAX_ENTRIES, INGEST_DEF_MAX_ENTRY_SIZE,
	INGEST_DEF_MAX_TOTAL_SIZE, INGEST_DEF_MAX_RATIO,
};

/* Reads m as format f; returns the result, reason in why. */
static int
readmem(const struct mem *m, enum ingest_fmt f, const struct ingest_limits *lim,
    struct rec *r, char *why, size_t n)
{
	struct archive *a = ingest_archive_new(f);
	struct ingest_sink s = {r_begin, r_data, r_end, r};
	static char buf[4096];
	int rc;

	memset(r, 0, sizeof(*r));
	assert_non_null(a);
	/* ingest.c does the same when the archive cannot even be opened */
	if (archive_read_open_memory(a, m->p, m->len) != ARCHIVE_OK)
		rc = INGEST_REJECT;
	else
		rc = ingest_archive_read(a, f, m->len, lim ? lim : &deflim, &s,
		    buf, sizeof(buf), why, n);
	archive_read_free(a);
	return rc;
}

static void
test_good(void **state)
{
	const struct ent e[] = {
		{"victims.csv", CSV, 0, 0, NULL},
		{"./prevention.csv", CSV, 0, 0, NULL},
	};
	struct rec r;
	char why[256];
	struct mem m;

	(void)state;
	m = build("tar", 1, e, 2);
	assert_int_equal(readmem(&m, INGEST_FMT_TGZ, NULL, &r, why,
	    sizeof(why)), INGEST_OK);
	assert_string_equal(r.names, "victims.csv;prevention.csv;");
	assert_int_equal(r.bytes, 2 * strlen(CSV));
	assert_int_equal(r.ended, 2);
	free(m.p);
	m = build("tar", 0, e, 2);
	assert_int_equal(readmem(&m, INGEST_FMT_TAR, NULL, &r, why,
	    sizeof(why)), INGEST_OK);
	assert_int_equal(r.ended, 2);
	free(m.p);
	m = build("zip", 0, e, 2);
	assert_int_equal(readmem(&m, INGEST_FMT_ZIP, NULL, &r, why,
	    sizeof(why)), INGEST_OK);
	assert_string_equal(r.names, "victims.csv;prevention.csv;");
	free(m.p);
}

static void
expect_reject(const char *fmt, int gz, const struct ent *e, size_t n,
    const struct ingest_limits *lim, const char *want)
{
	struct rec r;
	char why[256];
	struct mem m = build(fmt, gz, e, n);
	enum ingest_fmt f = strcmp(fmt, "zip") == 0 ? INGEST_FMT_ZIP
	    : gz ? INGEST_FMT_TGZ : INGEST_FMT_TAR;

	assert_int_equal(readmem(&m, f, lim, &r, why, sizeof(why)),
	    INGEST_REJECT);
	if (strstr(why, want) == NULL)
		fail_msg("reason '%s' lacks '%s'", why, want);
	free(m.p);
}

static void
test_hostile(void **state)
{
	const struct ent slip[] = {{"../x.csv", CSV, 0, 0, NULL}};
	const struct ent sym[] = {{"victims.csv", NULL, 0, AE_IFLNK, "/etc"}};
	const struct ent fifo[] = {{"victims.csv", NULL, 0, AE_IFIFO, NULL}};
	const struct ent dup[] = {{"victims.csv", CSV, 0, 0, NULL},
	    {"./victims.csv", CSV, 0, 0, NULL}};
	const struct ent dirdup[] = {{"d/", NULL, 0, AE_IFDIR, NULL},
	    {"d", CSV, 0, 0, NULL}};
	const struct ent bomb[] = {{"victims.csv", NULL, 8 << 20, 0, NULL}};
	const struct ent nest[] = {{"x.zip", CSV, 0, 0, NULL}};
	const struct ent many[] = {{"a.csv", CSV, 0, 0, NULL},
	    {"b.csv", CSV, 0, 0, NULL}, {"c.csv", CSV, 0, 0, NULL}};
	struct ingest_limits lim = deflim;

	(void)state;
	expect_reject("tar", 1, slip, 1, NULL, "'..' in path");
	expect_reject("zip", 0, slip, 1, NULL, "'..' in path");
	expect_reject("tar", 1, sym, 1, NULL, "symlink member 'victims.csv' "
	    "-> '/etc'");
	expect_reject("tar", 0, fifo, 1, NULL, "FIFO member");
	expect_reject("tar", 1, dup, 2, NULL, "duplicate member 'victims.csv'");
	expect_reject("zip", 0, dup, 2, NULL, "duplicate member 'victims.csv'");
	expect_reject("tar", 1, dirdup, 2, NULL, "duplicate member 'd'");
	expect_reject("tar", 1, bomb, 1, NULL, "compression ratio above 200:1");
	expect_reject("zip", 0, bomb, 1, NULL, "compression ratio above 200:1");
	expect_reject("tar", 1, nest, 1, NULL, "nested archive 'x.zip'");
	lim.max_entries = 2;
	expect_reject("tar", 1, many, 3, &lim, "more than 2 entries");
	lim = deflim;
	lim.max_entry_size = 10;
	expect_reject("zip", 0, many, 1, &lim, "larger than 10 bytes");
	lim = deflim;
	lim.max_total_size = strlen(CSV) + 1;
	expect_reject("tar", 0, many, 2, &lim, "in total");
	expect_reject("tar", 1, NULL, 0, NULL, "empty archive");
}

static void
test_trailing(void **state)
{
	const struct ent e[] = {{"victims.csv", CSV, 0, 0, NULL}};
	struct mem m = build("tar", 1, e, 1);
	struct rec r;
	char why[256];

	(void)state;
	m.p = realloc(m.p, m.len + 4);
	memcpy(m.p + m.len, "junk", 4);
	m.len += 4;
	assert_int_equal(readmem(&m, INGEST_FMT_TGZ, NULL, &r, why,
	    sizeof(why)), INGEST_REJECT);
	assert_string_equal(why, "trailing garbage after the gzip stream");
	/* truncated: every length short of the whole is refused */
	m.len -= 4;
	for (size_t cut = 1; cut < m.len; cut += 7) {
		struct mem t = {m.p, cut, cut};
		assert_int_equal(readmem(&t, INGEST_FMT_TGZ, NULL, &r, why,
		    sizeof(why)), INGEST_REJECT);
	}
	free(m.p);
}

static void
test_header_match(void **state)
{
	static char *v[] = {"case_id", "date_identified", "country", "sex"};
	static char *p[] = {"month", "country", "stage", "persons"};
	struct ingest_schemas sc;
	char t[16];

	(void)state;
	memset(&sc, 0, sizeof(sc));
	sc.loaded = 1;
	sc.field[0] = v;
	sc.nfield[0] = 4;
	sc.field[1] = p;
	sc.nfield[1] = 4;
	assert_int_equal(ingest_header_match(&sc, "case_id,sex,country\n1,f,X\n",
	    t), 0);
	assert_string_equal(t, "victims");
	assert_int_equal(ingest_header_match(&sc,
	    "\xef\xbb\xbf\"month\",\"stage\",country,x\r\n", t), 0);
	assert_string_equal(t, "prosecutions");
	/* "country" alone is in both: no clear match */
	assert_int_equal(ingest_header_match(&sc, "country\n", t), -1);
	assert_int_equal(ingest_header_match(&sc, "a,b,c\n", t), -1);
	assert_int_equal(ingest_header_match(&sc, "case_id,a,b,c\n", t), -1);
	assert_int_equal(ingest_header_match(&sc, "", t), -1);
}

static void
test_datapackage(void **state)
{
	struct ingest_resource res[INGEST_MAX_RESOURCES];
	struct ingest_name nm;
	char why[256];
	const char *ok = "{\"programme\": \"arg-bol\", \"agency\": \"IOM\","
	    "\"period\": \"2010Q2\", \"resources\": ["
	    "{\"name\": \"v\", \"path\": \"./data/v.csv\", "
	    "\"schema\": \"victims.json\"},"
	    "{\"name\": \"prevention\", \"path\": \"p.csv\"}]}";

	(void)state;
	assert_int_equal(ingest_dp_parse(ok, strlen(ok), &nm, res, why,
	    sizeof(why)), 2);
	assert_string_equal(nm.programme, "ARG-BOL");
	assert_string_equal(res[0].table, "victims");
	assert_string_equal(res[0].path, "data/v.csv");
	assert_string_equal(res[1].table, "prevention");

#define BAD(text, want)                                                     \
	do {                                                                \
		assert_int_equal(ingest_dp_parse(text, strlen(text), &nm,   \
		    res, why, sizeof(why)), -1);                            \
		if (strstr(why, want) == NULL)                              \
			fail_msg("'%s' lacks '%s'", why, want);             \
	} while (0)
	BAD("[1]", "not a JSON object");
	BAD("{", "datapackage.json:");
	BAD("{\"programme\": \"XX\"}", "unknown programme");
	BAD("{\"programme\": \"SRB\", \"agency\": \"GOV\", \"period\": \"2010\"}",
	    "bad period");
	BAD("{\"programme\": \"SRB\", \"agency\": \"GOV\", \"period\": "
	    "\"2010Q1\", \"resources\": []}", "no resources");
	BAD("{\"programme\": \"SRB\", \"agency\": \"GOV\", \"period\": "
	    "\"2010Q1\", \"resources\": [{\"name\": \"x\", \"path\": \"x.csv\"}]}",
	    "names no known table");
	BAD("{\"programme\": \"SRB\", \"agency\": \"GOV\", \"period\": "
	    "\"2010Q1\", \"resources\": [{\"name\": \"victims\", "
	    "\"path\": \"../v.csv\"}]}", "no usable path");
	BAD("{\"programme\": \"SRB\", \"agency\": \"GOV\", \"period\": "
	    "\"2010Q1\", \"resources\": [{\"name\": \"victims\", \"path\": "
	    "\"a.csv\"}, {\"name\": \"victims\", \"path\": \"b.csv\"}]}",
	    "listed twice");
	BAD("{\"programme\": \"SRB\", \"programme\": \"PAK\"}",
	    "duplicate");
}

static void
test_sha(void **state)
{
	static unsigned char data[5000];
	uint8_t d1[32], d2[32];

	(void)state;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 131 + (i >> 7));
	for (size_t len = 0; len <= sizeof(data); len += len < 200 ? 1 : 97) {
		for (size_t split = 0; split <= len; split += len / 5 + 1) {
			struct tip_sha256 a, b;
			tip_sha256_allow_hw(0);
			tip_sha256_init(&a);
			tip_sha256_update(&a, data, len);
			tip_sha256_allow_hw(1);
			tip_sha256_final(&a, d1);
			tip_sha256_init(&b);
			tip_sha256_update(&b, data, split);
			tip_sha256_update(&b, data + split, len - split);
			tip_sha256_final(&b, d2);
			assert_memory_equal(d1, d2, 32);
		}
	}
	print_message("# sha256 hardware path: %s\n",
	    tip_sha256_hw() ? "yes" : "no");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_trailing),
		cmocka_unit_test(test_header_match),
		cmocka_unit_test(test_datapackage),
		cmocka_unit_test(test_sha),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
