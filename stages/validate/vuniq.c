/*
 * Bounded-memory exact uniqueness index: an in-memory table up to a fixed
 * size, hash-partitioned spill files beyond it, an external merge sort of
 * the duplicates for the second pass. The design is in vuniq.h. Not here:
 * reading records or normalising keys (the caller's key_fn does that).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "tip_datadir.h"
#include "vset.h"
#include "vuniq.h"

enum {
	PBITS = 7,
	NPART = 1 << PBITS,
	WBUFSZ = 16 * 1024,
	RBUFSZ = 24 * 2730,          /* about 64 KiB of records */
	SORTMEM = 4 * 1024 * 1024,   /* bytes of records per sorted run */
	FANIN = 64,
};

#define ROWBITS 40
#define ROWMASK ((UINT64_C(1) << ROWBITS) - 1)

/* Spill record: a hash, b kind << 40 | row, c offset.
 * Dup record: a row, b kind, c first row. */
struct rec {
	uint64_t a, b, c;
};

/* A temp file written through a buffer; fd -1 until the first record. */
struct wfile {
	int fd;
	char *buf;
	size_t len;
	uint64_t n;
};

/* Sequential reader of records from fd, from byte pos on. */
struct rfile {
	int fd;
	uint64_t pos, end;       /* bytes */
	char *buf;
	size_t bi, bn, cap;
};

struct val_uniq {
	struct val_uniq_opts o;
	val_uniq_key_fn fn;
	void *ctx;
	uint64_t seed;

	uint64_t *h, *kr, *off;  /* the table: hash (0 = free), kind|row, offset */
	uint8_t *tag;            /* 0 free, else tag_of(h): a probe reads
	                            this small array, h only on a match */
	size_t cap, n, maxcap;

	struct wfile *part;      /* level-0 spill files (NPART), or NULL */
	uint64_t spilled;
	struct wfile dups;
	int64_t late;

	struct rfile rd;         /* pass 2: sorted dups */
	struct rec cur;
	int have_cur;

	struct val_buf ka, kb;   /* keys being compared */

	/* the key of the last prefetch and its hash */
	const char *pf_key;
	size_t pf_len;
	unsigned pf_kind;
	uint64_t pf_hash;
};

static int
tmp_open(const struct val_uniq *u)
{
	const char *dir = u->o.tmpdir;
	char *p;
	int fd;

	if (dir == NULL && (dir = getenv("TMPDIR")) == NULL)
		dir = "/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR &&
	    errno != EINVAL))
		return fd;
	p = tip_strdupf("%s/.tip-uniq-XXXXXX", dir);
	fd = mkostemp(p, O_CLOEXEC);
	if (fd >= 0)
		(void)unlink(p);
	free(p);
	return fd;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
wfile_flush(struct wfile *w)
{
	int rc = w->len > 0 ? write_all(w->fd, w->buf, w->len) : 0;

	w->len = 0;
	return rc;
}

static int
wfile_put(const struct val_uniq *u, struct wfile *w, const struct rec *r)
{
	if (w->fd < 0) {
		if ((w->fd = tmp_open(u)) < 0)
			return -1;
		if (w->buf == NULL)
			w->buf = tip_xmalloc(WBUFSZ);
		w->len = 0;
	}
	if (w->len + sizeof(*r) > WBUFSZ && wfile_flush(w) != 0)
		return -1;
	memcpy(w->buf + w->len, r, sizeof(*r));
	w->len += sizeof(*r);
	w->n++;
	return 0;
}

static void
wfile_close(struct wfile *w)
{
	if (w->fd >= 0)
		close(w->fd);
	free(w->buf);
	w->fd = -1;
	w->buf = NULL;
	w->len = 0;
	w->n = 0;
}

static void
rfile_init(struct rfile *r, int fd, uint64_t pos, uint64_t end, size_t cap)
{
	r->fd = fd;
	r->pos = pos;
	r->end = end;
	r->cap = cap - cap % sizeof(struct rec);
	if (r->buf == NULL)
		r->buf = tip_xmalloc(r->cap);
	r->bi = r->bn = 0;
}

