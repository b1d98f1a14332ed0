/*
 * Indicator catalogue loader: reads schemas/indicators.json with jansson,
 * checks every entry against the table schemas it names, and compiles it
 * into field indexes and interned codes. Any mistake is exit 78 naming the
 * indicator. Not here: computing anything.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "aggregate.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_sha256.h"

static const char *const pillars[] = {
	"prevention", "protection", "prosecution", "partnership", NULL,
};

struct ctx {
	struct agg_catalogue *cat;
	const char *name;       /* catalogue file name for messages */
	const char *schema_dir;
	const char *ind;        /* indicator being checked, or NULL */
};

static int
bad(struct ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
bad(struct ctx *x, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (x->ind != NULL)
		tip_warn(0, "%s: indicator '%s': %s", x->name, x->ind, msg);
	else
		tip_warn(0, "%s: %s", x->name, msg);
	return TIP_EX_CONFIG;
}

static int
valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')
		    || s[i] == '_'))
			return 0;
	return 1;
}

/* Codes written into output columns: printable, no separators. */
static int
valid_code(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == ',' || s[i] == '"' ||
		    s[i] == '|' || (unsigned char)s[i] >= 0x7f)
			return 0;
	return 1;
}

/* Every key of o must be in the NULL-terminated list. */
static int
only_keys(struct ctx *x, json_t *o, const char *what, const char *const *keys)
{
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v) {
		size_t i;
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(keys[i], k) == 0)
				break;
		if (keys[i] == NULL)
			return bad(x, "unknown key '%s' in %s", k, what);
	}
	return 0;
}

static enum agg_ftype
ftype(const char *t)
{
	static const char *const names[] = {"string", "integer", "number",
		"date", "yearmonth", "boolean", "list"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(t, names[i]) == 0)
			return (enum agg_ftype)i;
	return AGG_T_OTHER;
}

/* Index of table in cat->schema, loading schema_dir/<table>.json. */
static int
load_schema(struct ctx *x, const char *table, int *out)
{
	struct agg_catalogue *cat = x->cat;
	json_error_t je;
	json_t *root, *fields;
	char *path;
	struct agg_schema *s;
	size_t i;

	for (i = 0; i < cat->nschema; i++)
		if (strcmp(cat->schema[i].name, table) == 0) {
			*out = (int)i;
			return 0;
		}
	if (!valid_id(table))
		return bad(x, "bad table name '%s'", table);
	if (cat->nschema >= 8)
		return bad(x, "more than 8 tables");
	path = tip_strdupf("%s/%s.json", x->schema_dir, table);
	root = json_load_file(path, 0, &je);
	if (root == NULL) {
		int rc = bad(x, "cannot load table schema '%s': %s", path,
		    je.text);
		free(path);
		return rc;
	}
	free(path);
	fields = json_object_get(root, "fields");
	if (!json_is_array(fields) || json_array_size(fields) == 0 ||
	    json_array_size(fields) > 256) {
		json_decref(root);
		return bad(x, "table schema '%s' has no usable fields", table);
	}
	cat->schema = tip_xrealloc(cat->schema,
	    (cat->nschema + 1) * sizeof(*cat->schema));
	s = &cat->schema[cat->nschema];
	memset(s, 0, sizeof(*s));
	s->name = tip_xstrdup(table);
	s->field = tip_xcalloc(json_array_size(fields), sizeof(*s->field));
	s->type = tip_xcalloc(json_array_size(fields), sizeof(*s->type));
	cat->nschema++;
	for (i = 0; i < json_array_size(fields); i++) {
		json_t *f = json_array_get(fields, i);
		const char *n = json_string_value(json_object_get(f, "name"));
		const char *t = json_string_value(json_object_get(f, "type"));
		if (n == NULL) {
			json_decref(root);
			return bad(x, "table schema '%s': field %zu has no name",
			    table, i + 1);
		}
		s->field[s->nfield] = tip_xstrdup(n);
		s->type[s->nfield] = t != NULL ? ftype(t) : AGG_T_STRING;
		s->nfield++;
	}
	json_decref(root);
	*out = (int)(cat->nschema - 1);
	return 0;
}

