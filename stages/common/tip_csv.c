/*
 * CSV reader: libcsv in strict mode, fed one physical line at a time so
 * each record keeps its verbatim bytes, row number and offset. A line that
 * lies whole in the caller's chunk and holds no quote, NUL or bare CR is
 * split on commas here instead (the fast path: one SIMD scan for commas,
 * line feeds and the bytes that need libcsv over a copy of the chunk's
 * complete lines): for such a line libcsv would end the row at its line
 * end and cut fields at every comma, so the events are the same
 * (tests/unit/test_csv_fast.c and
 * tests/fuzz/validate/fuzz_splitter.c compare both paths). Anything else
 * (quotes, caps reached, blank lines, lines split over chunks) goes
 * through libcsv as before.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <zlib.h>

#include "tip_csv.h"

struct tip_csv {
	struct csv_parser p;
	struct tip_csv_opts o;
	tip_csv_row_fn fn;
	void *ctx;

	char *raw;             /* current record's bytes */
	size_t rawlen, rawcap;
	char *fbuf;            /* field bytes, NUL after each */
	char *work;            /* the fast path's copy of complete lines */
	size_t wcap;
	size_t flen, fcap;
	size_t *foff;          /* field start offsets into fbuf */
	size_t *flens;
	struct tip_csv_field *fields;
	size_t nf;
	unsigned flags;
	int pending;           /* libcsv ended a row; waiting for its LF */

	uint64_t recno;        /* records delivered */
	uint64_t pos;          /* bytes consumed after a BOM */
	uint64_t lines;        /* LFs consumed */
	uint64_t rec_offset, rec_line;

	unsigned char head[3]; /* first bytes, held until the BOM is decided */
	size_t nhead;
	int started;

	int slow;              /* 1: never use the fast path */
	int (*scan)(struct tip_csv *, const char *, char *, size_t, size_t *);

	int status;            /* non-zero once stopped */
	enum tip_csv_err err;
	uint64_t erroff, errline;
	char errmsg[192];
};

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

struct tip_csv *
tip_csv_new(const struct tip_csv_opts *opts, tip_csv_row_fn fn, void *ctx)
{
	struct tip_csv *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	if (opts != NULL)
		c->o = *opts;
	if (c->o.max_field == 0)
		c->o.max_field = 64 * 1024;
	if (c->o.max_record == 0)
		c->o.max_record = 1024 * 1024;
	if (c->o.max_fields == 0)
		c->o.max_fields = 256;
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)
	    != 0) {
		free(c);
		return NULL;
	}
	csv_set_space_func(&c->p, no_space);
	c->fn = fn;
	c->ctx = ctx;
	c->foff = calloc(c->o.max_fields, sizeof(*c->foff));
	c->flens = calloc(c->o.max_fields, sizeof(*c->flens));
	c->fields = calloc(c->o.max_fields, sizeof(*c->fields));
	if (c->foff == NULL || c->flens == NULL || c->fields == NULL) {
		tip_csv_free(c);
		return NULL;
	}
	return c;
}

void
tip_csv_free(struct tip_csv *c)
{
	if (c == NULL)
		return;
	csv_free(&c->p);
	free(c->raw);
	free(c->fbuf);
	free(c->work);
	free(c->foff);
	free(c->flens);
	free(c->fields);
	free(c);
}

static int
grow(char **buf, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 256;
	char *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = realloc(*buf, n);
	if (p == NULL)
		return -1;
	*buf = p;
	*cap = n;
	return 0;
}

static void
fail(struct tip_csv *c, enum tip_csv_err kind, const char *what)
{
	if (c->status != 0)
		return;
	c->err = kind;
	c->status = -1;
	c->erroff = c->rec_offset;
	c->errline = c->rec_line;
	snprintf(c->errmsg, sizeof(c->errmsg), "%s in record at line %llu "
	    "(byte %llu)", what, (unsigned long long)c->rec_line,
	    (unsigned long long)c->rec_offset);
}

