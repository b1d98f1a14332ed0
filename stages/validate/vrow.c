/*
 * The checks of one data row: cells against their fields, then unique
 * fields, the primary key, foreign keys and tip's row rules. Messages are
 * formatted only for failures; the happy path allocates nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vtable_int.h"

/* ' ' and '\t' are below '!': most bytes take one compare */
static inline int
is_space(char c)
{
	return (unsigned char)c <= ' ' && (c == ' ' || c == '\t');
}

static inline void
trim(const char **s, size_t *len)
{
	while (*len > 0 && is_space(**s))
		(*s)++, (*len)--;
	while (*len > 0 && is_space((*s)[*len - 1]))
		(*len)--;
}

void
val_quote(char *dst, size_t dstlen, const char *s, size_t len)
{
	size_t n = len;
	int cut = 0;

	if (n > 60) {
		n = 60;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		cut = 1;
	}
	snprintf(dst, dstlen, "'%.*s%s'", (int)n, s, cut ? "..." : "");
}

struct val_rowerr *
val_row_err(struct val_table *t, enum val_code code, const char *field,
    const char *value, size_t vlen)
{
	struct val_rowerr *e;

	if (t->nerr == t->errcap)
		return NULL;
	e = &t->errs[t->nerr++];
	e->code = code;
	e->field = field;
	e->value = value;
	e->vlen = vlen;
	e->msg[0] = e->words[0] = '\0';
	return e;
}

static void
type_error(struct val_table *t, const struct val_field *f, enum val_type ty,
    const char *s, size_t len, int item)
{
	struct val_rowerr *e = val_row_err(t, VE_TYPE, f->name, s, len);
	char q[80];

	if (e == NULL)
		return;
	val_quote(q, sizeof(q), s, len);
	if (len == 0 && item) {
		snprintf(e->msg, sizeof(e->msg), "list has an empty item");
		snprintf(e->words, sizeof(e->words), "%s has an empty entry "
		    "between two '%c' separators.", f->title, f->delim);
		return;
	}
	snprintf(e->msg, sizeof(e->msg), "%s%s is not of type %s%s%s",
	    item ? "list item " : "", q, val_type_name(ty),
	    ty == VT_DATE && f->datefmt != NULL ? " in format " : "",
	    ty == VT_DATE && f->datefmt != NULL ? f->datefmt->src : "");
	if (ty == VT_DATE && f->datefmt != NULL)
		snprintf(e->words, sizeof(e->words), "%s must be a date in "
		    "the format %s; %s is not.", f->title, f->datefmt->src, q);
	else if (ty == VT_BOOLEAN)
		snprintf(e->words, sizeof(e->words), "%s must be %s or %s; "
		    "found %s.", f->title, val_set_at(f->truev, 0),
		    val_set_at(f->falsev, 0), q);
	else
		snprintf(e->words, sizeof(e->words), "%s must be %s; found "
		    "%s.", f->title, val_type_expect(f, ty), q);
}