static int
field_of(const struct agg_schema *s, const char *name)
{
	for (size_t i = 0; i < s->nfield; i++)
		if (strcmp(s->field[i], name) == 0)
			return (int)i;
	return -1;
}

static int
need_field(struct ctx *x, const struct agg_schema *s, json_t *v,
    const char *what, int *out)
{
	const char *n = json_string_value(v);

	if (n == NULL)
		return bad(x, "%s must be a field name", what);
	if ((*out = field_of(s, n)) < 0)
		return bad(x, "%s: table '%s' has no field '%s'", what, s->name, n);
	return 0;
}

static int
get_int(json_t *v, long long *out)
{
	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return 0;
}

static int
load_bands(struct ctx *x, json_t *a, const char *what, struct agg_band **out,
    size_t *n)
{
	static const char *const keys[] = {"code", "min", "max", NULL};

	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > 32)
		return bad(x, "age_bands.%s must be a list of 1 to 32 bands",
		    what);
	*out = tip_xcalloc(json_array_size(a), sizeof(**out));
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *b = json_array_get(a, i);
		struct agg_band *d = &(*out)[i];
		const char *code = json_string_value(json_object_get(b, "code"));
		int rc;
		*n = i + 1;
		d->max = -1;
		if (!json_is_object(b))
			return bad(x, "age_bands.%s: band %zu is not an object",
			    what, i + 1);
		if ((rc = only_keys(x, b, "an age band", keys)) != 0)
			return rc;
		if (code == NULL || !valid_code(code) || code[0] == '_')
			return bad(x, "age_bands.%s: band %zu needs a code",
			    what, i + 1);
		d->code = tip_xstrdup(code);
		if (get_int(json_object_get(b, "min"), &d->min) != 0 ||
		    d->min < 0 || d->min > 200)
			return bad(x, "age band '%s': min must be 0..200", code);
		if (json_object_get(b, "max") != NULL &&
		    (get_int(json_object_get(b, "max"), &d->max) != 0 ||
		    d->max < d->min || d->max > 200))
			return bad(x, "age band '%s': bad max", code);
		if (i == 0 && d->min != 0)
			return bad(x, "age_bands.%s must start at 0", what);
		if (i > 0 && ((*out)[i - 1].max < 0 ||
		    (*out)[i - 1].max + 1 != d->min))
			return bad(x, "age band '%s' does not follow '%s'",
			    code, (*out)[i - 1].code);
	}
	if ((*out)[*n - 1].max != -1)
		return bad(x, "the last age_bands.%s band must be open-ended",
		    what);
	return 0;
}

/* Fine bands must nest in broad bands and tile each one exactly. */
static int
check_nesting(struct ctx *x)
{
	struct agg_catalogue *c = x->cat;

	for (size_t i = 0; i < c->nfine; i++) {
		struct agg_band *f = &c->fine[i];
		int p = agg_band_of(c->broad, c->nbroad, f->min);
		struct agg_band *b = &c->broad[p];
		if (f->max == -1 ? b->max != -1 : (b->max != -1 && f->max > b->max))
			return bad(x, "age band '%s' straddles '%s'", f->code,
			    b->code);
		f->parent = p;
		for (size_t j = 0; j < c->nbroad; j++)
			if (strcmp(c->broad[j].code, f->code) == 0)
				return bad(x, "age band '%s' is both broad and "
				    "fine", f->code);
	}
	return 0;
}

int
agg_band_of(const struct agg_band *b, size_t n, long long age)
{
	for (size_t i = 0; i < n; i++)
		if (age >= b[i].min && (b[i].max == -1 || age <= b[i].max))
			return (int)i;
	return -1;
}