static void
on_field(void *s, size_t len, void *data)
{
	struct tip_csv *c = data;

	if (c->status != 0)
		return;
	if (c->pending) {
		/* libcsv began a new row after a bare CR ended one. */
		fail(c, TIP_CSV_EBARECR, "carriage return without line feed");
		return;
	}
	if (c->nf >= c->o.max_fields) {
		c->flags |= TIP_CSV_ROW_TOOMANY;
		return;
	}
	if (len > c->o.max_field) {
		fail(c, TIP_CSV_ETOOLONG, "field longer than the cap");
		return;
	}
	if (grow(&c->fbuf, &c->fcap, c->flen + len + 1) != 0) {
		fail(c, TIP_CSV_ETOOLONG, "out of memory");
		return;
	}
	if (len > 0)
		memcpy(c->fbuf + c->flen, s, len);
	c->fbuf[c->flen + len] = '\0';
	c->foff[c->nf] = c->flen;
	c->flens[c->nf] = len;
	c->flen += len + 1;
	c->nf++;
}

static void
on_row(int term, void *data)
{
	struct tip_csv *c = data;

	(void)term;
	if (c->status != 0)
		return;
	if (c->pending) {
		fail(c, TIP_CSV_EBARECR, "carriage return without line feed");
		return;
	}
	c->pending = 1;
}

int
tip_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		/* ASCII fast path: 8 bytes at a time. */
		while (end - p >= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			if (w & 0x8080808080808080ULL)
				break;
			p += 8;
		}
		if (p == end)
			break;
		if (*p < 0x80) {
			p++;
			continue;
		}
		unsigned cp;
		int n;
		if ((*p & 0xE0) == 0xC0) {
			cp = *p & 0x1F;
			n = 1;
		} else if ((*p & 0xF0) == 0xE0) {
			cp = *p & 0x0F;
			n = 2;
		} else if ((*p & 0xF8) == 0xF0) {
			cp = *p & 0x07;
			n = 3;
		} else
			return 0;
		if (end - p <= n)
			return 0;
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i] & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		p += n + 1;
	}
	return 1;
}

static void
reset_record(struct tip_csv *c)
{
	c->rawlen = 0;
	c->flen = 0;
	c->nf = 0;
	c->flags = 0;
	c->pending = 0;
}

/* What deliver_raw still has to look for in the raw bytes. */
enum { SCAN_ALL = 0, SCAN_UTF8 = 1, SCAN_NONE = 2 };

/*
 * Hands the record to the callback; raw[0..len) are its bytes. scan says
 * what is already known of them: SCAN_UTF8 no NUL or quote, SCAN_NONE no
 * NUL or quote and plain ASCII.
 */
static int
deliver_raw(struct tip_csv *c, const char *raw, size_t len, unsigned extra,
    int scan)
{
	struct tip_csv_row r;
	int rc;

	c->recno++;
	r.f = c->fields;
	r.n = (extra & TIP_CSV_ROW_BLANK) ? 0 : c->nf;
	r.recno = c->recno;
	r.line = c->rec_line;
	r.offset = c->rec_offset;
	r.raw = raw;
	r.rawlen = len;
	r.flags = c->flags | extra;
	if (scan == SCAN_ALL && len > 0 && memchr(raw, '\0', len) != NULL)
		r.flags |= TIP_CSV_ROW_NUL;
	if (scan == SCAN_ALL && len > 0 && memchr(raw, '"', len) != NULL)
		r.flags |= TIP_CSV_ROW_QUOTES;
	if (scan != SCAN_NONE && !tip_utf8_valid(r.raw, len))
		r.flags |= TIP_CSV_ROW_BADUTF8;
	rc = c->fn(c->ctx, &r);
	reset_record(c);
	if (rc != 0) {
		c->status = rc;
		c->err = TIP_CSV_ESTOPPED;
		snprintf(c->errmsg, sizeof(c->errmsg), "stopped by caller");
	}
	return rc;
}