/* Next record: 1, 0 at the end, -1 on a read error. */
static int
rfile_next(struct rfile *r, struct rec *out)
{
	if (r->bi == r->bn) {
		uint64_t want = r->end - r->pos;
		ssize_t n;
		if (want == 0)
			return 0;
		if (want > r->cap)
			want = r->cap;
		do
			n = pread(r->fd, r->buf, (size_t)want, (off_t)r->pos);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return -1;
		if (n == 0 || n % (ssize_t)sizeof(*out) != 0) {
			errno = EIO;
			return -1;
		}
		r->pos += (uint64_t)n;
		r->bi = 0;
		r->bn = (size_t)n;
	}
	memcpy(out, r->buf + r->bi, sizeof(*out));
	r->bi += sizeof(*out);
	return 1;
}

struct val_uniq *
val_uniq_new(const struct val_uniq_opts *o, val_uniq_key_fn fn, void *ctx)
{
	struct val_uniq *u = tip_xcalloc(1, sizeof(*u));

	if (o != NULL)
		u->o = *o;
	if (u->o.max_keys == 0)
		u->o.max_keys = 131072;
	u->fn = fn;
	u->ctx = ctx;
	/* A random seed: nobody can craft keys that collide (a collision
	 * costs only a re-read). The outputs do not depend on it. */
	if (getrandom(&u->seed, sizeof(u->seed), GRND_NONBLOCK) !=
	    sizeof(u->seed))
		u->seed = (uint64_t)getpid() * 0x9E3779B97F4A7C15ULL;
	u->maxcap = 16;
	while (u->maxcap < 2 * u->o.max_keys)
		u->maxcap *= 2;
	u->cap = u->maxcap < 1024 ? u->maxcap : 1024;
	u->h = tip_xcalloc(u->cap, sizeof(*u->h));
	u->kr = tip_xmalloc(u->cap * sizeof(*u->kr));
	u->off = tip_xmalloc(u->cap * sizeof(*u->off));
	u->tag = tip_xcalloc(u->cap, sizeof(*u->tag));
	u->dups.fd = -1;
	u->rd.fd = -1;
	return u;
}

static void
parts_close(struct wfile *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < NPART; i++)
		wfile_close(&p[i]);
	free(p);
}

static struct wfile *
parts_new(void)
{
	struct wfile *p = tip_xcalloc(NPART, sizeof(*p));

	for (int i = 0; i < NPART; i++)
		p[i].fd = -1;
	return p;
}

void
val_uniq_free(struct val_uniq *u)
{
	if (u == NULL)
		return;
	free(u->h);
	free(u->kr);
	free(u->off);
	free(u->tag);
	parts_close(u->part);
	wfile_close(&u->dups);
	if (u->rd.fd >= 0)
		close(u->rd.fd);
	free(u->rd.buf);
	val_buf_release(&u->ka);
	val_buf_release(&u->kb);
	free(u);
}

uint64_t
val_uniq_spilled(const struct val_uniq *u)
{
	return u->spilled;
}

/* 8 bits of the hash apart from those of slots and spill parts. */
static inline uint8_t
tag_of(uint64_t hash)
{
	uint8_t t = (uint8_t)(hash >> 32);

	return t != 0 ? t : 1;
}

static void
tab_grow(struct val_uniq *u)
{
	size_t ncap = 2 * u->cap;
	uint64_t *h = tip_xcalloc(ncap, sizeof(*h));
	uint64_t *kr = tip_xmalloc(ncap * sizeof(*kr));
	uint64_t *off = tip_xmalloc(ncap * sizeof(*off));
	uint8_t *tag = tip_xcalloc(ncap, sizeof(*tag));

	for (size_t j = 0; j < u->cap; j++) {
		if (u->h[j] == 0)
			continue;
		size_t i = (size_t)u->h[j] & (ncap - 1);
		while (tag[i] != 0)
			i = (i + 1) & (ncap - 1);
		h[i] = u->h[j];
		tag[i] = u->tag[j];
		kr[i] = u->kr[j];
		off[i] = u->off[j];
	}
	free(u->h);
	free(u->kr);
	free(u->off);
	free(u->tag);
	u->tag = tag;
	u->h = h;
	u->kr = kr;
	u->off = off;
	u->cap = ncap;
}