static int
load_filter(struct ctx *x, struct agg_indicator *ind, json_t *a)
{
	static const char *const keys[] = {"field", "in", "is", "min", "max",
		"empty", NULL};
	const struct agg_schema *s = &x->cat->schema[ind->table];

	if (!json_is_array(a) || json_array_size(a) > 16)
		return bad(x, "filter must be a list of at most 16 conditions");
	ind->filter = tip_xcalloc(json_array_size(a) + 1, sizeof(*ind->filter));
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *c = json_array_get(a, i), *v;
		struct agg_filter *f = &ind->filter[i];
		int rc, kinds = 0;
		ind->nfilter = i + 1;
		if (!json_is_object(c))
			return bad(x, "filter %zu is not an object", i + 1);
		if ((rc = only_keys(x, c, "a filter", keys)) != 0 ||
		    (rc = need_field(x, s, json_object_get(c, "field"),
		    "filter field", &f->field)) != 0)
			return rc;
		enum agg_ftype t = s->type[f->field];
		if ((v = json_object_get(c, "in")) != NULL) {
			kinds++;
			f->kind = AGG_FILTER_IN;
			if (!json_is_array(v) || json_array_size(v) == 0 ||
			    json_array_size(v) > 64)
				return bad(x, "filter on '%s': 'in' needs 1 to 64 "
				    "values", s->field[f->field]);
			if (t != AGG_T_STRING && t != AGG_T_LIST)
				return bad(x, "filter on '%s': 'in' needs a string "
				    "or list field", s->field[f->field]);
			f->vals = tip_xcalloc(json_array_size(v), sizeof(char *));
			for (size_t j = 0; j < json_array_size(v); j++) {
				const char *sv = json_string_value(
				    json_array_get(v, j));
				if (sv == NULL)
					return bad(x, "filter on '%s': values must "
					    "be strings", s->field[f->field]);
				f->vals[f->nvals++] = tip_xstrdup(sv);
			}
		}
		if ((v = json_object_get(c, "is")) != NULL) {
			kinds++;
			f->kind = AGG_FILTER_IS;
			if (!json_is_boolean(v) || t != AGG_T_BOOLEAN)
				return bad(x, "filter on '%s': 'is' needs true or "
				    "false on a boolean field", s->field[f->field]);
			f->is = json_is_true(v);
		}
		if ((v = json_object_get(c, "empty")) != NULL) {
			kinds++;
			f->kind = AGG_FILTER_EMPTY;
			if (!json_is_boolean(v))
				return bad(x, "filter on '%s': 'empty' needs true "
				    "or false", s->field[f->field]);
			f->is = json_is_true(v);
		}
		if (json_object_get(c, "min") != NULL ||
		    json_object_get(c, "max") != NULL) {
			kinds++;
			f->kind = AGG_FILTER_RANGE;
			if (t != AGG_T_INTEGER)
				return bad(x, "filter on '%s': min/max need an "
				    "integer field", s->field[f->field]);
			if ((v = json_object_get(c, "min")) != NULL) {
				if (get_int(v, &f->min) != 0)
					return bad(x, "filter on '%s': min must be "
					    "an integer", s->field[f->field]);
				f->has_min = 1;
			}
			if ((v = json_object_get(c, "max")) != NULL) {
				if (get_int(v, &f->max) != 0)
					return bad(x, "filter on '%s': max must be "
					    "an integer", s->field[f->field]);
				f->has_max = 1;
			}
		}
		if (kinds != 1)
			return bad(x, "filter on '%s' needs exactly one of in, "
			    "is, empty, min/max", s->field[f->field]);
	}
	return 0;
}

static int
add_dim(struct ctx *x, struct agg_indicator *ind, int col, int field,
    enum agg_dimkind kind, int fine)
{
	struct agg_dimspec *d;

	if (ind->uses & (1u << col))
		return bad(x, "dimension '%s' given twice", agg_dim_names[col]);
	d = &ind->dim[ind->ndim++];
	d->col = col;
	d->field = field;
	d->kind = kind;
	d->fine = fine;
	ind->uses |= 1u << col;
	if (kind == AGG_DK_LIST || (kind == AGG_DK_AGE && fine))
		ind->multi |= 1u << col;
	return 0;
}

