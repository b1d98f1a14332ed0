/*
 * libFuzzer harness for CSV plus schema validation. The input is a Table
 * Schema, a line "====", then CSV; without that line the whole input is
 * CSV checked against a built-in schema that uses every feature (reference
 * tables are not read: foreign keys see empty sets). Checks the invariant
 * rows_read = accepted + rejected on every input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../stages/validate/vschema.h"
#include "../../../stages/validate/vtable.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char builtin[] =
    "{\"fields\": ["
    "{\"name\": \"id\", \"constraints\": {\"required\": true, \"unique\": "
    "true, \"pattern\": \"[A-Za-z0-9_-]{1,8}\"}},"
    "{\"name\": \"d\", \"type\": \"date\"},"
    "{\"name\": \"d2\", \"type\": \"date\", \"format\": \"%d/%m/%Y\"},"
    "{\"name\": \"n\", \"type\": \"integer\", \"constraints\": "
    "{\"minimum\": 0, \"maximum\": 120}},"
    "{\"name\": \"x\", \"type\": \"number\"},"
    "{\"name\": \"b\", \"type\": \"boolean\"},"
    "{\"name\": \"y\", \"type\": \"year\"},"
    "{\"name\": \"ym\", \"type\": \"yearmonth\"},"
    "{\"name\": \"s\", \"constraints\": {\"enum\": [\"a\", \"b\"], "
    "\"maxLength\": 3}},"
    "{\"name\": \"r\", \"constraints\": {\"pattern\": \"(ab)+|c\"}},"
    "{\"name\": \"l\", \"type\": \"list\", \"delimiter\": \"|\", "
    "\"itemConstraints\": {\"enum\": [\"p\", \"q\"]}, \"constraints\": "
    "{\"minLength\": 1}},"
    "{\"name\": \"c\"}],"
    "\"missingValues\": [\"\", \"NA\"],"
    "\"primaryKey\": [\"id\", \"d\"],"
    "\"foreignKeys\": [{\"fields\": \"c\", \"reference\": {\"resource\": "
    "\"pc\", \"fields\": \"country\"}, \"tipScope\": \"programme\"}],"
    "\"tipRowRules\": [{\"id\": \"o\", \"check\": \"compare\", \"left\": "
    "\"d2\", \"op\": \">=\", \"right\": \"d\", \"message\": \"m\"},"
    "{\"id\": \"p\", \"check\": \"inPeriod\", \"field\": \"d\", "
    "\"lagDays\": 92, \"message\": \"m\"}]}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n====\n";
	const char *in = (const char *)data, *csv = in, *json = builtin;
	size_t jlen = sizeof(builtin) - 1, clen = size;
	struct val_sub sub = {.programme = "SRB"};
	struct val_out out;
	struct val_first first = {0};
	struct tip_csv_opts o = {.max_field = 256, .max_record = 4096,
	    .max_fields = 32};
	struct val_schema *s;
	struct val_table *t;
	char err[256];
	char *a = NULL, *r = NULL, *f = NULL;
	size_t al = 0, rl = 0, fl = 0;

	const char *p = memmem(in, size, sep, sizeof(sep) - 1);
	if (p != NULL) {
		json = in;
		jlen = (size_t)(p - in);
		csv = p + sizeof(sep) - 1;
		clen = size - (size_t)(csv - in);
	}
	s = val_schema_parse(json, jlen, "t", NULL, err, sizeof(err));
	if (s == NULL)
		return 0;
	val_period_days("2010Q1", &sub.period_first, &sub.period_last);
	sub.have_period = 1;
	out.accepted = open_memstream(&a, &al);
	out.rejects = open_memstream(&r, &rl);
	out.feedback = open_memstream(&f, &fl);
	t = val_table_new(s, "t", &sub, &out, &o, &first);
	val_table_read_mem(t, csv, clen);
	const struct val_counts *n = val_table_counts(t);
	if (n->rows_read != n->accepted + n->rejected)
		abort();
	val_table_free(t);
	val_schema_free(s);
	fclose(out.accepted);
	fclose(out.rejects);
	fclose(out.feedback);
	free(a);
	free(r);
	free(f);
	return 0;
}