static void
tab_insert(struct val_uniq *u, uint64_t hash, uint64_t kr, uint64_t off)
{
	size_t i;

	if (2 * (u->n + 1) > u->cap && u->cap < u->maxcap)
		tab_grow(u);
	for (i = (size_t)hash & (u->cap - 1); u->tag[i] != 0;
	    i = (i + 1) & (u->cap - 1))
		;
	u->h[i] = hash;
	u->tag[i] = tag_of(hash);
	u->kr[i] = kr;
	u->off[i] = off;
	u->n++;
}

static void
tab_reset(struct val_uniq *u, uint64_t expect)
{
	size_t c = 16;

	/* Clear only what about expect entries need: a spill part is small
	 * next to the whole table (the arrays keep their size). */
	while (c < 2 * expect && c < u->cap)
		c *= 2;
	if (c > u->cap)
		c = u->cap;
	memset(u->h, 0, c * sizeof(*u->h));
	memset(u->tag, 0, c * sizeof(*u->tag));
	u->cap = c;
	u->n = 0;
}

/*
 * An earlier entry with the same key as the record (key, or, when key is
 * NULL, the one key_fn gives for curoff)? 1 with *first, 0, -1.
 */
static int
tab_find(struct val_uniq *u, uint64_t hash, unsigned kind, const char *key,
    size_t len, uint64_t curoff, uint64_t *first)
{
	size_t mask = u->cap - 1;
	uint8_t t = tag_of(hash);

	for (size_t i = (size_t)hash & mask; u->tag[i] != 0;
	    i = (i + 1) & mask) {
		int rc;
		if (u->tag[i] != t || u->h[i] != hash ||
		    (u->kr[i] >> ROWBITS) != kind)
			continue;
		if (key == NULL) {
			rc = u->fn(u->ctx, kind, curoff, &u->ka);
			if (rc != 0)
				return rc < 0 ? -1 : 0;
			key = u->ka.p != NULL ? u->ka.p : "";
			len = u->ka.len;
		}
		rc = u->fn(u->ctx, kind, u->off[i], &u->kb);
		if (rc < 0)
			return -1;
		if (rc == 0 && u->kb.len == len && (len == 0 ||
		    memcmp(u->kb.p, key, len) == 0)) {
			*first = u->kr[i] & ROWMASK;
			return 1;
		}
	}
	return 0;
}

static unsigned
part_of(uint64_t hash, int level)
{
	int shift = 64 - PBITS * (level + 1);

	return shift >= 0 ? (unsigned)(hash >> shift) & (NPART - 1) : 0;
}

static int
note_dup(struct val_uniq *u, uint64_t row, unsigned kind, uint64_t first)
{
	struct rec d = {row, kind, first};

	return wfile_put(u, &u->dups, &d);
}

static inline uint64_t
key_hash(const struct val_uniq *u, unsigned kind, const char *key,
    size_t len)
{
	uint64_t hash = val_hash(key, len, u->seed ^ (kind + 1) *
	    0xC2B2AE3D27D4EB4FULL);

	if (u->o.hashmask != 0)
		hash &= u->o.hashmask;
	return hash != 0 ? hash : 1;
}

void
val_uniq_prefetch(struct val_uniq *u, unsigned kind, const char *key,
    size_t len)
{
	u->pf_key = key;
	u->pf_len = len;
	u->pf_kind = kind;
	u->pf_hash = key_hash(u, kind, key, len);
	if (u->tag != NULL)
		__builtin_prefetch(&u->tag[(size_t)u->pf_hash & (u->cap - 1)]);
}

int
val_uniq_put(struct val_uniq *u, unsigned kind, const char *key, size_t len,
    uint64_t row, uint64_t off, uint64_t *first)
{
	uint64_t hash;
	int rc;

	if (key == u->pf_key && len == u->pf_len && kind == u->pf_kind &&
	    key != NULL)
		hash = u->pf_hash;
	else
		hash = key_hash(u, kind, key, len);
	u->pf_key = NULL;
	if (row > ROWMASK) {
		errno = EFBIG;
		return -1;
	}
	rc = tab_find(u, hash, kind, key, len, off, first);
	if (rc != 0)
		return rc < 0 ? -1 : note_dup(u, row, kind, *first) != 0 ? -1 : 1;
	if (u->n < u->o.max_keys) {
		tab_insert(u, hash, (uint64_t)kind << ROWBITS | row, off);
		return 0;
	}
	if (u->part == NULL)
		u->part = parts_new();
	struct rec r = {hash, (uint64_t)kind << ROWBITS | row, off};
	u->spilled++;
	return wfile_put(u, &u->part[part_of(hash, 0)], &r) != 0 ? -1 : 0;
}