static void
constraint_error(struct val_table *t, const struct val_field *f,
    const struct val_constraints *c, const char *what, const char *s,
    size_t len, size_t nitems, int item)
{
	struct val_rowerr *e = val_row_err(t, VE_CONSTRAINT, f->name, s, len);
	char q[80];
	const char *in = item ? " (in the list)" : "";

	if (e == NULL)
		return;
	val_quote(q, sizeof(q), s, len);
	if (strcmp(what, "minimum") == 0) {
		snprintf(e->msg, sizeof(e->msg), "constraint minimum: %s is "
		    "less than %s", q, c->min_src);
		snprintf(e->words, sizeof(e->words), "%s must be at least "
		    "%s%s; found %s.", f->title, c->min_src, in, q);
	} else if (strcmp(what, "maximum") == 0) {
		snprintf(e->msg, sizeof(e->msg), "constraint maximum: %s is "
		    "more than %s", q, c->max_src);
		snprintf(e->words, sizeof(e->words), "%s must be at most "
		    "%s%s; found %s.", f->title, c->max_src, in, q);
	} else if (strcmp(what, "minLength") == 0 ||
	    strcmp(what, "maxLength") == 0) {
		int lo = what[1] == 'i';
		size_t lim = lo ? c->minlen : c->maxlen;
		const char *unit = f->type == VT_LIST && !item ? "item" :
		    "character";
		snprintf(e->msg, sizeof(e->msg), "constraint %s: %s has %zu "
		    "%ss, %s %zu", what, q, nitems, unit, lo ? "needs at least" :
		    "allows at most", lim);
		snprintf(e->words, sizeof(e->words), "%s must have %s %zu "
		    "%s%s%s; found %s.", f->title, lo ? "at least" : "at most",
		    lim, unit, lim == 1 ? "" : "s", in, q);
	} else if (strcmp(what, "pattern") == 0) {
		snprintf(e->msg, sizeof(e->msg), "constraint pattern: %s does "
		    "not match %s", q, c->pattern->src);
		snprintf(e->words, sizeof(e->words), "%s is not written as "
		    "expected%s (pattern %s); found %s.", f->title, in,
		    c->pattern->src, q);
	} else if (strcmp(what, "enum") == 0) {
		snprintf(e->msg, sizeof(e->msg), "constraint enum: %s is not "
		    "one of %s", q, c->enum_words);
		snprintf(e->words, sizeof(e->words), "%s must be one of: %s%s; "
		    "found %s.", f->title, c->enum_words, in, q);
	} else {
		snprintf(e->msg, sizeof(e->msg), "constraint required: value "
		    "is missing");
		snprintf(e->words, sizeof(e->words), "%s is required but the "
		    "cell is empty.", f->title);
	}
}

/* A list: items split, trimmed, parsed and checked; joined with '|'. */
static int
check_list(struct val_table *t, const struct val_field *f, const char *s,
    size_t len, size_t *nitems)
{
	const char *p = s, *end = s + len;
	struct val_value v;
	size_t n = 0;

	for (;;) {
		const char *d = memchr(p, f->delim, (size_t)(end - p));
		const char *ie = d != NULL ? d : end;
		const char *is = p;
		size_t il = (size_t)(ie - p), before;
		const char *what;
		trim(&is, &il);
		if (n > 0) {
			val_buf_reserve(&t->norm, 1);
			t->norm.p[t->norm.len++] = '|';
		}
		before = t->norm.len;
		if (il == 0 || val_parse(f, f->itemtype, is, il, &v,
		    &t->norm) != 0) {
			type_error(t, f, f->itemtype, is, il, 1);
			return -1;
		}
		what = val_check(&f->item, f->itemtype, t->norm.p + before,
		    t->norm.len - before, &v, 0);
		if (what != NULL) {
			constraint_error(t, f, &f->item, what, is, il,
			    val_utf8_len(is, il), 1);
			return -1;
		}
		n++;
		if (d == NULL)
			break;
		p = d + 1;
	}
	*nitems = n;
	return 0;
}

