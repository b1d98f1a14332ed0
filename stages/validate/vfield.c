/*
 * Hand-written parsers for the Table Schema types (no strtol, no
 * strptime, no allocation) and the per-field constraint checks.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tip_datadir.h"
#include "vfield.h"

void
val_buf_grow(struct val_buf *b, size_t more)
{
	size_t need = b->len + more + 1, n = b->cap ? b->cap : 256;

	if (need <= b->cap)
		return;
	while (n < need)
		n *= 2;
	b->p = tip_xrealloc(b->p, n);
	b->cap = n;
}

void
val_buf_release(struct val_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

static inline void
put(struct val_buf *b, const char *s, size_t len)
{
	val_buf_put(b, s, len);
}

int64_t
val_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void
val_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static unsigned
mdays(int64_t y, unsigned m)
{
	static const unsigned char n[12] = {31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : n[m - 1];
}

/* Exactly n digits at s. Returns the value or -1. */
static long
digits(const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static void
put_date(struct val_buf *out, int64_t y, unsigned m, unsigned d)
{
	char tmp[16];

	val_buf_reserve(out, 10);
	tmp[0] = (char)('0' + y / 1000 % 10);
	tmp[1] = (char)('0' + y / 100 % 10);
	tmp[2] = (char)('0' + y / 10 % 10);
	tmp[3] = (char)('0' + y % 10);
	tmp[4] = '-';
	tmp[5] = (char)('0' + m / 10);
	tmp[6] = (char)('0' + m % 10);
	tmp[7] = '-';
	tmp[8] = (char)('0' + d / 10);
	tmp[9] = (char)('0' + d % 10);
	put(out, tmp, 10);
}

static int
parse_date(const struct val_datefmt *fmt, const char *s, size_t len,
    struct val_value *v, struct val_buf *out)
{
	long y = -1, m = -1, d = -1;

	if (fmt == NULL) {
		if (len != 10 || s[4] != '-' || s[7] != '-')
			return -1;
		y = digits(s, 4);
		m = digits(s + 5, 2);
		d = digits(s + 8, 2);
	} else {
		size_t p = 0;
		for (size_t t = 0; t < fmt->n; t++) {
			char k = fmt->tok[t];
			size_t w;
			long x;
			if (fmt->lit[t]) {
				if (p >= len || s[p] != k)
					return -1;
				p++;
				continue;
			}
			/* %Y: 4 digits; %y: 2; %m and %d: 1 or 2. */
			w = k == 'Y' ? 4 : 2;
			if (k == 'm' || k == 'd') {
				w = 0;
				while (p + w < len && w < 2 && s[p + w] >= '0' &&
				    s[p + w] <= '9')
					w++;
				if (w == 0)
					return -1;
			}
			if (p + w > len || (x = digits(s + p, w)) < 0)
				return -1;
			p += w;
			if (k == 'Y')
				y = x;
			else if (k == 'y')
				y = x < 69 ? 2000 + x : 1900 + x;
			else if (k == 'm')
				m = x;
			else
				d = x;
		}
		if (p != len)
			return -1;
	}
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > (long)mdays(y, (unsigned)m))
		return -1;
	v->i = val_days_from_civil(y, (unsigned)m, (unsigned)d);
	put_date(out, y, (unsigned)m, (unsigned)d);
	return 0;
}

static int
parse_int(const char *s, size_t len, int64_t *r)
{
	size_t i = 0;
	int neg = 0;
	uint64_t v = 0;

	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		unsigned c = (unsigned char)s[i] - '0';
		if (c > 9)
			return -1;
		if (v > (UINT64_MAX - c) / 10)
			return -1;
		v = v * 10 + c;
	}
	if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
		return -1;
	*r = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

static void
put_int(struct val_buf *out, int64_t x)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (x < 0)
		*--p = '-';
	put(out, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* [+-]digits[.digits][e[+-]digits], or .digits; NaN, INF, -INF. */
static int
parse_number(const char *s, size_t len, double *r)
{
	char tmp[64], *end;
	size_t i = 0, nd = 0;

	if (len == 3 && memcmp(s, "NaN", 3) == 0) {
		*r = NAN;
		return 0;
	}
	if ((len == 3 && memcmp(s, "INF", 3) == 0) ||
	    (len == 4 && memcmp(s, "+INF", 4) == 0)) {
		*r = INFINITY;
		return 0;
	}
	if (len == 4 && memcmp(s, "-INF", 4) == 0) {
		*r = -INFINITY;
		return 0;
	}
	if (len == 0 || len >= sizeof(tmp))
		return -1;
	if (s[i] == '+' || s[i] == '-')
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, nd++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, nd++;
	}
	if (nd == 0)
		return -1;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t ne = 0;
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, ne++;
		if (ne == 0)
			return -1;
	}
	if (i != len)
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	*r = strtod(tmp, &end);
	return end == tmp + len ? 0 : -1;
}