static int
deliver(struct tip_csv *c, unsigned extra)
{
	size_t len = c->rawlen;

	while (len > 0 && (c->raw[len - 1] == '\n' || c->raw[len - 1] == '\r'))
		len--;
	for (size_t i = 0; i < c->nf; i++) {
		c->fields[i].s = c->fbuf + c->foff[i];
		c->fields[i].len = c->flens[i];
	}
	return deliver_raw(c, c->raw != NULL ? c->raw : "", len, extra,
	    SCAN_ALL);
}

/*
 * The fast path. Complete lines of the caller's chunk are copied (at most
 * SCAN_WINDOW bytes at a time) into c->work, followed by SCAN_PAD zero
 * bytes, and scanned 64 bytes at a time for commas, line feeds and the
 * bytes that need libcsv; fields are cut in the copy (a NUL after each),
 * raw bytes still come from the chunk.
 */
enum { SCAN_WINDOW = 1024 * 1024, SCAN_PAD = 64 };

/* Bit i of each mask tells about byte p[i]. */
struct masks {
	uint64_t comma, nl, bad, cr, hi; /* bad: '"' or NUL */
};

#if defined(__SSE2__)
#include <emmintrin.h>

static inline void
block_masks(const char *p, struct masks *m)
{
	const __m128i comma = _mm_set1_epi8(','), nl = _mm_set1_epi8('\n'),
	    quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'),
	    zero = _mm_setzero_si128();

	m->comma = m->nl = m->bad = m->cr = m->hi = 0;
	for (int k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
		    (p + 16 * k));
		int sh = 16 * k;
		m->comma |= (uint64_t)(unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, comma)) << sh;
		m->nl |= (uint64_t)(unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, nl)) << sh;
		m->bad |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, zero))) << sh;
		m->cr |= (uint64_t)(unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, cr)) << sh;
		m->hi |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << sh;
	}
}
#else
static inline void
block_masks(const char *p, struct masks *m)
{
	m->comma = m->nl = m->bad = m->cr = m->hi = 0;
	for (int i = 0; i < 64; i++) {
		unsigned char b = (unsigned char)p[i];
		uint64_t bit = (uint64_t)1 << i;
		m->comma |= b == ',' ? bit : 0;
		m->nl |= b == '\n' ? bit : 0;
		m->bad |= b == '"' || b == '\0' ? bit : 0;
		m->cr |= b == '\r' ? bit : 0;
		m->hi |= b >= 0x80 ? bit : 0;
	}
}
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TIP_CSV_AVX2 1
#include <immintrin.h>

/* The same masks 32 bytes at a time, where the CPU has AVX2. */
__attribute__((target("avx2"))) static inline void
block_masks_avx2(const char *p, struct masks *m)
{
	const __m256i comma = _mm256_set1_epi8(','),
	    nl = _mm256_set1_epi8('\n'), quote = _mm256_set1_epi8('"'),
	    cr = _mm256_set1_epi8('\r'), zero = _mm256_setzero_si256();
	__m256i a = _mm256_loadu_si256((const __m256i *)(const void *)p);
	__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)
	    (p + 32));

#define MASK64(x) ((uint64_t)(uint32_t)_mm256_movemask_epi8(x(a)) | \
	    (uint64_t)(uint32_t)_mm256_movemask_epi8(x(b)) << 32)
#define IS_COMMA(v) _mm256_cmpeq_epi8(v, comma)
#define IS_NL(v) _mm256_cmpeq_epi8(v, nl)
#define IS_BAD(v) _mm256_or_si256(_mm256_cmpeq_epi8(v, quote), \
	    _mm256_cmpeq_epi8(v, zero))
#define IS_CR(v) _mm256_cmpeq_epi8(v, cr)
#define ITSELF(v) (v)
	m->comma = MASK64(IS_COMMA);
	m->nl = MASK64(IS_NL);
	m->bad = MASK64(IS_BAD);
	m->cr = MASK64(IS_CR);
	m->hi = MASK64(ITSELF);