static void
check_cell(struct val_table *t, size_t i, const char *s, size_t len)
{
	const struct val_field *f = &t->s->f[i];
	size_t nitems = 0;
	const char *what;

	trim(&s, &len);
	t->noff[i] = t->norm.len;
	t->nlen[i] = 0;
	t->cs[i] = NULL; /* in norm: resolve_cells points it there */
	t->verbatim = 0;
	if (t->miss[i] == MISS_EMPTY ? len == 0 : t->miss[i] == MISS_SET &&
	    val_set_has(f->missing, s, len)) {
		t->state[i] = CELL_MISSING;
		if (f->c.required || f->pk) {
			constraint_error(t, f, &f->c, "required", s, len, 0, 0);
			t->state[i] = CELL_BAD;
		}
		return;
	}
	if (f->type == VT_LIST) {
		if (check_list(t, f, s, len, &nitems) != 0)
			goto bad;
	} else if (val_parse(f, f->type, s, len, &t->vals[i], &t->norm) != 0) {
		type_error(t, f, f->type, s, len, 0);
		goto bad;
	}
	t->nlen[i] = t->norm.len - t->noff[i];
	what = val_check(&f->c, f->type, t->norm.p + t->noff[i], t->nlen[i],
	    &t->vals[i], nitems);
	if (what != NULL) {
		constraint_error(t, f, &f->c, what, s, len,
		    f->type == VT_LIST ? nitems : val_utf8_len(s, len), 0);
		goto bad;
	}
	t->state[i] = CELL_OK;
	return;
bad:
	t->norm.len = t->noff[i];
	t->nlen[i] = 0;
	t->state[i] = CELL_BAD;
}

/* Simple pattern and enum of a string field, on the cell as written. */
static inline int
string_ok(const struct val_constraints *c, const char *s, size_t len)
{
	const struct val_pattern *p = c->pattern;

	if (p != NULL) {
		const unsigned char *u = (const unsigned char *)s;
		unsigned acc = 1;
		size_t k = 0;
		if (len < p->min || len > p->max)
			return 0;
		/* four independent lookups a step; cls[] is 0 or 1 */
		for (; k + 4 <= len; k += 4)
			acc &= (unsigned)p->cls[u[k]] & p->cls[u[k + 1]] &
			    p->cls[u[k + 2]] & p->cls[u[k + 3]];
		for (; k < len; k++)
			acc &= p->cls[u[k]];
		if (!acc)
			return 0;
	}
	return c->enumset == NULL || val_set_has(c->enumset, s, len);
}

/*
 * The plan's check of cell i: accepts only cells already in normal form
 * that pass, with the result check_cell would give. Returns 0 when done,
 * -1 to leave the cell to check_cell (norm unchanged).
 */
static inline int
fast_cell(struct val_table *t, size_t i, const char *s, size_t len)
{
	const struct val_field *f = &t->s->f[i];

	if (len == 0) {
		if (t->miss[i] != MISS_EMPTY || f->c.required || f->pk)
			return -1;
		t->cs[i] = s;
		t->nlen[i] = 0;
		t->state[i] = CELL_MISSING;
		return 0;
	}
	if (is_space(s[0]) || is_space(s[len - 1]))
		return -1;
	switch (t->fast[i]) {
	case FAST_STRING:
		if (!string_ok(&f->c, s, len))
			return -1;
		break;
	case FAST_INTEGER: {
		int64_t v = 0;
		/* Canonical decimal only: no sign, no leading zero. */
		if (len > 18 || (s[0] == '0' && len > 1))
			return -1;
		for (size_t k = 0; k < len; k++) {
			unsigned d = (unsigned char)s[k] - '0';
			if (d > 9)
				return -1;
			v = v * 10 + d;
		}
		if ((f->c.has_min && v < f->c.min.i) || (f->c.has_max &&
		    v > f->c.max.i))
			return -1;
		t->vals[i].i = v;
		break;
	}
	case FAST_DATE: {
		static const unsigned char mdays[13] = {0, 31, 29, 31, 30, 31,
		    30, 31, 31, 30, 31, 30, 31};
		unsigned dg[8], y, m, d;
		static const unsigned char at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
		if (len != 10 || s[4] != '-' || s[7] != '-')
			return -1;
		for (int k = 0; k < 8; k++)
			if ((dg[k] = (unsigned char)s[at[k]] - '0') > 9)
				return -1;
		y = dg[0] * 1000 + dg[1] * 100 + dg[2] * 10 + dg[3];
		m = dg[4] * 10 + dg[5];
		d = dg[6] * 10 + dg[7];
		if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m] ||
		    (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
		    y % 400 == 0))))
			return -1;
		t->vals[i].i = val_days_from_civil(y, m, d);
		break;
	}
	case FAST_BOOLEAN:
		if (val_set_has(f->truev, s, len)) {
			t->vals[i].i = 1;
			t->verbatim &= len == 4 && memcmp(s, "true", 4) == 0;
			s = "true";
			len = 4;
		} else if (val_set_has(f->falsev, s, len)) {
			t->vals[i].i = 0;
			t->verbatim &= len == 5 && memcmp(s, "false", 5) == 0;
			s = "false";
			len = 5;
		} else
			return -1;
		break;
	case FAST_LIST_ENUM: {
		const char *p = s, *end = s + len;
		size_t n = 0;
		for (;;) {
			const char *d = memchr(p, '|', (size_t)(end - p));
			const char *ie = d != NULL ? d : end;
			size_t il = (size_t)(ie - p);
			if (il == 0 || is_space(p[0]) || is_space(p[il - 1]) ||
			    !val_set_has(f->item.enumset, p, il))
				return -1;
			n++;
			if (d == NULL)
				break;
			p = d + 1;
		}
		if ((f->c.has_minlen && n < f->c.minlen) || (f->c.has_maxlen &&
		    n > f->c.maxlen))
			return -1;
		break;
	}
	default:
		return -1;
	}
	t->cs[i] = s;
	t->nlen[i] = len;
	t->state[i] = CELL_OK;
	return 0;
}

