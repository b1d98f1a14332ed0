/*
 * Table Schema loader: JSON (jansson) into struct val_schema, with every
 * key checked. Unknown keys, types, formats or malformed constraints are
 * refused with a message that names the field. Reference tables for
 * foreign keys are read here too, once per schema.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tip_csv.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "vfield.h"
#include "vschema.h"

struct ld {
	char *err;
	size_t errlen;
	int failed;
};

static void
bad(struct ld *ld, const char *fmt, ...)
{
	va_list ap;

	if (ld->failed)
		return;
	ld->failed = 1;
	va_start(ap, fmt);
	vsnprintf(ld->err, ld->errlen, fmt, ap);
	va_end(ap);
}

static const struct {
	const char *name;
	enum val_type t;
} types[] = {
	{"string", VT_STRING}, {"integer", VT_INTEGER}, {"number", VT_NUMBER},
	{"boolean", VT_BOOLEAN}, {"date", VT_DATE}, {"year", VT_YEAR},
	{"yearmonth", VT_YEARMONTH}, {"list", VT_LIST},
};

const char *
val_type_name(enum val_type t)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].t == t)
			return types[i].name;
	return "?";
}

static int
key_allowed(const char *k, const char *const *allowed)
{
	for (; *allowed != NULL; allowed++)
		if (strcmp(k, *allowed) == 0)
			return 1;
	return 0;
}

/* Refuses keys outside allowed. */
static void
check_keys(struct ld *ld, json_t *obj, const char *const *allowed,
    const char *where)
{
	const char *k;
	json_t *v;

	json_object_foreach(obj, k, v) {
		(void)v;
		if (!key_allowed(k, allowed)) {
			bad(ld, "%s: unsupported key '%s'", where, k);
			return;
		}
	}
}

static struct val_set *
string_set(struct ld *ld, json_t *arr, const char *where)
{
	struct val_set *s;
	size_t i;
	json_t *v;

	if (!json_is_array(arr)) {
		bad(ld, "%s: expected a list of strings", where);
		return NULL;
	}
	s = val_set_new();
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v)) {
			bad(ld, "%s: expected a list of strings", where);
			break;
		}
		val_set_add(s, json_string_value(v), json_string_length(v));
	}
	return s;
}

/* Text of a JSON scalar for parsing as a field value. */
static const char *
scalar_text(json_t *v, char *buf, size_t len)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		snprintf(buf, len, "%.17g", json_real_value(v));
		return buf;
	}
	if (json_is_true(v))
		return "true";
	if (json_is_false(v))
		return "false";
	return NULL;
}

/* Parses a schema value (enum item, minimum...) as type t of field f. */
static int
schema_value(struct ld *ld, const struct val_field *f, enum val_type t,
    json_t *j, struct val_value *v, struct val_buf *norm, const char *where)
{
	char buf[64];
	const char *s = scalar_text(j, buf, sizeof(buf));

	norm->len = 0;
	if (t == VT_BOOLEAN && json_is_boolean(j)) {
		v->i = json_is_true(j);
		val_buf_reserve(norm, 5);
		norm->len = (size_t)sprintf(norm->p, v->i ? "true" : "false");
		return 0;
	}
	if (s == NULL || val_parse(f, t, s, strlen(s), v, norm) != 0) {
		bad(ld, "%s: value is not of type %s", where, val_type_name(t));
		return -1;
	}
	norm->p[norm->len] = '\0'; /* val_buf_reserve kept room for it */
	return 0;
}