#undef MASK64
#undef IS_COMMA
#undef IS_NL
#undef IS_BAD
#undef IS_CR
#undef ITSELF
}
#endif

/* 0, 1 or 2 for no, one or several bits set (no popcount instruction on
 * the baseline x86-64). */
static inline unsigned
few_bits(uint64_t x)
{
	return (x != 0) + ((x & (x - 1)) != 0);
}

/* Bits lo..hi-1 (0 <= lo <= hi <= 64). */
static inline uint64_t
bits(unsigned lo, unsigned hi)
{
	uint64_t top = hi >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << hi) - 1;

	return lo >= 64 ? 0 : top & ~(((uint64_t)1 << lo) - 1);
}

/*
 * Delivers the complete lines of s[0..n) (s[n - 1] is a LF) from the
 * start of a record, w being a copy of s with SCAN_PAD zero bytes after
 * it, while they need no libcsv: not blank, no quote or NUL, no CR but
 * one just before the LF, within the caps (for such a line libcsv would
 * end the row at its line end and cut fields at every comma, so the
 * events are the same). *used gets the bytes consumed: n, or the start of
 * the first line libcsv must take. Returns as deliver.
 */
static inline __attribute__((always_inline)) int
scan_body(struct tip_csv *c, const char *s, char *w, size_t n,
    size_t *used, int avx2)
{
	const size_t maxf = c->o.max_fields, maxlen = c->o.max_field;
	size_t ls = 0, fs = 0, nf = 0;
	uint64_t bad = 0, hi = 0;
	unsigned ncr = 0;
	int over = 0, rc;

	*used = 0;
	for (size_t b = 0; b < n; b += 64) {
		struct masks m;
		uint64_t valid = n - b >= 64 ? ~(uint64_t)0 :
		    ((uint64_t)1 << (n - b)) - 1;
		uint64_t ev, r;
		unsigned lb = ls > b ? (unsigned)(ls - b) : 0;
#ifdef TIP_CSV_AVX2
		if (avx2)
			block_masks_avx2(w + b, &m);
		else
#endif
			block_masks(w + b, &m);
		ev = (m.comma | m.nl) & valid;
		while (ev != 0) {
			unsigned i = (unsigned)__builtin_ctzll(ev);
			size_t p = b + i, e = p;
			ev &= ev - 1;
			if ((m.comma >> i) & 1) {
				if (nf == maxf || p - fs > maxlen)
					over = 1;
				else {
					w[p] = '\0';
					c->fields[nf].s = w + fs;
					c->fields[nf].len = p - fs;
					nf++;
				}
				fs = p + 1;
				continue;
			}
			/* The line feed of the line [ls, p). */
			r = bits(lb, i);
			bad |= m.bad & r;
			hi |= m.hi & r;
			ncr += few_bits(m.cr & r);
			if (ncr == 1 && p > ls && w[p - 1] == '\r') {
				e = p - 1;
				ncr = 0;
			}
			if (bad != 0 || ncr != 0 || over || e == ls ||
			    p + 1 - ls > c->o.max_record || nf == maxf ||
			    e - fs > maxlen) {
				*used = ls;
				return 0;
			}
			w[e] = '\0';
			c->fields[nf].s = w + fs;
			c->fields[nf].len = e - fs;
			c->nf = nf + 1;
			c->rec_offset = c->pos;
			c->rec_line = c->lines + 1;
			c->pos += p + 1 - ls;
			c->lines++;
			rc = deliver_raw(c, s + ls, e - ls, 0, hi != 0 ? SCAN_UTF8 :
			    SCAN_NONE);
			*used = p + 1;
			if (rc != 0)
				return rc;
			ls = fs = p + 1;
			nf = 0;
			bad = hi = 0;
			ncr = 0;
			over = 0;
			lb = i + 1;
		}
		r = bits(lb, 64) & valid;
		bad |= m.bad & r;
		hi |= m.hi & r;
		ncr += few_bits(m.cr & r);
	}
	*used = ls;
	return 0;
}