int
val_parse(const struct val_field *f, enum val_type t, const char *s,
    size_t len, struct val_value *v, struct val_buf *out)
{
	long y, m;

	switch (t) {
	case VT_STRING:
		put(out, s, len);
		return 0;
	case VT_INTEGER:
		if (parse_int(s, len, &v->i) != 0)
			return -1;
		put_int(out, v->i);
		return 0;
	case VT_NUMBER:
		if (parse_number(s, len, &v->d) != 0)
			return -1;
		if (len > 0 && s[0] == '+')
			s++, len--;
		put(out, s, len);
		return 0;
	case VT_BOOLEAN:
		if (val_set_has(f->truev, s, len)) {
			v->i = 1;
			put(out, "true", 4);
		} else if (val_set_has(f->falsev, s, len)) {
			v->i = 0;
			put(out, "false", 5);
		} else
			return -1;
		return 0;
	case VT_DATE:
		return parse_date(f->datefmt, s, len, v, out);
	case VT_YEAR:
		if (len != 4 || (y = digits(s, 4)) < 0)
			return -1;
		v->i = y;
		put(out, s, 4);
		return 0;
	case VT_YEARMONTH:
		if (len != 7 || s[4] != '-' || (y = digits(s, 4)) < 0 ||
		    (m = digits(s + 5, 2)) < 1 || m > 12)
			return -1;
		v->i = y * 12 + m - 1;
		put(out, s, 7);
		return 0;
	case VT_LIST:
		break;
	}
	return -1;
}

size_t
val_utf8_len(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

int
val_pattern_match(const struct val_pattern *p, const char *s, size_t len)
{
	char tmp[1024];
	char *z;
	int rc;

	if (p->simple) {
		if (len < p->min || len > p->max)
			return 0;
		for (size_t i = 0; i < len; i++)
			if (!p->cls[(unsigned char)s[i]])
				return 0;
		return 1;
	}
	/* regexec wants a NUL-terminated string. */
	if (len < sizeof(tmp)) {
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		return regexec(&p->re, tmp, 0, NULL, 0) == 0;
	}
	z = tip_xmalloc(len + 1);
	memcpy(z, s, len);
	z[len] = '\0';
	rc = regexec(&p->re, z, 0, NULL, 0) == 0;
	free(z);
	return rc;
}

int
val_cmp(enum val_type t, const struct val_value *a, const struct val_value *b)
{
	if (t == VT_NUMBER)
		return a->d < b->d ? -1 : a->d > b->d;
	return a->i < b->i ? -1 : a->i > b->i;
}

const char *
val_check(const struct val_constraints *c, enum val_type t, const char *norm,
    size_t nlen, const struct val_value *v, size_t nitems)
{
	if (c->has_min && val_cmp(t, v, &c->min) < 0)
		return "minimum";
	if (c->has_max && val_cmp(t, v, &c->max) > 0)
		return "maximum";
	if (c->has_minlen || c->has_maxlen) {
		size_t n = t == VT_LIST ? nitems : val_utf8_len(norm, nlen);
		if (c->has_minlen && n < c->minlen)
			return "minLength";
		if (c->has_maxlen && n > c->maxlen)
			return "maxLength";
	}
	if (c->pattern != NULL && !val_pattern_match(c->pattern, norm, nlen))
		return "pattern";
	if (c->enumset != NULL && !val_set_has(c->enumset, norm, nlen))
		return "enum";
	return NULL;
}

int
val_period_days(const char *p, int64_t *first, int64_t *last)
{
	long y;
	unsigned q;

	if (strlen(p) != 6 || p[4] != 'Q' || (y = digits(p, 4)) < 1 ||
	    p[5] < '1' || p[5] > '4')
		return -1;
	q = (unsigned)(p[5] - '0');
	*first = val_days_from_civil(y, 3 * q - 2, 1);
	*last = val_days_from_civil(y, 3 * q, mdays(y, 3 * q));
	return 0;
}

const char *
val_type_expect(const struct val_field *f, enum val_type t)
{
	switch (t) {
	case VT_STRING:
		return "text";
	case VT_INTEGER:
		return "a whole number (like 42)";
	case VT_NUMBER:
		return "a number (like 3.5)";
	case VT_BOOLEAN:
		return "true or false";
	case VT_DATE:
		return f->datefmt == NULL ? "a date written YYYY-MM-DD "
		    "(like 2010-03-31)" : "a date in the format given";
	case VT_YEAR:
		return "a year (like 2010)";
	case VT_YEARMONTH:
		return "a month written YYYY-MM (like 2010-03)";
	case VT_LIST:
		return "a list";
	}
	return "?";
}
