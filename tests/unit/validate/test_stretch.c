/*
 * Accepted rows copied from the source in stretches (vtable.c) against
 * formatting every row: random tables mixing rows in normal form with
 * CRLF and bare last lines, a BOM, quoted cells, cells to normalise,
 * rejected and blank rows, headers in and out of schema order, validated
 * from a file (copy_file_range into a real file), from a file into a
 * memory stream (buffered copy) and from memory, with short and long
 * stretches: every accepted file must be byte-identical to the one
 * written row by row, and the rejects and feedback too.
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

static const char schema_json[] =
    "{\"fields\": ["
    "{\"name\": \"id\", \"type\": \"string\", \"constraints\": "
    "{\"required\": true}},"
    "{\"name\": \"sex\", \"type\": \"string\", \"constraints\": "
    "{\"enum\": [\"female\", \"male\"]}},"
    "{\"name\": \"age\", \"type\": \"integer\", \"constraints\": "
    "{\"minimum\": 0, \"maximum\": 120}},"
    "{\"name\": \"ok\", \"type\": \"boolean\", \"trueValues\": [\"true\", "
    "\"yes\"], \"falseValues\": [\"false\", \"no\"]},"
    "{\"name\": \"note\", \"type\": \"string\"}"
    "], \"primaryKey\": [\"id\"]}";

struct out {
	char *acc, *rej, *fb;
	size_t alen, rlen, flen;
};

enum { FROM_FILE, FROM_FILE_TO_MEM, FROM_MEM };

static char *
slurp(FILE *fp, size_t *len)
{
	long n;
	char *b;

	assert_int_equal(fflush(fp), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	b = malloc((size_t)n + 1);
	assert_non_null(b);
	rewind(fp);
	assert_int_equal(fread(b, 1, (size_t)n, fp), (size_t)n);
	b[n] = '\0';
	*len = (size_t)n;
	fclose(fp);
	return b;
}

static void
validate(const struct val_schema *s, const char *path, const char *csv,
    size_t len, int how, uint64_t stretch, struct out *o)
{
	struct val_sub sub = {.programme = "SRB"};
	struct val_out out;
	struct val_table *t;
	FILE *acc = NULL;

	memset(o, 0, sizeof(*o));
	if (how == FROM_FILE) {
		acc = tmpfile();
		out.accepted = acc;
	} else
		out.accepted = open_memstream(&o->acc, &o->alen);
	out.rejects = open_memstream(&o->rej, &o->rlen);
	out.feedback = open_memstream(&o->fb, &o->flen);
	t = val_table_new(s, "t", &sub, &out, NULL, NULL);
	val_table_set_stretch(t, stretch);
	if (how == FROM_MEM)
		assert_int_equal(val_table_read_mem(t, csv, len), 0);
	else
		assert_int_equal(val_table_read_path(t, path), 0);
	val_table_free(t);
	if (acc != NULL)
		o->acc = slurp(acc, &o->alen);
	else
		fclose(out.accepted);
	fclose(out.rejects);
	fclose(out.feedback);
}

static void
release(struct out *o)
{
	free(o->acc);
	free(o->rej);
	free(o->fb);
}

/* One data row, most often in normal form. */
static void
data_row(FILE *fp, unsigned *seed, int n)
{
	static const char *const sex[] = {"female", "male", "", " male",
		"other"};
	static const char *const ok[] = {"true", "false", "yes", "", "maybe"};
	int k = rand_r(seed) % 40;

	if (k == 0) {
		fputs(rand_r(seed) % 2 ? "\n" : ",,,,\n", fp); /* blank */
		return;
	}
	fprintf(fp, "c%d,%s,%d,%s,", rand_r(seed) % 8 == 0 ? n / 2 : n,
	    sex[rand_r(seed) % 10 < 8 ? rand_r(seed) % 2 : rand_r(seed) % 5],
	    rand_r(seed) % 20 == 0 ? 130 : rand_r(seed) % 99,
	    ok[rand_r(seed) % 10 < 8 ? rand_r(seed) % 2 : rand_r(seed) % 5]);
	if (k == 1)
		fputs("\"a, quoted \"\"note\"\"\"", fp);
	else if (k == 2)
		fputs("\"plain in quotes\"", fp);
	else
		fprintf(fp, "n%d", rand_r(seed) % 1000);
	fputs(k == 3 ? "\r\n" : "\n", fp);
}