static int
scan_lines_base(struct tip_csv *c, const char *s, char *w, size_t n,
    size_t *used)
{
	return scan_body(c, s, w, n, used, 0);
}

#ifdef TIP_CSV_AVX2
__attribute__((target("avx2"))) static int
scan_lines_avx2(struct tip_csv *c, const char *s, char *w, size_t n,
    size_t *used)
{
	return scan_body(c, s, w, n, used, 1);
}
#endif

/* The best scanner this CPU runs; level 2 asks for the baseline one. */
static int (*pick_scanner(int level))(struct tip_csv *, const char *,
    char *, size_t, size_t *)
{
#ifdef TIP_CSV_AVX2
	if (level != 2 && __builtin_cpu_supports("avx2"))
		return scan_lines_avx2;
#endif
	(void)level;
	return scan_lines_base;
}

/* One piece of one line: ends with LF, or is the end of the input chunk. */
static int
feed_piece(struct tip_csv *c, const char *s, size_t n, int has_lf)
{
	if (c->rawlen == 0) {
		c->rec_offset = c->pos;
		c->rec_line = c->lines + 1;
	}
	if (c->rawlen + n > c->o.max_record) {
		fail(c, TIP_CSV_ETOOLONG, "record longer than the cap");
		return -1;
	}
	if (grow(&c->raw, &c->rawcap, c->rawlen + n + 1) != 0) {
		fail(c, TIP_CSV_ETOOLONG, "out of memory");
		return -1;
	}
	memcpy(c->raw + c->rawlen, s, n);
	c->rawlen += n;
	c->raw[c->rawlen] = '\0';
	if (csv_parse(&c->p, s, n, on_field, on_row, c) != n &&
	    c->status == 0) {
		fail(c, TIP_CSV_EQUOTE, csv_error(&c->p) == CSV_EPARSE ?
		    "misplaced quote" : "field longer than the cap");
	}
	c->pos += n;
	if (has_lf)
		c->lines++;
	if (c->status != 0)
		return c->status;
	if (!has_lf)
		return 0;
	if (c->pending)
		return deliver(c, 0);
	if (c->p.pstate == 0 && c->nf == 0)
		return deliver(c, TIP_CSV_ROW_BLANK); /* libcsv skipped it */
	return 0; /* a quoted field goes on over the line end */
}

/* Can the next line take the fast path? libcsv must be between rows
 * (pstate 0: ROW_NOT_BEGUN) with nothing of a record pending. */
static inline int
at_record_start(const struct tip_csv *c)
{
	return !c->slow && c->rawlen == 0 && !c->pending && c->p.pstate == 0;
}

static int
feed_body(struct tip_csv *c, const char *s, size_t len)
{
	const char *w0 = NULL, *s0 = s; /* the copy w0 of s0[0..wn) */
	size_t wn = 0;

	if (c->scan == NULL)
		c->scan = pick_scanner(1);
	while (len > 0) {
		const char *nl;
		size_t n;
		int rc;
		if (at_record_start(c)) {
			size_t off = (size_t)(s - s0), used;
			if (off >= wn) {
				/* Copy the complete lines of the next window. */
				size_t win = len < SCAN_WINDOW ? len : SCAN_WINDOW;
				const char *last = memrchr(s, '\n', win);
				s0 = s;
				off = 0;
				wn = last != NULL ? (size_t)(last - s) + 1 : 0;
				if (wn > 0) {
					if (grow(&c->work, &c->wcap, wn + SCAN_PAD)
					    != 0)
						wn = 0;
					else {
						memcpy(c->work, s, wn);
						memset(c->work + wn, 0, SCAN_PAD);
						w0 = c->work;
					}
				}
			}
			if (off < wn) {
				rc = c->scan(c, s, (char *)w0 + off, wn - off,
				    &used);
				s += used;
				len -= used;
				if (rc != 0)
					return rc;
				if (len == 0)
					break;
				if ((size_t)(s - s0) >= wn && at_record_start(c))
					continue; /* the next window */
			}
		}
		/* One line (or the rest of the chunk) through libcsv. */
		nl = memchr(s, '\n', len);
		n = nl != NULL ? (size_t)(nl - s) + 1 : len;
		rc = feed_piece(c, s, n, nl != NULL);
		if (rc != 0)
			return rc;
		s += n;
		len -= n;
	}
	return 0;
}