/* Points the cells normalised into t->norm there (it does not move any
 * more during the row). */
static void
resolve_cells(struct val_table *t)
{
	if (t->verbatim)
		return; /* every cell is in the row */
	for (size_t i = 0; i < t->s->nf; i++)
		if (t->cs[i] == NULL)
			t->cs[i] = t->norm.p + t->noff[i];
}

/* Normalised values of fields idx[0..n) joined by 0x1f into t->key. */
static int
make_key(struct val_table *t, const size_t *idx, size_t n, const char *pre)
{
	t->key.len = 0;
	if (pre != NULL) {
		size_t l = strlen(pre);
		val_buf_reserve(&t->key, l + 1);
		memcpy(t->key.p, pre, l);
		t->key.len = l;
		t->key.p[t->key.len++] = '\x1f';
	}
	for (size_t k = 0; k < n; k++) {
		size_t i = idx[k];
		if (t->state[i] != CELL_OK)
			return -1;
		val_buf_reserve(&t->key, t->nlen[i] + 1);
		if (k > 0)
			t->key.p[t->key.len++] = '\x1f';
		memcpy(t->key.p + t->key.len, t->cs[i],
		    t->nlen[i]);
		t->key.len += t->nlen[i];
	}
	return 0;
}

/* "a, b" from the key, for messages (0x1f shown as ", "). */
static void
key_words(const struct val_table *t, char *dst, size_t dstlen, size_t skip)
{
	char tmp[200];
	size_t n = 0;

	for (size_t i = skip; i < t->key.len && n + 3 < sizeof(tmp); i++) {
		if (t->key.p[i] == '\x1f') {
			tmp[n++] = ',';
			tmp[n++] = ' ';
		} else
			tmp[n++] = t->key.p[i];
	}
	val_quote(dst, dstlen, tmp, n);
}

static void
field_names(const struct val_schema *s, const size_t *idx, size_t n,
    char *dst, size_t dstlen)
{
	size_t w = 0;

	dst[0] = '\0';
	for (size_t k = 0; k < n && w < dstlen; k++)
		w += (size_t)snprintf(dst + w, dstlen - w, "%s%s",
		    k > 0 ? ", " : "", s->f[idx[k]].name);
}