static struct val_pattern *
compile_pattern(struct ld *ld, const char *src, const char *where)
{
	struct val_pattern *p = tip_xcalloc(1, sizeof(*p));
	const char *s = src;
	char *anchored;
	int rc;

	p->src = tip_xstrdup(src);
	/* Fast path: "[class]{m,n}", "[class]{m}", "[class]+", "[class]*". */
	if (*s == '[' && s[1] != '^') {
		unsigned char cls[256] = {0};
		const char *q = s + 1;
		int ok = 1;
		while (*q != '\0' && *q != ']') {
			unsigned char a = (unsigned char)*q;
			if (a == '[' || a == '\\' || a >= 0x80) {
				ok = 0;
				break;
			}
			if (q[1] == '-' && q[2] != ']' && q[2] != '\0') {
				unsigned char b = (unsigned char)q[2];
				if (b < a || b == '[' || b == '\\' || b >= 0x80) {
					ok = 0;
					break;
				}
				for (unsigned c = a; c <= b; c++)
					cls[c] = 1;
				q += 3;
			} else {
				cls[a] = 1;
				q++;
			}
		}
		if (ok && *q == ']') {
			q++;
			unsigned long m, n;
			char *e;
			if (strcmp(q, "+") == 0) {
				p->min = 1, p->max = (size_t)-1;
			} else if (strcmp(q, "*") == 0) {
				p->min = 0, p->max = (size_t)-1;
			} else if (*q == '{' && q[1] >= '0' && q[1] <= '9') {
				m = strtoul(q + 1, &e, 10);
				n = m;
				if (*e == ',' && e[1] >= '0' && e[1] <= '9')
					n = strtoul(e + 1, &e, 10);
				if (strcmp(e, "}") != 0 || n < m)
					ok = 0;
				p->min = m, p->max = n;
			} else
				ok = 0;
			if (ok) {
				memcpy(p->cls, cls, sizeof(cls));
				p->simple = 1;
			}
		}
	}
	/* Always compile: the ERE must be valid even when the fast path is
	 * taken, and the unit tests compare the two. */
	anchored = tip_strdupf("^(%s)$", src);
	rc = regcomp(&p->re, anchored, REG_EXTENDED | REG_NOSUB);
	free(anchored);
	if (rc != 0) {
		char msg[128];
		regerror(rc, &p->re, msg, sizeof(msg));
		bad(ld, "%s: bad pattern '%s': %s", where, src, msg);
		free(p->src);
		free(p);
		return NULL;
	}
	return p;
}

static void
pattern_free(struct val_pattern *p)
{
	if (p == NULL)
		return;
	regfree(&p->re);
	free(p->src);
	free(p);
}

static int
is_ordered(enum val_type t)
{
	return t == VT_INTEGER || t == VT_NUMBER || t == VT_DATE ||
	    t == VT_YEAR || t == VT_YEARMONTH;
}