static int
start(struct tip_csv *c)
{
	static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
	size_t skip = 0;

	c->started = 1;
	if (c->nhead == 3 && memcmp(c->head, bom, 3) == 0)
		skip = 3;
	return feed_body(c, (const char *)c->head + skip, c->nhead - skip);
}

int
tip_csv_feed(struct tip_csv *c, const void *buf, size_t len)
{
	const char *s = buf;

	if (c->status != 0)
		return c->status;
	if (!c->started) {
		while (len > 0 && c->nhead < 3) {
			c->head[c->nhead++] = (unsigned char)*s++;
			len--;
		}
		if (c->nhead < 3)
			return 0;
		int rc = start(c);
		if (rc != 0)
			return rc;
	}
	return feed_body(c, s, len);
}

int
tip_csv_finish(struct tip_csv *c)
{
	int rc;

	if (c->status != 0)
		return c->status;
	if (!c->started && (rc = start(c)) != 0)
		return rc;
	if (c->rawlen == 0 && !c->pending)
		return 0;
	if (c->rawlen == 0) {
		c->rec_offset = c->pos;
		c->rec_line = c->lines + 1;
	}
	if (csv_fini(&c->p, on_field, on_row, c) != 0 && c->status == 0)
		fail(c, TIP_CSV_EQUOTE, "unterminated quoted field");
	if (c->status != 0)
		return c->status;
	if (c->pending)
		return deliver(c, 0);
	return 0;
}

void
tip_csv_set_fastpath(struct tip_csv *c, int on)
{
	c->slow = !on;
	c->scan = pick_scanner(on);
}

enum tip_csv_err
tip_csv_errkind(const struct tip_csv *c)
{
	return c->err;
}

const char *
tip_csv_errmsg(const struct tip_csv *c)
{
	return c->errmsg;
}

uint64_t
tip_csv_erroffset(const struct tip_csv *c)
{
	return c->erroff;
}

uint64_t
tip_csv_errline(const struct tip_csv *c)
{
	return c->errline;
}

uint64_t
tip_csv_records(const struct tip_csv *c)
{
	return c->recno;
}

int
tip_csv_read_path(struct tip_csv *c, const char *path)
{
	enum { BUFSZ = 256 * 1024 };
	size_t plen = strlen(path);
	int rc = 0;
	char *buf = malloc(BUFSZ);

	if (buf == NULL)
		return -2;

	if (plen > 3 && strcmp(path + plen - 3, ".gz") == 0) {
		gzFile gz = gzopen(path, "rb");
		int n;
		if (gz == NULL) {
			free(buf);
			return -2;
		}
		while ((n = gzread(gz, buf, BUFSZ)) > 0)
			if ((rc = tip_csv_feed(c, buf, (size_t)n)) != 0)
				break;
		int err;
		if (n < 0 || (gzerror(gz, &err), err != Z_OK && err != Z_BUF_ERROR)) {
			gzclose(gz);
			free(buf);
			errno = EIO;
			return -2;
		}
		if (gzclose(gz) != Z_OK && rc == 0) {
			free(buf);
			errno = EIO;
			return -2;
		}
	} else {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		ssize_t n;
		if (fd < 0) {
			free(buf);
			return -2;
		}
		while ((n = read(fd, buf, BUFSZ)) > 0)
			if ((rc = tip_csv_feed(c, buf, (size_t)n)) != 0)
				break;
		int e = errno;
		close(fd);
		if (n < 0) {
			free(buf);
			errno = e;
			return -2;
		}
	}
	free(buf);
	return rc != 0 ? rc : tip_csv_finish(c);
}