static int
load_dims(struct ctx *x, struct agg_indicator *ind, json_t *a)
{
	static const char *const keys[] = {"column", "field", "bands", NULL};
	const struct agg_schema *s = &x->cat->schema[ind->table];

	if (!json_is_array(a))
		return bad(x, "dimensions must be a list");
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *d = json_array_get(a, i);
		const char *col, *fname, *bands = NULL;
		int c, f, rc;
		if (json_is_string(d)) {
			col = fname = json_string_value(d);
		} else if (json_is_object(d)) {
			if ((rc = only_keys(x, d, "a dimension", keys)) != 0)
				return rc;
			col = json_string_value(json_object_get(d, "column"));
			fname = json_string_value(json_object_get(d, "field"));
			bands = json_string_value(json_object_get(d, "bands"));
			if (fname == NULL)
				fname = col;
		} else
			return bad(x, "dimension %zu must be a name or an object",
			    i + 1);
		if (col == NULL || (c = agg_dim_index(col)) < 0)
			return bad(x, "dimension %zu: unknown column '%s'", i + 1,
			    col != NULL ? col : "");
		if ((f = field_of(s, fname)) < 0)
			return bad(x, "dimension '%s': table '%s' has no field "
			    "'%s'", col, s->name, fname);
		if (c == AGG_AGE) {
			if (s->type[f] != AGG_T_INTEGER)
				return bad(x, "dimension age_group needs an integer "
				    "field");
			if (bands == NULL || (strcmp(bands, "broad") != 0 &&
			    strcmp(bands, "fine") != 0))
				return bad(x, "dimension age_group needs bands "
				    "\"broad\" or \"fine\"");
			if (strcmp(bands, "fine") == 0 && x->cat->nfine == 0)
				return bad(x, "no fine age bands in the catalogue");
			rc = add_dim(x, ind, c, f, AGG_DK_AGE,
			    strcmp(bands, "fine") == 0);
		} else {
			if (bands != NULL)
				return bad(x, "bands only apply to age_group");
			if (s->type[f] != AGG_T_STRING &&
			    s->type[f] != AGG_T_BOOLEAN && s->type[f] != AGG_T_LIST)
				return bad(x, "dimension '%s': field '%s' is not a "
				    "code", col, fname);
			rc = add_dim(x, ind, c, f, s->type[f] == AGG_T_LIST ?
			    AGG_DK_LIST : AGG_DK_FIELD, 0);
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
load_measure(struct ctx *x, struct agg_indicator *ind, json_t *m)
{
	static const char *const keys[] = {"sum", "split", NULL};
	const struct agg_schema *s = &x->cat->schema[ind->table];
	json_t *sum, *split;
	int rc;

	if (json_is_string(m) && strcmp(json_string_value(m), "count") == 0)
		return 0;
	if (!json_is_object(m))
		return bad(x, "measure must be \"count\" or {\"sum\": ...}");
	if ((rc = only_keys(x, m, "measure", keys)) != 0)
		return rc;
	ind->sum = 1;
	sum = json_object_get(m, "sum");
	if (json_is_string(sum)) {
		if ((rc = need_field(x, s, sum, "sum", &ind->sum_field[0])) != 0)
			return rc;
		ind->nsum = 1;
	} else if (json_is_array(sum) && json_array_size(sum) > 0 &&
	    json_array_size(sum) <= AGG_MAX_SUM) {
		for (size_t i = 0; i < json_array_size(sum); i++)
			if ((rc = need_field(x, s, json_array_get(sum, i), "sum",
			    &ind->sum_field[ind->nsum++])) != 0)
				return rc;
	} else
		return bad(x, "sum needs a field or a list of 1 to %d fields",
		    AGG_MAX_SUM);
	for (size_t i = 0; i < ind->nsum; i++)
		if (s->type[ind->sum_field[i]] != AGG_T_INTEGER)
			return bad(x, "sum: field '%s' is not an integer",
			    s->field[ind->sum_field[i]]);
	split = json_object_get(m, "split");
	if (split != NULL) {
		const char *col;
		json_t *vals;
		int c;
		if (!json_is_object(split) || json_object_size(split) != 1)
			return bad(x, "split must be {\"<column>\": [values]}");
		json_object_foreach(split, col, vals) {
			if ((c = agg_dim_index(col)) < 0)
				return bad(x, "split: unknown column '%s'", col);
			if (!json_is_array(vals) ||
			    json_array_size(vals) != ind->nsum)
				return bad(x, "split: one value per summed field");
			for (size_t i = 0; i < ind->nsum; i++) {
				const char *v = json_string_value(
				    json_array_get(vals, i));
				if (v == NULL || !valid_code(v) || v[0] == '_')
					return bad(x, "split: bad value %zu", i + 1);
				ind->split_val[i] = agg_intern(v, strlen(v));
			}
			if ((rc = add_dim(x, ind, c, -1, AGG_DK_SPLIT, 0)) != 0)
				return rc;
		}
	}
	return 0;
}

static int
load_periods(struct ctx *x, struct agg_indicator *ind, json_t *a)
{
	if (a == NULL) {
		ind->periods = AGG_PER_QUARTER | AGG_PER_YEAR;
		return 0;
	}
	if (!json_is_array(a))
		return bad(x, "periods must be a list");
	for (size_t i = 0; i < json_array_size(a); i++) {
		const char *p = json_string_value(json_array_get(a, i));
		if (p != NULL && strcmp(p, "quarter") == 0)
			ind->periods |= AGG_PER_QUARTER;
		else if (p != NULL && strcmp(p, "year") == 0)
			ind->periods |= AGG_PER_YEAR;
		else
			return bad(x, "periods: unknown period '%s'",
			    p != NULL ? p : "");
	}
	if (ind->periods == 0)
		return bad(x, "periods must name quarter or year");
	return 0;
}

/* Ratio references: {"indicator": id, "where": {column: code}}. */
static int
load_ref(struct ctx *x, json_t *o, const char *what, int *ind_out,
    uint32_t where[AGG_NDIM])
{
	static const char *const keys[] = {"indicator", "where", "population",
		NULL};
	struct agg_catalogue *cat = x->cat;
	const char *id, *col;
	json_t *w, *v;
	int rc, i;

	for (int d = 0; d < AGG_NDIM; d++)
		where[d] = AGG_NONE;
	if (!json_is_object(o))
		return bad(x, "%s must be an object", what);
	if ((rc = only_keys(x, o, what, keys)) != 0)
		return rc;
	if (json_object_get(o, "population") != NULL) {
		if (strcmp(what, "denominator") != 0 ||
		    !json_is_true(json_object_get(o, "population")) ||
		    json_object_size(o) != 1)
			return bad(x, "%s: population must be true and alone",
			    what);
		*ind_out = -1;
		return 0;
	}
	id = json_string_value(json_object_get(o, "indicator"));
	if (id == NULL)
		return bad(x, "%s needs an indicator", what);
	if ((i = agg_catalogue_find(cat, id)) < 0 ||
	    i >= (int)cat->n - 1)
		return bad(x, "%s: indicator '%s' is not defined before it",
		    what, id);
	if (cat->ind[i].ratio)
		return bad(x, "%s: '%s' is itself a ratio", what, id);
	*ind_out = i;
	w = json_object_get(o, "where");
	if (w == NULL)
		return 0;
	if (!json_is_object(w))
		return bad(x, "%s: where must be an object", what);
	json_object_foreach(w, col, v) {
		int c = agg_dim_index(col);
		const char *s = json_string_value(v);
		if (c < 0 || !(cat->ind[i].uses & (1u << c)))
			return bad(x, "%s: '%s' has no dimension '%s'", what, id,
			    col);
		if (s == NULL || !valid_code(s))
			return bad(x, "%s: where '%s' needs a code", what, col);
		where[c] = agg_intern(s, strlen(s));
	}
	return 0;
}

static char *
opt_str(struct ctx *x, json_t *o, const char *key, int required, int *rc)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL) {
		if (required)
			*rc = bad(x, "missing '%s'", key);
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) > 1000) {
		*rc = bad(x, "'%s' must be a non-empty string", key);
		return NULL;
	}
	return tip_xstrdup(json_string_value(v));
}