static void
load_constraints(struct ld *ld, struct val_field *f, enum val_type t,
    json_t *obj, struct val_constraints *c, const char *where, int items)
{
	static const char *const allowed[] = {"required", "unique", "minimum",
	    "maximum", "minLength", "maxLength", "pattern", "enum", NULL};
	static const char *const item_allowed[] = {"minimum", "maximum",
	    "minLength", "maxLength", "pattern", "enum", NULL};
	char w[256];
	json_t *v;
	struct val_buf norm = {0};

	if (!json_is_object(obj)) {
		bad(ld, "%s: constraints must be an object", where);
		return;
	}
	check_keys(ld, obj, items ? item_allowed : allowed, where);
	if ((v = json_object_get(obj, "required")) != NULL) {
		if (!json_is_boolean(v))
			bad(ld, "%s: 'required' must be true or false", where);
		c->required = json_is_true(v);
	}
	if ((v = json_object_get(obj, "unique")) != NULL) {
		if (!json_is_boolean(v))
			bad(ld, "%s: 'unique' must be true or false", where);
		c->unique = json_is_true(v);
	}
	for (int k = 0; k < 2; k++) {
		const char *name = k == 0 ? "minimum" : "maximum";
		if ((v = json_object_get(obj, name)) == NULL)
			continue;
		snprintf(w, sizeof(w), "%s: constraint '%s'", where, name);
		if (!is_ordered(t)) {
			bad(ld, "%s: not supported for type %s", w,
			    val_type_name(t));
			break;
		}
		if (schema_value(ld, f, t, v, k == 0 ? &c->min : &c->max, &norm,
		    w) != 0)
			break;
		*(k == 0 ? &c->min_src : &c->max_src) = tip_xstrdup(norm.p);
		*(k == 0 ? &c->has_min : &c->has_max) = 1;
	}
	/* A range no value can satisfy would reject every row: it is a
	 * mistake in the schema, said once, not a million row errors. */
	if (c->has_min && c->has_max && val_cmp(t, &c->min, &c->max) > 0)
		bad(ld, "%s: 'minimum' %s is above 'maximum' %s", where,
		    c->min_src, c->max_src);
	for (int k = 0; k < 2; k++) {
		const char *name = k == 0 ? "minLength" : "maxLength";
		if ((v = json_object_get(obj, name)) == NULL)
			continue;
		if (t != VT_STRING && t != VT_LIST) {
			bad(ld, "%s: constraint '%s' not supported for type %s",
			    where, name, val_type_name(t));
			break;
		}
		if (!json_is_integer(v) || json_integer_value(v) < 0) {
			bad(ld, "%s: constraint '%s' must be a non-negative "
			    "integer", where, name);
			break;
		}
		*(k == 0 ? &c->minlen : &c->maxlen) =
		    (size_t)json_integer_value(v);
		*(k == 0 ? &c->has_minlen : &c->has_maxlen) = 1;
	}
	if (c->has_minlen && c->has_maxlen && c->minlen > c->maxlen)
		bad(ld, "%s: 'minLength' %zu is above 'maxLength' %zu", where,
		    c->minlen, c->maxlen);
	if ((v = json_object_get(obj, "pattern")) != NULL) {
		if (t != VT_STRING)
			bad(ld, "%s: constraint 'pattern' not supported for "
			    "type %s", where, val_type_name(t));
		else if (!json_is_string(v))
			bad(ld, "%s: constraint 'pattern' must be a string",
			    where);
		else
			c->pattern = compile_pattern(ld, json_string_value(v),
			    where);
	}
	if ((v = json_object_get(obj, "enum")) != NULL) {
		size_t i;
		json_t *e;
		size_t wl = 0, wcap = 0;
		if (!json_is_array(v) || json_array_size(v) == 0 ||
		    t == VT_LIST) {
			bad(ld, "%s: constraint 'enum' must be a non-empty list "
			    "(lists take it in itemConstraints)", where);
			goto out;
		}
		c->enumset = val_set_new();
		json_array_foreach(v, i, e) {
			struct val_value x;
			snprintf(w, sizeof(w), "%s: enum item %zu", where, i + 1);
			if (schema_value(ld, f, t, e, &x, &norm, w) != 0)
				break;
			val_set_add(c->enumset, norm.p, norm.len);
			if (wl + norm.len + 3 > wcap) {
				wcap = 2 * (wl + norm.len + 3);
				c->enum_words = tip_xrealloc(c->enum_words, wcap);
			}
			wl += (size_t)sprintf(c->enum_words + wl, "%s%s",
			    i > 0 ? ", " : "", norm.p);
		}
	}
out:
	val_buf_release(&norm);
}

static void
constraints_release(struct val_constraints *c)
{
	free(c->min_src);
	free(c->max_src);
	pattern_free(c->pattern);
	val_set_free(c->enumset);
	free(c->enum_words);
}

static struct val_datefmt *
load_datefmt(struct ld *ld, const char *fmt, const char *where)
{
	struct val_datefmt *d;
	int seen[256] = {0};

	if (strcmp(fmt, "default") == 0)
		return NULL;
	d = tip_xcalloc(1, sizeof(*d));
	d->src = tip_xstrdup(fmt);
	for (const char *p = fmt; *p != '\0'; p++) {
		if (d->n == sizeof(d->tok)) {
			bad(ld, "%s: date format too long", where);
			break;
		}
		if (*p != '%') {
			d->tok[d->n] = *p;
			d->lit[d->n++] = 1;
			continue;
		}
		p++;
		if (*p == '%') {
			d->tok[d->n] = '%';
			d->lit[d->n++] = 1;
		} else if (*p == 'Y' || *p == 'y' || *p == 'm' || *p == 'd') {
			if (seen[(unsigned char)*p]++ ||
			    (*p == 'Y' && seen['y']) || (*p == 'y' && seen['Y'])) {
				bad(ld, "%s: date format '%s' repeats %%%c", where,
				    fmt, *p);
				break;
			}
			d->tok[d->n] = *p;
			d->lit[d->n++] = 0;
		} else {
			bad(ld, "%s: date format '%s': only %%Y, %%y, %%m, %%d "
			    "and %%%% are supported", where, fmt);
			break;
		}
	}
	if (!ld->failed && (!(seen['Y'] || seen['y']) || !seen['m'] ||
	    !seen['d']))
		bad(ld, "%s: date format '%s' needs a year, month and day",
		    where, fmt);
	return d;
}

static int
parse_type(const char *s, enum val_type *t)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(s, types[i].name) == 0) {
			*t = types[i].t;
			return 0;
		}
	return -1;
}