/* Resolves every spill file of a set of level `level`; closes them. */
static int
resolve_set(struct val_uniq *u, struct wfile *parts, int level)
{
	struct rfile rd = {0};
	int rc = 0;

	for (int p = 0; p < NPART && rc == 0; p++) {
		struct wfile *w = &parts[p];
		struct wfile *sub = NULL;
		struct rec r;
		int k;
		if (w->n == 0)
			continue;
		if (wfile_flush(w) != 0) {
			rc = -1;
			break;
		}
		tab_reset(u, w->n < u->o.max_keys ? w->n : u->o.max_keys);
		rfile_init(&rd, w->fd, 0, w->n * sizeof(r), RBUFSZ);
		while ((k = rfile_next(&rd, &r)) == 1) {
			unsigned kind = (unsigned)(r.b >> ROWBITS);
			uint64_t first;
			int f = tab_find(u, r.a, kind, NULL, 0, r.c, &first);
			if (f < 0) {
				rc = -1;
				break;
			}
			if (f == 1) {
				u->late++;
				if (note_dup(u, r.b & ROWMASK, kind, first) != 0) {
					rc = -1;
					break;
				}
			} else if (u->n < u->o.max_keys) {
				tab_insert(u, r.a, r.b, r.c);
			} else {
				if (sub == NULL)
					sub = parts_new();
				if (wfile_put(u, &sub[part_of(r.a, level + 1)],
				    &r) != 0) {
					rc = -1;
					break;
				}
			}
		}
		if (k < 0)
			rc = -1;
		wfile_close(w);
		if (rc == 0 && sub != NULL)
			rc = resolve_set(u, sub, level + 1);
		parts_close(sub);
	}
	free(rd.buf);
	return rc;
}

static int
rec_cmp(const void *x, const void *y)
{
	const struct rec *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return 0;
}

struct run {
	uint64_t start, n; /* in records */
};

/* Merges runs[0..k) of fd into out. Returns 0 or -1. */
static int
merge(const struct val_uniq *u, int fd, const struct run *runs, size_t k,
    struct wfile *out)
{
	struct rfile *rd = tip_xcalloc(k, sizeof(*rd));
	struct rec *head = tip_xmalloc(k * sizeof(*head));
	size_t *heap = tip_xmalloc(k * sizeof(*heap)), nh = 0;
	size_t bufsz = SORTMEM / FANIN;
	int rc = 0;

	for (size_t i = 0; i < k && rc == 0; i++) {
		int g;
		rfile_init(&rd[i], fd, runs[i].start * sizeof(struct rec),
		    (runs[i].start + runs[i].n) * sizeof(struct rec), bufsz);
		if ((g = rfile_next(&rd[i], &head[i])) < 0)
			rc = -1;
		else if (g == 1) {
			/* sift up */
			size_t j = nh++;
			heap[j] = i;
			while (j > 0 && rec_cmp(&head[heap[(j - 1) / 2]],
			    &head[heap[j]]) > 0) {
				size_t t = heap[j];
				heap[j] = heap[(j - 1) / 2];
				heap[(j - 1) / 2] = t;
				j = (j - 1) / 2;
			}
		}
	}
	while (rc == 0 && nh > 0) {
		size_t top = heap[0], j = 0;
		int g;
		if (wfile_put(u, out, &head[top]) != 0) {
			rc = -1;
			break;
		}
		if ((g = rfile_next(&rd[top], &head[top])) < 0) {
			rc = -1;
			break;
		}
		if (g == 0)
			heap[0] = heap[--nh];
		for (;;) {
			size_t l = 2 * j + 1, m = j;
			if (l < nh && rec_cmp(&head[heap[l]], &head[heap[m]]) < 0)
				m = l;
			if (l + 1 < nh && rec_cmp(&head[heap[l + 1]],
			    &head[heap[m]]) < 0)
				m = l + 1;
			if (m == j)
				break;
			size_t t = heap[j];
			heap[j] = heap[m];
			heap[m] = t;
			j = m;
		}
	}
	for (size_t i = 0; i < k; i++)
		free(rd[i].buf);
	free(rd);
	free(head);
	free(heap);
	return rc;
}