/* Was this key used by an earlier row? 1 with *first, else 0. */
static int
seen(struct val_table *t, unsigned kind, const char *key, size_t len,
    const struct tip_csv_row *r, uint64_t *first)
{
	int rc;

	if (t->uq == NULL)
		return 0;
	if (t->pass2)
		rc = val_uniq_dup(t->uq, kind, r->recno, first);
	else
		rc = val_uniq_put(t->uq, kind, key, len, r->recno, r->offset,
		    first);
	if (rc < 0) {
		val_table_ioerror(t, errno);
		return 0;
	}
	return rc;
}

static void
check_unique(struct val_table *t, const struct tip_csv_row *r)
{
	char q[80], names[160];
	uint64_t first;

	for (size_t u = 0; u < t->nuniqf; u++) {
		size_t i = t->uniqf[u];
		const struct val_field *f = &t->s->f[i];
		struct val_rowerr *e;
		if (t->state[i] != CELL_OK)
			continue;
		if (!seen(t, (unsigned)i, t->cs[i], t->nlen[i], r,
		    &first))
			continue;
		e = val_row_err(t, VE_CONSTRAINT, f->name,
		    t->cs[i], t->nlen[i]);
		if (e == NULL)
			continue;
		val_quote(q, sizeof(q), e->value, e->vlen);
		snprintf(e->msg, sizeof(e->msg), "constraint unique: %s "
		    "duplicates row %llu", q, (unsigned long long)first);
		snprintf(e->words, sizeof(e->words), "%s %s is already used in "
		    "row %llu; each row needs its own.", f->title, q,
		    (unsigned long long)first);
	}
	if (t->s->npk == 0)
		return;
	if (t->s->npk == 1) {
		/* The key of one field is its normalised value. */
		size_t i = t->s->pk[0];
		if (t->state[i] != CELL_OK || !seen(t, (unsigned)t->s->nf,
		    t->cs[i], t->nlen[i], r, &first))
			return;
		(void)make_key(t, t->s->pk, 1, NULL);
	} else if (make_key(t, t->s->pk, t->s->npk, NULL) != 0 ||
	    !seen(t, (unsigned)t->s->nf, t->key.p, t->key.len, r, &first))
		return;
	field_names(t->s, t->s->pk, t->s->npk, names, sizeof(names));
	key_words(t, q, sizeof(q), 0);
	struct val_rowerr *e = val_row_err(t, VE_PRIMARY_KEY,
	    t->s->f[t->s->pk[0]].name, t->cs[t->s->pk[0]],
	    t->nlen[t->s->pk[0]]);
	if (e == NULL)
		return;
	/* names is cut so that the whole message fits msg */
	snprintf(e->msg, sizeof(e->msg), "primary key (%.120s) %s duplicates "
	    "row %llu", names, q, (unsigned long long)first);
	if (t->s->npk == 1)
		snprintf(e->words, sizeof(e->words), "%s %s is already used "
		    "in row %llu; each row needs its own.",
		    t->s->f[t->s->pk[0]].title, q, (unsigned long long)first);
	else
		snprintf(e->words, sizeof(e->words), "Row %llu already has the "
		    "same %s (%s); each combination may appear only once.",
		    (unsigned long long)first, names, q);
}

static void
check_fks(struct val_table *t)
{
	char q[80];

	for (size_t k = 0; k < t->s->nfk; k++) {
		const struct val_fk *fk = &t->s->fk[k];
		const struct val_field *f = &t->s->f[fk->fields[0]];
		const char *prog = fk->scope_programme ? t->sub->programme : NULL;
		struct val_rowerr *e;
		if (t->fkset[k] != NULL) {
			/* One field, scope applied: the value alone. */
			size_t i = fk->fields[0];
			if (t->state[i] != CELL_OK || val_set_has(t->fkset[k],
			    t->cs[i], t->nlen[i]))
				continue;
			(void)make_key(t, fk->fields, 1, prog);
		} else if (make_key(t, fk->fields, fk->nf, prog) != 0 ||
		    val_set_has(fk->set, t->key.p, t->key.len))
			continue;
		e = val_row_err(t, VE_FOREIGN_KEY, f->name,
		    t->cs[fk->fields[0]], t->nlen[fk->fields[0]]);
		if (e == NULL)
			continue;
		key_words(t, q, sizeof(q), prog != NULL ? strlen(prog) + 1 : 0);
		if (prog != NULL) {
			snprintf(e->msg, sizeof(e->msg), "foreign key: %s is not "
			    "in %s.%s for programme %s", q, fk->resource,
			    fk->rfields[0], prog);
			snprintf(e->words, sizeof(e->words), "%s %s is not a "
			    "country of programme %s.", f->title, q, prog);
		} else {
			snprintf(e->msg, sizeof(e->msg), "foreign key: %s is not "
			    "in %s.%s", q, fk->resource, fk->rfields[0]);
			snprintf(e->words, sizeof(e->words), "%s %s is not a "
			    "known code (see the %s list).", f->title, q,
			    fk->resource);
		}
	}
}