static int
load_indicator(struct ctx *x, json_t *o)
{
	static const char *const keys[] = {"id", "name", "pillar", "unit",
		"description", "key", "table", "date", "country", "measure",
		"filter", "dimensions", "numerator", "denominator", "factor",
		"periods", "sdmx", NULL};
	struct agg_catalogue *cat = x->cat;
	struct agg_indicator *ind = &cat->ind[cat->n];
	const char *id = json_string_value(json_object_get(o, "id"));
	json_t *v;
	int rc = 0, p;

	memset(ind, 0, sizeof(*ind));
	ind->num_ind = ind->den_ind = -1;
	if (!json_is_object(o)) {
		x->ind = NULL;
		return bad(x, "indicator %zu is not an object", cat->n + 1);
	}
	if (id == NULL || !valid_id(id)) {
		x->ind = NULL;
		return bad(x, "indicator %zu: id must match [a-z][a-z0-9_]*",
		    cat->n + 1);
	}
	x->ind = id;
	if (agg_catalogue_find(cat, id) >= 0)
		return bad(x, "defined twice");
	ind->id = tip_xstrdup(id);
	cat->n++;
	if ((rc = only_keys(x, o, "the indicator", keys)) != 0)
		return rc;
	ind->name = opt_str(x, o, "name", 1, &rc);
	ind->pillar = opt_str(x, o, "pillar", 1, &rc);
	ind->unit = opt_str(x, o, "unit", 1, &rc);
	ind->description = opt_str(x, o, "description", 0, &rc);
	if (rc != 0)
		return rc;
	for (p = 0; pillars[p] != NULL; p++)
		if (strcmp(pillars[p], ind->pillar) == 0)
			break;
	if (pillars[p] == NULL)
		return bad(x, "unknown pillar '%s'", ind->pillar);
	if (!valid_code(ind->unit))
		return bad(x, "unit must be a code without spaces or commas");
	if ((v = json_object_get(o, "key")) != NULL) {
		if (!json_is_boolean(v))
			return bad(x, "key must be true or false");
		ind->key = json_is_true(v);
	}
	if ((v = json_object_get(o, "sdmx")) != NULL) {
		static const char *const skeys[] = {"series", "unit", NULL};
		if (!json_is_object(v) || (rc = only_keys(x, v, "sdmx",
		    skeys)) != 0)
			return rc != 0 ? rc : bad(x, "sdmx must be an object");
		ind->sdmx_series = opt_str(x, v, "series", 1, &rc);
		ind->sdmx_unit = opt_str(x, v, "unit", 1, &rc);
		if (rc != 0)
			return rc;
		if (!valid_code(ind->sdmx_series) || !valid_code(ind->sdmx_unit))
			return bad(x, "sdmx codes must have no spaces or commas");
	}
	if ((rc = load_periods(x, ind, json_object_get(o, "periods"))) != 0)
		return rc;

	if (json_object_get(o, "numerator") != NULL) {
		static const char *const bad_keys[] = {"table", "date", "country",
			"measure", "filter", "dimensions", NULL};
		long long f;
		ind->ratio = 1;
		for (int i = 0; bad_keys[i] != NULL; i++)
			if (json_object_get(o, bad_keys[i]) != NULL)
				return bad(x, "a ratio takes no '%s'", bad_keys[i]);
		if ((rc = load_ref(x, json_object_get(o, "numerator"),
		    "numerator", &ind->num_ind, ind->num_where)) != 0)
			return rc;
		if (json_object_get(o, "denominator") == NULL)
			return bad(x, "a ratio needs a denominator");
		if ((rc = load_ref(x, json_object_get(o, "denominator"),
		    "denominator", &ind->den_ind, ind->den_where)) != 0)
			return rc;
		if (get_int(json_object_get(o, "factor"), &f) != 0 || f < 1 ||
		    f > 1000000000)
			return bad(x, "factor must be an integer 1..1e9");
		ind->factor = f;
		const struct agg_indicator *num = &cat->ind[ind->num_ind];
		ind->uses = num->uses;
		if ((ind->periods & num->periods) != ind->periods ||
		    (ind->den_ind >= 0 && (ind->periods &
		    cat->ind[ind->den_ind].periods) != ind->periods))
			return bad(x, "periods must be computed by the numerator "
			    "and denominator too");
		if (ind->den_ind < 0) {
			if (ind->periods != AGG_PER_YEAR)
				return bad(x, "a population rate is yearly: "
				    "periods must be [\"year\"]");
			for (int d = 0; d < AGG_NDIM; d++)
				if (d != AGG_SEX && (num->uses & (1u << d)) &&
				    ind->num_where[d] != AGG_T)
					return bad(x, "a population rate can be "
					    "broken down by sex only: set where "
					    "%s to _T", agg_dim_names[d]);
		}
		return 0;
	}

	if (json_object_get(o, "denominator") != NULL ||
	    json_object_get(o, "factor") != NULL)
		return bad(x, "a denominator needs a numerator");
	v = json_object_get(o, "table");
	if (!json_is_string(v))
		return bad(x, "needs a table (or a numerator)");
	if ((rc = load_schema(x, json_string_value(v), &ind->table)) != 0)
		return rc;
	const struct agg_schema *s = &cat->schema[ind->table];
	if ((rc = need_field(x, s, json_object_get(o, "date"), "date",
	    &ind->date_field)) != 0)
		return rc;
	if (s->type[ind->date_field] != AGG_T_DATE &&
	    s->type[ind->date_field] != AGG_T_YEARMONTH)
		return bad(x, "date: field '%s' is not a date or yearmonth",
		    s->field[ind->date_field]);
	if ((v = json_object_get(o, "country")) != NULL) {
		if ((rc = need_field(x, s, v, "country", &ind->country_field))
		    != 0)
			return rc;
	} else if ((ind->country_field = field_of(s, "country")) < 0)
		return bad(x, "table '%s' has no field 'country'", s->name);
	if ((v = json_object_get(o, "measure")) == NULL)
		return bad(x, "missing 'measure'");
	if ((rc = load_measure(x, ind, v)) != 0)
		return rc;
	if ((v = json_object_get(o, "filter")) != NULL &&
	    (rc = load_filter(x, ind, v)) != 0)
		return rc;
	if ((v = json_object_get(o, "dimensions")) != NULL &&
	    (rc = load_dims(x, ind, v)) != 0)
		return rc;
	return 0;
}