/* Sorts the dup file by (row, kind); leaves u->rd reading the result. */
static int
sort_dups(struct val_uniq *u)
{
	/* Runs as big as the table was (16 records at least). */
	size_t per = 2 * u->o.max_keys < SORTMEM / sizeof(struct rec) ?
	    2 * u->o.max_keys : SORTMEM / sizeof(struct rec);
	struct rec *buf = tip_xmalloc((per < 16 ? 16 : per) * sizeof(*buf));
	struct wfile runsf = {.fd = -1};
	struct run *runs = NULL;
	size_t nruns = 0;
	struct rfile rd = {0};
	uint64_t total = u->dups.n;
	int rc = 0, k = 1;

	if (per < 16)
		per = 16;
	if (wfile_flush(&u->dups) != 0) {
		free(buf);
		return -1;
	}
	/* Sorted runs of `per` records, one after the other in runsf. */
	rfile_init(&rd, u->dups.fd, 0, total * sizeof(struct rec), RBUFSZ);
	while (rc == 0 && k == 1) {
		size_t n = 0;
		while (n < per && (k = rfile_next(&rd, &buf[n])) == 1)
			n++;
		if (k < 0)
			rc = -1;
		if (n == 0)
			break;
		qsort(buf, n, sizeof(*buf), rec_cmp);
		runs = tip_xrealloc(runs, (nruns + 1) * sizeof(*runs));
		runs[nruns].start = runsf.n;
		runs[nruns].n = n;
		nruns++;
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = wfile_put(u, &runsf, &buf[i]);
	}
	free(rd.buf);
	free(buf);
	wfile_close(&u->dups);
	if (rc == 0)
		rc = wfile_flush(&runsf);
	/* 64-way merges until one run is left. */
	while (rc == 0 && nruns > 1) {
		struct wfile next = {.fd = -1};
		size_t nn = 0;
		for (size_t i = 0; i < nruns && rc == 0; i += FANIN) {
			size_t k2 = nruns - i < FANIN ? nruns - i : FANIN;
			uint64_t start = next.n;
			rc = merge(u, runsf.fd, runs + i, k2, &next);
			runs[nn].start = start;
			runs[nn].n = next.n - start;
			nn++;
		}
		if (rc == 0)
			rc = wfile_flush(&next);
		wfile_close(&runsf);
		runsf = next;
		nruns = nn;
	}
	free(runs);
	if (rc != 0) {
		wfile_close(&runsf);
		return -1;
	}
	free(runsf.buf);
	rfile_init(&u->rd, runsf.fd, 0, total * sizeof(struct rec), RBUFSZ);
	u->have_cur = 0;
	return 0;
}

int64_t
val_uniq_resolve(struct val_uniq *u)
{
	struct wfile *parts = u->part;
	int g;

	u->part = NULL;
	if (parts != NULL && resolve_set(u, parts, 0) != 0) {
		parts_close(parts);
		return -1;
	}
	parts_close(parts);
	/* The table is not needed any more. */
	free(u->h);
	free(u->kr);
	free(u->off);
	free(u->tag);
	u->h = u->kr = u->off = NULL;
	u->tag = NULL;
	u->cap = u->n = 0;
	if (u->late == 0) {
		wfile_close(&u->dups);
		return 0;
	}
	if (sort_dups(u) != 0)
		return -1;
	g = rfile_next(&u->rd, &u->cur);
	if (g < 0)
		return -1;
	u->have_cur = g;
	return u->late;
}

int
val_uniq_dup(struct val_uniq *u, unsigned kind, uint64_t row,
    uint64_t *first)
{
	while (u->have_cur && (u->cur.a < row || (u->cur.a == row &&
	    u->cur.b < kind))) {
		int g = rfile_next(&u->rd, &u->cur);
		if (g < 0)
			return -1;
		u->have_cur = g;
	}
	if (u->have_cur && u->cur.a == row && u->cur.b == kind) {
		*first = u->cur.c;
		return 1;
	}
	return 0;
}