static void
load_field(struct ld *ld, struct val_field *f, json_t *j, size_t idx,
    json_t *schema_missing)
{
	static const char *const allowed[] = {"name", "title", "description",
	    "type", "format", "constraints", "missingValues", "trueValues",
	    "falseValues", "delimiter", "itemType", "itemConstraints",
	    "example", "rdfType", NULL};
	char where[160];
	json_t *v;
	const char *fmt = "default";

	if (!json_is_object(j)) {
		bad(ld, "field %zu: must be an object", idx + 1);
		return;
	}
	v = json_object_get(j, "name");
	if (!json_is_string(v) || json_string_length(v) == 0) {
		bad(ld, "field %zu: needs a name", idx + 1);
		return;
	}
	f->name = tip_xstrdup(json_string_value(v));
	snprintf(where, sizeof(where), "field '%s'", f->name);
	check_keys(ld, j, allowed, where);
	v = json_object_get(j, "title");
	f->title = tip_xstrdup(json_is_string(v) ? json_string_value(v) :
	    f->name);

	v = json_object_get(j, "type");
	f->type = VT_STRING;
	if (v != NULL && (!json_is_string(v) ||
	    parse_type(json_string_value(v), &f->type) != 0)) {
		bad(ld, "%s: unsupported type '%s'", where,
		    json_is_string(v) ? json_string_value(v) : "?");
		return;
	}
	f->itemtype = f->type;
	if ((v = json_object_get(j, "format")) != NULL) {
		if (!json_is_string(v)) {
			bad(ld, "%s: format must be a string", where);
			return;
		}
		fmt = json_string_value(v);
	}
	if (f->type == VT_LIST) {
		v = json_object_get(j, "itemType");
		f->itemtype = VT_STRING;
		if (v != NULL && (!json_is_string(v) ||
		    parse_type(json_string_value(v), &f->itemtype) != 0 ||
		    f->itemtype == VT_LIST)) {
			bad(ld, "%s: unsupported itemType", where);
			return;
		}
		v = json_object_get(j, "delimiter");
		f->delim = ',';
		if (v != NULL) {
			if (!json_is_string(v) || json_string_length(v) != 1 ||
			    strchr("\"\r\n", json_string_value(v)[0]) != NULL) {
				bad(ld, "%s: delimiter must be one character "
				    "(not a quote or line end)", where);
				return;
			}
			f->delim = json_string_value(v)[0];
		}
	} else {
		if (json_object_get(j, "itemType") != NULL ||
		    json_object_get(j, "delimiter") != NULL ||
		    json_object_get(j, "itemConstraints") != NULL) {
			bad(ld, "%s: itemType, delimiter and itemConstraints "
			    "apply only to lists", where);
			return;
		}
	}
	if (f->itemtype == VT_DATE)
		f->datefmt = load_datefmt(ld, fmt, where);
	else if (strcmp(fmt, "default") != 0) {
		bad(ld, "%s: format '%s' is not supported for type %s", where,
		    fmt, val_type_name(f->type));
		return;
	}
	if (f->itemtype == VT_BOOLEAN) {
		v = json_object_get(j, "trueValues");
		if (v != NULL)
			f->truev = string_set(ld, v, where);
		else {
			f->truev = val_set_new();
			val_set_add(f->truev, "true", 4);
			val_set_add(f->truev, "True", 4);
			val_set_add(f->truev, "TRUE", 4);
			val_set_add(f->truev, "1", 1);
		}
		v = json_object_get(j, "falseValues");
		if (v != NULL)
			f->falsev = string_set(ld, v, where);
		else {
			f->falsev = val_set_new();
			val_set_add(f->falsev, "false", 5);
			val_set_add(f->falsev, "False", 5);
			val_set_add(f->falsev, "FALSE", 5);
			val_set_add(f->falsev, "0", 1);
		}
		if (ld->failed)
			return;
		for (size_t i = 0; i < val_set_count(f->truev); i++) {
			const char *t = val_set_at(f->truev, i);
			if (val_set_has(f->falsev, t, strlen(t))) {
				bad(ld, "%s: '%s' is both true and false", where,
				    t);
				return;
			}
		}
	} else if (json_object_get(j, "trueValues") != NULL ||
	    json_object_get(j, "falseValues") != NULL) {
		bad(ld, "%s: trueValues and falseValues apply only to booleans",
		    where);
		return;
	}
	v = json_object_get(j, "missingValues");
	f->missing = string_set(ld, v != NULL ? v : schema_missing, where);
	if (ld->failed)
		return;
	if ((v = json_object_get(j, "constraints")) != NULL)
		load_constraints(ld, f, f->type, v, &f->c, where, 0);
	if (ld->failed)
		return;
	if ((v = json_object_get(j, "itemConstraints")) != NULL) {
		char w2[200];
		snprintf(w2, sizeof(w2), "%s: itemConstraints", where);
		load_constraints(ld, f, f->itemtype, v, &f->item, w2, 1);
	}
}

