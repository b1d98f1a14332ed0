/*
 * report.json for one submission. Counts are JSON integers; the error
 * codes with a zero count are left out.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "vreport.h"

/* A JSON string even from bytes that are not UTF-8 (replaced by '?'). */
static json_t *
jstr(const char *s)
{
	json_t *j = json_string(s);
	char *c;

	if (j != NULL)
		return j;
	c = strdup(s);
	if (c == NULL)
		return json_string("?");
	for (char *p = c; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80 || (unsigned char)*p < 0x20)
			*p = '?';
	j = json_string(c);
	free(c);
	return j;
}

static json_t *
counts(const struct val_counts *n)
{
	json_t *o = json_object(), *errs = json_object();

	json_object_set_new(o, "rows_read", json_integer((json_int_t)n->rows_read));
	json_object_set_new(o, "accepted", json_integer((json_int_t)n->accepted));
	json_object_set_new(o, "rejected", json_integer((json_int_t)n->rejected));
	for (int c = 0; c < VE_NCODES; c++)
		if (n->errors[c] > 0)
			json_object_set_new(errs, val_code_name((enum val_code)c),
			    json_integer((json_int_t)n->errors[c]));
	json_object_set_new(o, "errors", errs);
	return o;
}

char *
val_report_json(const struct val_report *r)
{
	json_t *o = json_object(), *tables = json_object(), *first;
	struct val_counts tot = {0};
	char *s;

	for (size_t i = 0; i < r->nt; i++) {
		const struct val_counts *n = &r->t[i].n;
		tot.rows_read += n->rows_read;
		tot.accepted += n->accepted;
		tot.rejected += n->rejected;
		json_object_set_new(tables, r->t[i].name, counts(n));
	}
	json_object_set_new(o, "id", jstr(r->id));
	json_object_set_new(o, "programme", jstr(r->programme));
	json_object_set_new(o, "agency", jstr(r->agency));
	json_object_set_new(o, "period", jstr(r->period));
	json_object_set_new(o, "status", json_string(r->accepted ? "accepted" :
	    "rejected"));
	if (r->reason != NULL)
		json_object_set_new(o, "reason", jstr(r->reason));
	json_object_set_new(o, "rows_read", json_integer((json_int_t)tot.rows_read));
	json_object_set_new(o, "accepted", json_integer((json_int_t)tot.accepted));
	json_object_set_new(o, "rejected", json_integer((json_int_t)tot.rejected));
	json_object_set_new(o, "tables", tables);
	first = json_array();
	for (size_t i = 0; i < r->first.n; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "table",
		    jstr(r->first.e[i].table));
		json_object_set_new(e, "row",
		    json_integer((json_int_t)r->first.e[i].row));
		json_object_set_new(e, "field",
		    jstr(r->first.e[i].field));
		json_object_set_new(e, "code",
		    json_string(val_code_name(r->first.e[i].code)));
		json_object_set_new(e, "message",
		    jstr(r->first.e[i].message));
		json_array_append_new(first, e);
	}
	json_object_set_new(o, "first_errors", first);
	s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(o);
	if (s != NULL) {
		size_t l = strlen(s);
		char *z = realloc(s, l + 2);
		if (z == NULL) {
			free(s);
			return NULL;
		}
		z[l] = '\n';
		z[l + 1] = '\0';
		s = z;
	}
	return s;
}

void
val_report_release(struct val_report *r)
{
	for (size_t i = 0; i < r->nt; i++)
		free(r->t[i].name);
	free(r->t);
	free(r->reason);
	r->t = NULL;
	r->nt = 0;
	r->reason = NULL;
}