int
agg_catalogue_find(const struct agg_catalogue *cat, const char *id)
{
	for (size_t i = 0; i < cat->n; i++)
		if (strcmp(cat->ind[i].id, id) == 0)
			return (int)i;
	return -1;
}

int
agg_catalogue_parse(struct agg_catalogue *cat, const char *buf, size_t len,
    const char *name, const char *schema_dir)
{
	static const char *const keys[] = {"version", "description",
		"age_bands", "indicators", NULL};
	struct ctx x = {cat, name, schema_dir, NULL};
	struct tip_sha256 h;
	uint8_t dig[32];
	json_error_t je;
	json_t *root, *a, *bands;
	int rc = 0;

	memset(cat, 0, sizeof(*cat));
	tip_sha256_init(&h);
	tip_sha256_update(&h, buf, len);
	tip_sha256_final(&h, dig);
	tip_sha256_hex(dig, cat->sha256);
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return bad(&x, "line %d: %s", je.line, je.text);
	if (!json_is_object(root)) {
		rc = bad(&x, "not a JSON object");
		goto out;
	}
	if ((rc = only_keys(&x, root, "the catalogue", keys)) != 0)
		goto out;
	if (!json_is_integer(json_object_get(root, "version")) ||
	    json_integer_value(json_object_get(root, "version")) != 1) {
		rc = bad(&x, "version must be 1");
		goto out;
	}
	bands = json_object_get(root, "age_bands");
	if (!json_is_object(bands)) {
		rc = bad(&x, "age_bands must be an object");
		goto out;
	}
	{
		static const char *const bkeys[] = {"broad", "fine", NULL};
		if ((rc = only_keys(&x, bands, "age_bands", bkeys)) != 0 ||
		    (rc = load_bands(&x, json_object_get(bands, "broad"),
		    "broad", &cat->broad, &cat->nbroad)) != 0)
			goto out;
		if (json_object_get(bands, "fine") != NULL &&
		    ((rc = load_bands(&x, json_object_get(bands, "fine"), "fine",
		    &cat->fine, &cat->nfine)) != 0 ||
		    (rc = check_nesting(&x)) != 0))
			goto out;
	}
	a = json_object_get(root, "indicators");
	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > AGG_MAX_INDICATORS) {
		rc = bad(&x, "indicators must be a list of 1 to %d entries",
		    AGG_MAX_INDICATORS);
		goto out;
	}
	cat->ind = tip_xcalloc(json_array_size(a), sizeof(*cat->ind));
	for (size_t i = 0; i < json_array_size(a); i++)
		if ((rc = load_indicator(&x, json_array_get(a, i))) != 0)
			goto out;