long
val_schema_field(const struct val_schema *s, const char *name, size_t len)
{
	for (size_t i = 0; i < s->nf; i++)
		if (strlen(s->f[i].name) == len &&
		    memcmp(s->f[i].name, name, len) == 0)
			return (long)i;
	return -1;
}

/* A field name (string) or list of names into idx[]; returns count. */
static size_t
field_list(struct ld *ld, struct val_schema *s, json_t *v, size_t **idx,
    const char *where)
{
	size_t n = json_is_string(v) ? 1 : json_array_size(v), i;
	json_t *e;

	if (n == 0 || (!json_is_string(v) && !json_is_array(v))) {
		bad(ld, "%s: expected a field name or a list of them", where);
		return 0;
	}
	*idx = tip_xcalloc(n, sizeof(**idx));
	for (i = 0; i < n; i++) {
		e = json_is_string(v) ? v : json_array_get(v, i);
		long k = json_is_string(e) ? val_schema_field(s,
		    json_string_value(e), json_string_length(e)) : -1;
		if (k < 0) {
			bad(ld, "%s: '%s' is not a field of the schema", where,
			    json_is_string(e) ? json_string_value(e) : "?");
			return 0;
		}
		(*idx)[i] = (size_t)k;
	}
	return n;
}

struct refload {
	struct val_fk *fk;
	long col[16];     /* referenced column positions */
	long progcol;     /* scoped: the programme column */
	int header_done;
	struct ld *ld;
	const char *path;
	struct val_buf key;
};

static int
ref_row(void *ctx, const struct tip_csv_row *r)
{
	struct refload *rl = ctx;
	struct val_fk *fk = rl->fk;

	if (!rl->header_done) {
		rl->header_done = 1;
		rl->progcol = -1;
		for (size_t k = 0; k < fk->nf; k++)
			rl->col[k] = -1;
		for (size_t c = 0; c < r->n; c++) {
			for (size_t k = 0; k < fk->nf; k++)
				if (strcmp(r->f[c].s, fk->rfields[k]) == 0)
					rl->col[k] = (long)c;
			if (strcmp(r->f[c].s, "programme") == 0)
				rl->progcol = (long)c;
		}
		for (size_t k = 0; k < fk->nf; k++)
			if (rl->col[k] < 0) {
				bad(rl->ld, "foreign key: '%s' has no column "
				    "'%s'", rl->path, fk->rfields[k]);
				return 1;
			}
		if (fk->scope_programme && rl->progcol < 0) {
			bad(rl->ld, "foreign key: '%s' has no column "
			    "'programme' for tipScope", rl->path);
			return 1;
		}
		return 0;
	}
	if (r->n == 0)
		return 0;
	rl->key.len = 0;
	if (fk->scope_programme) {
		if ((size_t)rl->progcol >= r->n)
			return 0;
		val_buf_reserve(&rl->key, r->f[rl->progcol].len + 1);
		memcpy(rl->key.p, r->f[rl->progcol].s, r->f[rl->progcol].len);
		rl->key.len = r->f[rl->progcol].len;
		rl->key.p[rl->key.len++] = '\x1f';
	}
	for (size_t k = 0; k < fk->nf; k++) {
		const struct tip_csv_field *cf;
		if ((size_t)rl->col[k] >= r->n)
			return 0;
		cf = &r->f[rl->col[k]];
		val_buf_reserve(&rl->key, cf->len + 1);
		if (k > 0)
			rl->key.p[rl->key.len++] = '\x1f';
		memcpy(rl->key.p + rl->key.len, cf->s, cf->len);
		rl->key.len += cf->len;
	}
	val_set_add(fk->set, rl->key.p, rl->key.len);
	return 0;
}