static void
test_stretch_same(void **state)
{
	static const char *const heads[] = {
		"id,sex,age,ok,note\n", "id,sex,age,ok,note\r\n",
		"\xEF\xBB\xBFid,sex,age,ok,note\n", "sex,id,age,ok,note\n",
		"id, sex,age,ok,note\n", "id,sex,age,ok\n",
	};
	char err[512], path[] = "/tmp/tip-test-stretch-XXXXXX";
	struct val_schema *s = val_schema_parse(schema_json,
	    strlen(schema_json), "t", NULL, err, sizeof(err));
	unsigned seed = 4242;
	int fd = mkstemp(path);

	(void)state;
	if (s == NULL)
		fail_msg("schema refused: %s", err);
	assert_true(fd >= 0);
	close(fd);
	for (int round = 0; round < 120; round++) {
		char *csv = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&csv, &len);
		int rows = rand_r(&seed) % 300;
		struct out want, got;
		FILE *f;
		fputs(heads[round % 6 < 3 ? 0 : rand_r(&seed) % 6], fp);
		if (round % 6 == 1)
			fputs("c0,male,1,true,x\r\n", fp);
		for (int n = 1; n <= rows; n++)
			data_row(fp, &seed, n);
		if (round % 5 == 0)
			fputs("clast,female,3,false,no-final-lf", fp);
		fclose(fp);
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(csv, 1, len, f), len);
		assert_int_equal(fclose(f), 0);

		validate(s, path, csv, len, FROM_MEM, 0, &want);
		for (int how = FROM_FILE; how <= FROM_MEM; how++) {
			uint64_t caps[] = {1, 97, 1u << 20};
			for (size_t c = 0; c < 3; c++) {
				validate(s, path, csv, len, how, caps[c], &got);
				if (got.alen != want.alen || memcmp(got.acc,
				    want.acc, want.alen) != 0)
					fail_msg("round %d, way %d, cap %llu: "
					    "accepted rows differ:\n%s\n---\n%s",
					    round, how, (unsigned long long)
					    caps[c], want.acc, got.acc);
				assert_string_equal(got.rej, want.rej);
				assert_string_equal(got.fb, want.fb);
				release(&got);
			}
		}
		release(&want);
		free(csv);
	}
	unlink(path);
	val_schema_free(s);
}

/* A table in normal form goes out as its own bytes, header included. */
static void
test_stretch_whole(void **state)
{
	static const char csv[] = "id,sex,age,ok,note\nc1,male,3,true,a\n"
	    "c2,female,40,false,b\n";
	char err[512], path[] = "/tmp/tip-test-stretch-XXXXXX";
	struct val_schema *s = val_schema_parse(schema_json,
	    strlen(schema_json), "t", NULL, err, sizeof(err));
	struct out o;
	int fd = mkstemp(path);

	(void)state;
	assert_non_null(s);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, csv, sizeof(csv) - 1), sizeof(csv) - 1);
	close(fd);
	validate(s, path, csv, sizeof(csv) - 1, FROM_FILE, 1u << 20, &o);
	assert_string_equal(o.acc, csv);
	release(&o);
	/* A yes becomes true: the row is written, the rest still copied. */
	validate(s, path, "id,sex,age,ok,note\nc1,male,3,yes,a\n", 35,
	    FROM_MEM, 1u << 20, &o);
	assert_string_equal(o.acc, "id,sex,age,ok,note\nc1,male,3,true,a\n");
	release(&o);
	unlink(path);
	val_schema_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stretch_whole),
		cmocka_unit_test(test_stretch_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