out:
	json_decref(root);
	if (rc != 0)
		agg_catalogue_release(cat);
	return rc;
}

int
agg_catalogue_load(struct agg_catalogue *cat, const char *path,
    const char *schema_dir)
{
	enum { MAX = 4 * 1024 * 1024 };
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n;
	int rc;

	memset(cat, 0, sizeof(*cat));
	if (fp == NULL) {
		tip_warn(errno, "cannot open catalogue '%s'", path);
		return errno == ENOENT ? TIP_EX_NOINPUT : TIP_EX_CONFIG;
	}
	buf = tip_xmalloc(MAX + 1);
	n = fread(buf, 1, MAX + 1, fp);
	if (ferror(fp) || n > MAX) {
		tip_warn(ferror(fp) ? errno : 0, "cannot read catalogue '%s'%s",
		    path, n > MAX ? ": larger than 4 MiB" : "");
		fclose(fp);
		free(buf);
		return TIP_EX_CONFIG;
	}
	fclose(fp);
	rc = agg_catalogue_parse(cat, buf, n, path, schema_dir);
	free(buf);
	return rc;
}

void
agg_catalogue_release(struct agg_catalogue *cat)
{
	for (size_t i = 0; i < cat->n; i++) {
		struct agg_indicator *ind = &cat->ind[i];
		free(ind->id);
		free(ind->name);
		free(ind->pillar);
		free(ind->unit);
		free(ind->description);
		free(ind->sdmx_series);
		free(ind->sdmx_unit);
		for (size_t f = 0; f < ind->nfilter; f++) {
			for (size_t j = 0; j < ind->filter[f].nvals; j++)
				free(ind->filter[f].vals[j]);
			free(ind->filter[f].vals);
		}
		free(ind->filter);
	}
	free(cat->ind);
	for (size_t i = 0; i < cat->nschema; i++) {
		for (size_t j = 0; j < cat->schema[i].nfield; j++)
			free(cat->schema[i].field[j]);
		free(cat->schema[i].field);
		free(cat->schema[i].type);
		free(cat->schema[i].name);
	}
	free(cat->schema);
	for (size_t i = 0; i < cat->nbroad; i++)
		free(cat->broad[i].code);
	for (size_t i = 0; i < cat->nfine; i++)
		free(cat->fine[i].code);
	free(cat->broad);
	free(cat->fine);
	memset(cat, 0, sizeof(*cat));
}