static void
load_reference(struct ld *ld, struct val_fk *fk, const char *refdir)
{
	struct refload rl = {.fk = fk, .ld = ld};
	struct tip_csv *c;
	char *path;
	int rc;

	fk->set = val_set_new();
	if (refdir == NULL)
		return;
	if (fk->nf > 16) {
		bad(ld, "foreign key: too many fields");
		return;
	}
	path = tip_strdupf("%s/%s.csv", refdir, fk->resource);
	rl.path = path;
	c = tip_csv_new(NULL, ref_row, &rl);
	if (c == NULL)
		tip_die(TIP_EX_SOFTWARE, ENOMEM, "cannot read '%s'", path);
	rc = tip_csv_read_path(c, path);
	if (rc == -2)
		bad(ld, "foreign key: cannot read '%s': %s", path,
		    strerror(errno));
	else if (rc != 0 && !ld->failed)
		bad(ld, "foreign key: '%s': %s", path, tip_csv_errmsg(c));
	else if (!rl.header_done)
		bad(ld, "foreign key: '%s' is empty", path);
	tip_csv_free(c);
	val_buf_release(&rl.key);
	free(path);
}

static void
load_fks(struct ld *ld, struct val_schema *s, json_t *arr, const char *refdir)
{
	static const char *const allowed[] = {"fields", "reference",
	    "tipScope", NULL};
	static const char *const rallowed[] = {"resource", "fields", NULL};
	size_t i;
	json_t *j;

	if (!json_is_array(arr)) {
		bad(ld, "foreignKeys: must be a list");
		return;
	}
	s->fk = tip_xcalloc(json_array_size(arr) + 1, sizeof(*s->fk));
	json_array_foreach(arr, i, j) {
		struct val_fk *fk = &s->fk[s->nfk++];
		char where[64];
		json_t *ref, *rf, *scope;
		snprintf(where, sizeof(where), "foreignKeys item %zu", i + 1);
		if (!json_is_object(j)) {
			bad(ld, "%s: must be an object", where);
			return;
		}
		check_keys(ld, j, allowed, where);
		fk->nf = field_list(ld, s, json_object_get(j, "fields"),
		    &fk->fields, where);
		ref = json_object_get(j, "reference");
		if (ld->failed || !json_is_object(ref)) {
			bad(ld, "%s: needs a reference", where);
			return;
		}
		check_keys(ld, ref, rallowed, where);
		if (!json_is_string(json_object_get(ref, "resource")) ||
		    json_string_length(json_object_get(ref, "resource")) == 0 ||
		    strpbrk(json_string_value(json_object_get(ref, "resource")),
		    "/.") != NULL) {
			bad(ld, "%s: reference needs a resource name (a file in "
			    "reference/, without '/' or '.'; self-references "
			    "are not supported)", where);
			return;
		}
		fk->resource = tip_xstrdup(json_string_value(
		    json_object_get(ref, "resource")));
		rf = json_object_get(ref, "fields");
		if (json_is_string(rf) ? fk->nf != 1 :
		    !json_is_array(rf) || json_array_size(rf) != fk->nf) {
			bad(ld, "%s: reference fields do not match fields",
			    where);
			return;
		}
		fk->rfields = tip_xcalloc(fk->nf, sizeof(char *));
		for (size_t k = 0; k < fk->nf; k++) {
			json_t *e = json_is_string(rf) ? rf :
			    json_array_get(rf, k);
			if (!json_is_string(e)) {
				bad(ld, "%s: reference fields must be names",
				    where);
				return;
			}
			fk->rfields[k] = tip_xstrdup(json_string_value(e));
		}
		scope = json_object_get(j, "tipScope");
		if (scope != NULL) {
			if (!json_is_string(scope) ||
			    strcmp(json_string_value(scope), "programme") != 0) {
				bad(ld, "%s: tipScope must be \"programme\"",
				    where);
				return;
			}
			fk->scope_programme = 1;
		}
		load_reference(ld, fk, refdir);
		if (ld->failed)
			return;
	}
}

static int
parse_op(const char *s, enum val_op *op)
{
	static const char *const ops[] = {"<", "<=", ">", ">=", "==", "!="};

	for (int i = 0; i < 6; i++)
		if (strcmp(s, ops[i]) == 0) {
			*op = (enum val_op)i;
			return 0;
		}
	return -1;
}