static int
op_holds(enum val_op op, int c)
{
	switch (op) {
	case VOP_LT: return c < 0;
	case VOP_LE: return c <= 0;
	case VOP_GT: return c > 0;
	case VOP_GE: return c >= 0;
	case VOP_EQ: return c == 0;
	case VOP_NE: return c != 0;
	}
	return 0;
}

static void
check_rules(struct val_table *t)
{
	for (size_t k = 0; k < t->s->nrules; k++) {
		const struct val_rule *r = &t->s->rules[k];
		const struct val_field *f = &t->s->f[r->left];
		struct val_rowerr *e;
		if (t->state[r->left] != CELL_OK)
			continue;
		if (r->kind == VR_COMPARE) {
			if (t->state[r->right] != CELL_OK ||
			    op_holds(r->op, val_cmp(f->type, &t->vals[r->left],
			    &t->vals[r->right])))
				continue;
		} else {
			int64_t d = t->vals[r->left].i;
			if (!t->sub->have_period ||
			    (d >= t->sub->period_first - r->lag_days &&
			    d <= t->sub->period_last))
				continue;
		}
		e = val_row_err(t, VE_ROW_CONSTRAINT, f->name,
		    t->cs[r->left], t->nlen[r->left]);
		if (e == NULL)
			continue;
		snprintf(e->msg, sizeof(e->msg), "row rule %s: %s", r->id,
		    r->message);
		snprintf(e->words, sizeof(e->words), "The row breaks a rule: "
		    "%s.", r->message);
	}
}