static long
rule_field(struct ld *ld, struct val_schema *s, json_t *j, const char *key,
    const char *where)
{
	json_t *v = json_object_get(j, key);
	long k = json_is_string(v) ? val_schema_field(s, json_string_value(v),
	    json_string_length(v)) : -1;

	if (k < 0)
		bad(ld, "%s: '%s' must name a field of the schema", where, key);
	else if (!is_ordered(s->f[k].type))
		bad(ld, "%s: field '%s' has type %s, which cannot be compared",
		    where, s->f[k].name, val_type_name(s->f[k].type));
	return k;
}

static void
load_rules(struct ld *ld, struct val_schema *s, json_t *arr)
{
	static const char *const callowed[] = {"id", "check", "left", "op",
	    "right", "message", "description", NULL};
	static const char *const pallowed[] = {"id", "check", "field",
	    "lagDays", "message", "description", NULL};
	size_t i;
	json_t *j;

	if (!json_is_array(arr)) {
		bad(ld, "tipRowRules: must be a list");
		return;
	}
	s->rules = tip_xcalloc(json_array_size(arr) + 1, sizeof(*s->rules));
	json_array_foreach(arr, i, j) {
		struct val_rule *r = &s->rules[s->nrules++];
		char where[128];
		json_t *id, *check, *msg;
		long k;
		if (!json_is_object(j)) {
			bad(ld, "tipRowRules item %zu: must be an object", i + 1);
			return;
		}
		id = json_object_get(j, "id");
		if (!json_is_string(id) || json_string_length(id) == 0) {
			bad(ld, "tipRowRules item %zu: needs an id", i + 1);
			return;
		}
		r->id = tip_xstrdup(json_string_value(id));
		snprintf(where, sizeof(where), "row rule '%s'", r->id);
		check = json_object_get(j, "check");
		msg = json_object_get(j, "message");
		if (!json_is_string(msg)) {
			bad(ld, "%s: needs a message", where);
			return;
		}
		r->message = tip_xstrdup(json_string_value(msg));
		if (json_is_string(check) &&
		    strcmp(json_string_value(check), "compare") == 0) {
			json_t *op = json_object_get(j, "op");
			r->kind = VR_COMPARE;
			check_keys(ld, j, callowed, where);
			if (!json_is_string(op) ||
			    parse_op(json_string_value(op), &r->op) != 0) {
				bad(ld, "%s: op must be one of < <= > >= == !=",
				    where);
				return;
			}
			k = rule_field(ld, s, j, "left", where);
			if (ld->failed)
				return;
			r->left = (size_t)k;
			k = rule_field(ld, s, j, "right", where);
			if (ld->failed)
				return;
			r->right = (size_t)k;
			if (s->f[r->left].type != s->f[r->right].type) {
				bad(ld, "%s: left and right have different "
				    "types", where);
				return;
			}
		} else if (json_is_string(check) &&
		    strcmp(json_string_value(check), "inPeriod") == 0) {
			json_t *lag = json_object_get(j, "lagDays");
			r->kind = VR_INPERIOD;
			check_keys(ld, j, pallowed, where);
			k = rule_field(ld, s, j, "field", where);
			if (ld->failed)
				return;
			if (s->f[k].type != VT_DATE) {
				bad(ld, "%s: inPeriod needs a date field", where);
				return;
			}
			r->left = (size_t)k;
			if (lag != NULL && (!json_is_integer(lag) ||
			    json_integer_value(lag) < 0 ||
			    json_integer_value(lag) > 36600)) {
				bad(ld, "%s: lagDays must be an integer from 0 "
				    "to 36600", where);
				return;
			}
			r->lag_days = lag != NULL ? json_integer_value(lag) : 0;
		} else {
			bad(ld, "%s: check must be \"compare\" or \"inPeriod\"",
			    where);
			return;
		}
	}
}

struct val_schema *
val_schema_parse(const char *json, size_t len, const char *name,
    const char *refdir, char *err, size_t errlen)
{
	static const char *const allowed[] = {"$schema", "name", "title",
	    "description", "fields", "missingValues", "primaryKey",
	    "foreignKeys", "tipRowRules", NULL};
	struct ld ld = {err, errlen, 0};
	struct val_schema *s = tip_xcalloc(1, sizeof(*s));
	json_error_t je;
	json_t *root, *fields, *missing, *v;
	json_t *def_missing = NULL;
	size_t i;

	s->name = tip_xstrdup(name);
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		bad(&ld, "invalid JSON at line %d column %d: %s", je.line,
		    je.column, je.text);
		goto out;
	}
	if (!json_is_object(root)) {
		bad(&ld, "a schema must be a JSON object");
		goto out;
	}
	check_keys(&ld, root, allowed, "schema");
	fields = json_object_get(root, "fields");
	if (!json_is_array(fields) || json_array_size(fields) == 0) {
		bad(&ld, "schema: 'fields' must be a non-empty list");
		goto out;
	}
	missing = json_object_get(root, "missingValues");
	if (missing == NULL) {
		def_missing = json_pack("[s]", "");
		missing = def_missing;
	}
	s->nf = json_array_size(fields);
	s->f = tip_xcalloc(s->nf, sizeof(*s->f));
	json_array_foreach(fields, i, v) {
		load_field(&ld, &s->f[i], v, i, missing);
		if (ld.failed)
			goto out;
		if (val_schema_field(s, s->f[i].name, strlen(s->f[i].name)) !=
		    (long)i) {
			bad(&ld, "field '%s': name used twice", s->f[i].name);
			goto out;
		}
	}
	if ((v = json_object_get(root, "primaryKey")) != NULL) {
		s->npk = field_list(&ld, s, v, &s->pk, "primaryKey");
		for (size_t k = 0; k < s->npk; k++)
			s->f[s->pk[k]].pk = 1;
		if (s->npk == 1 && s->f[s->pk[0]].c.unique)
			s->f[s->pk[0]].unique_is_pk = 1;
	}
	if (ld.failed)
		goto out;
	if ((v = json_object_get(root, "foreignKeys")) != NULL)
		load_fks(&ld, s, v, refdir);
	if (ld.failed)
		goto out;
	if ((v = json_object_get(root, "tipRowRules")) != NULL)
		load_rules(&ld, s, v);
out:
	json_decref(def_missing);
	json_decref(root);
	if (ld.failed) {
		val_schema_free(s);
		return NULL;
	}
	return s;
}

struct val_schema *
val_schema_load(const char *dir, const char *table)
{
	char *path = tip_strdupf("%s/%s.json", dir, table);
	char *refdir = tip_strdupf("%s/reference", dir);
	char err[512];
	struct val_schema *s = NULL;
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (fp == NULL) {
		tip_warn(errno, "cannot open schema '%s'", path);
		goto out;
	}
	for (;;) {
		if (len + 4096 > cap) {
			cap = cap ? 2 * cap : 65536;
			if (cap > 16 * 1024 * 1024) {
				tip_warn(0, "bad schema '%s': larger than 16 MiB",
				    path);
				goto out;
			}
			buf = tip_xrealloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		tip_warn(errno, "cannot read schema '%s'", path);
		goto out;
	}
	s = val_schema_parse(buf, len, table, refdir, err, sizeof(err));
	if (s == NULL)
		tip_warn(0, "bad schema '%s': %s", path, err);
	else
		s->path = tip_xstrdup(path);
out:
	if (fp != NULL)
		fclose(fp);
	free(buf);
	free(refdir);
	free(path);
	return s;
}

void
val_schema_free(struct val_schema *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nf; i++) {
		struct val_field *f = &s->f[i];
		free(f->name);
		free(f->title);
		if (f->datefmt != NULL)
			free(f->datefmt->src);
		free(f->datefmt);
		val_set_free(f->truev);
		val_set_free(f->falsev);
		val_set_free(f->missing);
		constraints_release(&f->c);
		constraints_release(&f->item);
	}
	free(s->f);
	free(s->pk);
	for (size_t i = 0; i < s->nfk; i++) {
		struct val_fk *fk = &s->fk[i];
		free(fk->fields);
		free(fk->resource);
		for (size_t k = 0; fk->rfields != NULL && k < fk->nf; k++)
			free(fk->rfields[k]);
		free(fk->rfields);
		val_set_free(fk->set);
	}
	free(s->fk);
	for (size_t i = 0; i < s->nrules; i++) {
		free(s->rules[i].id);
		free(s->rules[i].message);
	}
	free(s->rules);
	free(s->path);
	free(s->name);
	free(s);
}