void
val_row_check(struct val_table *t, const struct tip_csv_row *r)
{
	const struct val_schema *s = t->s;
	struct val_rowerr *e;
	size_t nonblank = 0;

	t->nerr = 0;
	t->norm.len = 0;
	if (r->flags & (TIP_CSV_ROW_NUL | TIP_CSV_ROW_BADUTF8)) {
		int nul = (r->flags & TIP_CSV_ROW_NUL) != 0;
		e = val_row_err(t, VE_ENCODING, "", NULL, 0);
		snprintf(e->msg, sizeof(e->msg), "%s", nul ? "row contains a "
		    "NUL byte" : "row is not valid UTF-8");
		snprintf(e->words, sizeof(e->words), "This row %s; save the "
		    "file as CSV UTF-8 and check the row.", nul ? "contains a "
		    "hidden NUL character" : "has characters that are not "
		    "UTF-8 text");
		return;
	}
	for (size_t c = 0; c < r->n && nonblank == 0; c++) {
		const char *p = r->f[c].s;
		size_t l = r->f[c].len;
		trim(&p, &l);
		nonblank += l > 0;
	}
	if (nonblank == 0) {
		e = val_row_err(t, VE_BLANK_ROW, "", NULL, 0);
		snprintf(e->msg, sizeof(e->msg), "row is blank");
		snprintf(e->words, sizeof(e->words), "This row is empty; "
		    "delete it.");
		return;
	}
	if (r->n > t->ncols || (r->flags & TIP_CSV_ROW_TOOMANY)) {
		int v = r->n > t->ncols;
		e = val_row_err(t, VE_EXTRA_CELL, "", v ? r->f[t->ncols].s :
		    NULL, v ? r->f[t->ncols].len : 0);
		snprintf(e->msg, sizeof(e->msg), "row has %s%zu cells, the "
		    "header %zu", (r->flags & TIP_CSV_ROW_TOOMANY) ? "over " :
		    "", r->n, t->ncols);
		snprintf(e->words, sizeof(e->words), "This row has more cells "
		    "(%zu) than the header has columns (%zu); look for a stray "
		    "comma.", r->n, t->ncols);
	}
	for (size_t c = r->n; c < t->ncols; c++) {
		long fi = t->colfield[c];
		const char *name = fi >= 0 ? s->f[fi].name : "";
		e = val_row_err(t, VE_MISSING_CELL, name, NULL, 0);
		if (e == NULL)
			break;
		snprintf(e->msg, sizeof(e->msg), "row has %zu cells, the header "
		    "%zu: no cell for '%s'", r->n, t->ncols, name);
		snprintf(e->words, sizeof(e->words), "This row stops before "
		    "the column %s; a cell is missing.", name);
	}
	/* Cells in normal form stay where they are (the row's fields); the
	 * others are normalised into t->norm. A row whose every cell stays,
	 * in schema order, without quotes, is its raw bytes (verbatim). */
	t->verbatim = t->ident && r->n == s->nf &&
	    !(r->flags & TIP_CSV_ROW_QUOTES);
	if (t->uq != NULL && !t->pass2 && s->npk == 1) {
		/* The key's slot loads while the cells are checked. */
		long c = t->fieldcol[s->pk[0]];
		if (c >= 0 && (size_t)c < r->n)
			val_uniq_prefetch(t->uq, (unsigned)s->nf, r->f[c].s,
			    r->f[c].len);
	}
	for (size_t i = 0; i < s->nf; i++) {
		long c = t->fieldcol[i];
		if (c < 0) {
			/* Optional column absent from the header. */
			t->state[i] = CELL_MISSING;
			t->cs[i] = "";
			t->nlen[i] = 0;
			t->verbatim = 0;
			continue;
		}
		if ((size_t)c >= r->n) {
			t->state[i] = CELL_ABSENT;
			t->cs[i] = "";
			t->nlen[i] = 0;
			t->verbatim = 0;
			continue;
		}
		if (t->fast[i] == FAST_NONE || fast_cell(t, i, r->f[c].s,
		    r->f[c].len) != 0)
			check_cell(t, i, r->f[c].s, r->f[c].len);
	}
	resolve_cells(t);
	check_unique(t, r);
	check_fks(t);
	check_rules(t);
}

int
val_row_key(struct val_table *t, const struct tip_csv_row *r, unsigned kind,
    struct val_buf *out)
{
	const struct val_schema *s = t->s;
	size_t one = kind, n = 1;
	const size_t *idx = &one;

	t->nerr = 0;
	t->norm.len = 0;
	out->len = 0;
	if (r->flags & (TIP_CSV_ROW_NUL | TIP_CSV_ROW_BADUTF8))
		return 1;
	if (kind >= s->nf) {
		idx = s->pk;
		n = s->npk;
	}
	for (size_t k = 0; k < n; k++) {
		size_t i = idx[k];
		long c = t->fieldcol[i];
		if (c < 0 || (size_t)c >= r->n)
			return 1;
		check_cell(t, i, r->f[c].s, r->f[c].len);
		if (t->state[i] != CELL_OK)
			return 1;
	}
	resolve_cells(t);
	if (make_key(t, idx, n, NULL) != 0)
		return 1;
	val_buf_reserve(out, t->key.len);
	if (t->key.len > 0)
		memcpy(out->p, t->key.p, t->key.len);
	out->len = t->key.len;
	return 0;
}
