/*
 * One table: the header check, the reading loop over tip_csv, and the
 * three outputs (accepted rows, reject lines, feedback lines). The checks
 * of a data row are in vrow.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tip_csvout.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "vtable_int.h"

/* Accepted output copied from the source at most this much at a time;
 * writeback of the accepted file is started this often. */
enum {
	STRETCH_MAX = 8 * 1024 * 1024,
	SYNC_EVERY = 8 * 1024 * 1024,
};

static const char *const code_names[VE_NCODES] = {
	"type-error", "constraint-error", "missing-cell", "extra-cell",
	"blank-row", "primary-key", "foreign-key", "row-constraint",
	"encoding-error", "source-error", "missing-label", "extra-label",
	"duplicate-label", "blank-label",
};

const char *
val_code_name(enum val_code c)
{
	return (unsigned)c < VE_NCODES ? code_names[c] : "?";
}

static int row_cb(void *ctx, const struct tip_csv_row *r);

void
val_table_ioerror(struct val_table *t, int err)
{
	if (!t->ioerr) {
		t->ioerr = 1;
		t->ioerrno = err != 0 ? err : EIO;
	}
}

static void
io_check(struct val_table *t, int rc)
{
	if (rc != 0)
		val_table_ioerror(t, errno);
}

/* Constraints c has besides required and unique, as flags. */
enum { C_MINMAX = 1, C_LEN = 2, C_PATTERN = 4, C_ENUM = 8 };

static unsigned
constraint_set(const struct val_constraints *c)
{
	return (c->has_min || c->has_max ? C_MINMAX : 0) | (c->has_minlen ||
	    c->has_maxlen ? C_LEN : 0) | (c->pattern != NULL ? C_PATTERN : 0) |
	    (c->enumset != NULL ? C_ENUM : 0);
}

static unsigned char
fast_kind(const struct val_field *f)
{
	unsigned c = constraint_set(&f->c);

	switch (f->type) {
	case VT_STRING:
		if ((c & ~(unsigned)(C_PATTERN | C_ENUM)) == 0 &&
		    (f->c.pattern == NULL || f->c.pattern->simple))
			return FAST_STRING;
		break;
	case VT_INTEGER:
		if ((c & ~(unsigned)C_MINMAX) == 0)
			return FAST_INTEGER;
		break;
	case VT_BOOLEAN:
		if (c == 0)
			return FAST_BOOLEAN;
		break;
	case VT_DATE:
		if (c == 0 && f->datefmt == NULL)
			return FAST_DATE;
		break;
	case VT_LIST:
		if (f->itemtype == VT_STRING && f->delim == '|' &&
		    (c & ~(unsigned)C_LEN) == 0 && constraint_set(&f->item) ==
		    C_ENUM)
			return FAST_LIST_ENUM;
		break;
	default:
		break;
	}
	return FAST_NONE;
}

/*
 * The check plan: missing values that are only "" become a length test,
 * and a foreign key of one field is looked up on the cell's value alone,
 * its programme scope applied here once (the set of "P\x1fv" keys with
 * P this submission's programme gives the set of v).
 */
static void
make_plan(struct val_table *t)
{
	const struct val_schema *s = t->s;

	t->miss = tip_xcalloc(s->nf ? s->nf : 1, 1);
	for (size_t i = 0; i < s->nf; i++) {
		const struct val_set *m = s->f[i].missing;
		if (val_set_count(m) == 0)
			t->miss[i] = MISS_NONE;
		else if (val_set_count(m) == 1 && val_set_len(m, 0) == 0)
			t->miss[i] = MISS_EMPTY;
		else
			t->miss[i] = MISS_SET;
	}
	t->fast = tip_xcalloc(s->nf ? s->nf : 1, 1);
	for (size_t i = 0; i < s->nf; i++)
		if (t->miss[i] != MISS_SET)
			t->fast[i] = fast_kind(&s->f[i]);
	t->uniqf = tip_xcalloc(s->nf ? s->nf : 1, sizeof(*t->uniqf));
	t->nuniqf = 0;
	for (size_t i = 0; i < s->nf; i++)
		if (s->f[i].c.unique && !s->f[i].unique_is_pk)
			t->uniqf[t->nuniqf++] = i;
	t->fkset = tip_xcalloc(s->nfk ? s->nfk : 1, sizeof(*t->fkset));
	t->fkown = tip_xcalloc(s->nfk ? s->nfk : 1, 1);
	for (size_t k = 0; k < s->nfk; k++) {
		const struct val_fk *fk = &s->fk[k];
		const char *prog;
		size_t pl, n;
		if (fk->nf != 1)
			continue;
		if (!fk->scope_programme) {
			t->fkset[k] = fk->set;
			continue;
		}
		if (t->sub == NULL || (prog = t->sub->programme) == NULL)
			continue;
		pl = strlen(prog);
		t->fkset[k] = val_set_new();
		t->fkown[k] = 1;
		n = val_set_count(fk->set);
		for (size_t x = 0; x < n; x++) {
			const char *e = val_set_at(fk->set, x);
			size_t el = val_set_len(fk->set, x);
			if (el > pl && memcmp(e, prog, pl) == 0 && e[pl] == '\x1f')
				val_set_add(t->fkset[k], e + pl + 1, el - pl - 1);
		}
	}
}

struct val_table *
val_table_new(const struct val_schema *s, const char *name,
    const struct val_sub *sub, const struct val_out *out,
    const struct tip_csv_opts *csvopts, struct val_first *first)
{
	struct val_table *t = tip_xcalloc(1, sizeof(*t));
	static const char *const rhead[] = {"row", "field", "code", "message",
	    "raw"};

	t->s = s;
	t->name = tip_xstrdup(name);
	t->sub = sub;
	t->out = *out;
	t->first = first;
	if (csvopts != NULL)
		t->csvopts = *csvopts;
	t->csv = tip_csv_new(csvopts, row_cb, t);
	if (t->csv == NULL)
		tip_die(TIP_EX_SOFTWARE, ENOMEM, "cannot start the CSV reader");
	t->noff = tip_xcalloc(s->nf, sizeof(*t->noff));
	t->cs = tip_xcalloc(s->nf ? s->nf : 1, sizeof(*t->cs));
	t->nlen = tip_xcalloc(s->nf, sizeof(*t->nlen));
	t->state = tip_xcalloc(s->nf, 1);
	t->vals = tip_xcalloc(s->nf, sizeof(*t->vals));
	t->errcap = 2 * s->nf + s->nfk + s->nrules + 4;
	t->errs = tip_xcalloc(t->errcap, sizeof(*t->errs));
	t->src_fd = -1;
	t->stretch_max = STRETCH_MAX;
	make_plan(t);
	if (t->out.rejects != NULL)
		io_check(t, tip_csv_putrow(t->out.rejects, rhead, 5,
		    TIP_CSV_EXACT));
	return t;
}

void
val_table_free(struct val_table *t)
{
	if (t == NULL)
		return;
	tip_csv_free(t->csv);
	free(t->name);
	free(t->colfield);
	free(t->fieldcol);
	for (size_t i = 0; i < t->nhdr; i++) {
		free(t->hdr[i].label);
		free(t->hdr[i].msg);
		free(t->hdr[i].words);
	}
	free(t->hdr);
	free(t->hdr_raw);
	val_buf_release(&t->norm);
	val_buf_release(&t->key);
	free(t->noff);
	free(t->cs);
	free(t->nlen);
	free(t->state);
	free(t->vals);
	free(t->errs);
	free(t->miss);
	free(t->uniqf);
	free(t->fast);
	for (size_t k = 0; k < t->s->nfk; k++)
		if (t->fkown[k])
			val_set_free(t->fkset[k]);
	free(t->fkset);
	free(t->fkown);
	val_uniq_free(t->uq);
	if (t->shadow != NULL) {
		/* its header is t's, borrowed */
		t->shadow->colfield = NULL;
		t->shadow->fieldcol = NULL;
		val_table_free(t->shadow);
	}
	val_buf_release(&t->line);
	free(t);
}

int
val_feedback_header(FILE *fp)
{
	static const char *const h[] = {"table", "row", "column", "value",
	    "problem"};

	return tip_csv_putrow(fp, h, 5, TIP_CSV_SPREADSHEET);
}

static void
note_first(struct val_table *t, uint64_t row, enum val_code code,
    const char *field, const char *msg)
{
	struct val_first *fe = t->first;

	if (fe == NULL || fe->n == VAL_FIRST_MAX)
		return;
	snprintf(fe->e[fe->n].table, sizeof(fe->e[0].table), "%s", t->name);
	fe->e[fe->n].row = row;
	snprintf(fe->e[fe->n].field, sizeof(fe->e[0].field), "%s", field);
	fe->e[fe->n].code = code;
	snprintf(fe->e[fe->n].message, sizeof(fe->e[0].message), "%s", msg);
	fe->n++;
}

/* One reject line; raw is the record (or, with rest_fd, the file rest). */
static void
put_reject(struct val_table *t, uint64_t row, enum val_code code,
    const char *field, const char *msg, const char *raw, size_t rawlen)
{
	FILE *fp = t->out.rejects;
	char num[24];

	t->nlines++;
	t->n.errors[code]++;
	note_first(t, row, code, field, msg);
	if (fp == NULL)
		return;
	snprintf(num, sizeof(num), "%llu", (unsigned long long)row);
	io_check(t, tip_csv_puts(fp, num, TIP_CSV_EXACT));
	io_check(t, putc(',', fp) == EOF);
	io_check(t, tip_csv_puts(fp, field, TIP_CSV_EXACT));
	io_check(t, putc(',', fp) == EOF);
	io_check(t, tip_csv_puts(fp, val_code_name(code), TIP_CSV_EXACT));
	io_check(t, putc(',', fp) == EOF);
	io_check(t, tip_csv_puts(fp, msg, TIP_CSV_EXACT));
	io_check(t, putc(',', fp) == EOF);
	if (raw != NULL)
		io_check(t, tip_csv_put(fp, raw, rawlen, TIP_CSV_EXACT));
}

static void
end_reject(struct val_table *t)
{
	if (t->out.rejects != NULL)
		io_check(t, putc('\n', t->out.rejects) == EOF);
}

static void
put_feedback(struct val_table *t, const char *row, const char *column,
    const char *value, size_t vlen, const char *words)
{
	FILE *fp = t->out.feedback;

	if (fp == NULL)
		return;
	io_check(t, tip_csv_puts(fp, t->name, TIP_CSV_SPREADSHEET));
	io_check(t, putc(',', fp) == EOF);
	io_check(t, tip_csv_puts(fp, row, TIP_CSV_SPREADSHEET));
	io_check(t, putc(',', fp) == EOF);
	io_check(t, tip_csv_puts(fp, column, TIP_CSV_SPREADSHEET));
	io_check(t, putc(',', fp) == EOF);
	io_check(t, tip_csv_put(fp, value != NULL ? value : "", value != NULL ?
	    vlen : 0, TIP_CSV_SPREADSHEET));
	io_check(t, putc(',', fp) == EOF);
	io_check(t, tip_csv_puts(fp, words, TIP_CSV_SPREADSHEET));
	io_check(t, putc('\n', fp) == EOF);
}

static void
add_hdr(struct val_table *t, enum val_code code, const char *label,
    char *msg, char *words)
{
	t->hdr = tip_xrealloc(t->hdr, (t->nhdr + 1) * sizeof(*t->hdr));
	t->hdr[t->nhdr].code = code;
	t->hdr[t->nhdr].label = tip_xstrdup(label);
	t->hdr[t->nhdr].msg = msg;
	t->hdr[t->nhdr].words = words;
	t->nhdr++;
}

static void
check_header(struct val_table *t, const struct tip_csv_row *r)
{
	const struct val_schema *s = t->s;

	t->ncols = r->n;
	t->colfield = tip_xcalloc(r->n + 1, sizeof(*t->colfield));
	t->fieldcol = tip_xcalloc(s->nf, sizeof(*t->fieldcol));
	t->hdr_raw = tip_xmalloc(r->rawlen + 1);
	memcpy(t->hdr_raw, r->raw, r->rawlen);
	t->hdr_rawlen = r->rawlen;
	for (size_t i = 0; i < s->nf; i++)
		t->fieldcol[i] = -1;
	if (r->n == 0 || (r->n == 1 && r->f[0].len == 0)) {
		add_hdr(t, VE_BLANK_LABEL, "", tip_xstrdup("header row is "
		    "empty"), tip_xstrdup("The first row must hold the column "
		    "names; it is empty. No row of this table was used."));
		return;
	}
	if (r->flags & TIP_CSV_ROW_TOOMANY)
		add_hdr(t, VE_EXTRA_LABEL, "", tip_strdupf("header has more "
		    "than %zu columns", r->n), tip_strdupf("The header has more "
		    "than %zu columns. No row of this table was used.", r->n));
	for (size_t c = 0; c < r->n; c++) {
		const char *l = r->f[c].s;
		size_t len = r->f[c].len;
		long fi;
		while (len > 0 && (*l == ' ' || *l == '\t'))
			l++, len--;
		while (len > 0 && (l[len - 1] == ' ' || l[len - 1] == '\t'))
			len--;
		t->colfield[c] = -1;
		if (len == 0) {
			add_hdr(t, VE_BLANK_LABEL, "", tip_strdupf("column %zu "
			    "has an empty name", c + 1), tip_strdupf("Column "
			    "%zu has no name in the header row. No row of this "
			    "table was used.", c + 1));
			continue;
		}
		fi = val_schema_field(s, l, len);
		char lab[200];
		snprintf(lab, sizeof(lab), "%.*s", (int)(len < 120 ? len : 120),
		    l);
		if (fi < 0) {
			add_hdr(t, VE_EXTRA_LABEL, lab, tip_strdupf("column '%s' "
			    "is not in the schema", lab), tip_strdupf("The "
			    "column '%s' is not expected in the %s table (check "
			    "the spelling). No row of this table was used.",
			    lab, t->name));
			continue;
		}
		if (t->fieldcol[fi] >= 0) {
			add_hdr(t, VE_DUPLICATE_LABEL, lab, tip_strdupf("column "
			    "'%s' appears twice (columns %ld and %zu)", lab,
			    t->fieldcol[fi] + 1, c + 1), tip_strdupf("The "
			    "column '%s' appears twice in the header (columns "
			    "%ld and %zu). No row of this table was used.", lab,
			    t->fieldcol[fi] + 1, c + 1));
			continue;
		}
		t->fieldcol[fi] = (long)c;
		t->colfield[c] = fi;
	}
	t->ident = r->n == s->nf;
	for (size_t c = 0; c < r->n && t->ident; c++)
		t->ident = t->colfield[c] == (long)c;
	for (size_t i = 0; i < s->nf; i++) {
		if (t->fieldcol[i] >= 0 || !(s->f[i].c.required || s->f[i].pk))
			continue;
		add_hdr(t, VE_MISSING_LABEL, s->f[i].name, tip_strdupf("required "
		    "column '%s' is missing from the header", s->f[i].name),
		    tip_strdupf("The column '%s' (%s) is required but missing "
		    "from the header row. No row of this table was used.",
		    s->f[i].name, s->f[i].title));
	}
}

/*
 * Accepted output that is the source's own bytes. A record accepted as
 * it stands (normal form, cells in schema order, a plain LF after it) is
 * not formatted: consecutive ones make a stretch of the source that is
 * copied in one go, in the kernel where it can (copy_file_range), when
 * the stretch ends, reaches its cap, or the table ends. The output
 * bytes are those of formatting every row.
 */

/* Starts writing back what the accepted file got so far, so that the
 * final fsync has little left to wait for. */
static void
start_writeback(struct val_table *t, uint64_t n)
{
	FILE *fp = t->out.accepted;
	int fd = fileno(fp);

	t->since_sync += n;
	if (t->since_sync < SYNC_EVERY || fd < 0)
		return;
	t->since_sync = 0;
	if (fflush(fp) != 0) {
		val_table_ioerror(t, errno);
		return;
	}
	/* Advice only: a file system without it loses nothing. */
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

/* Copies source bytes [off, off + len) to the accepted file through a
 * buffer (memory streams, file systems without copy_file_range). */
static void
copy_plain(struct val_table *t, uint64_t off, uint64_t len)
{
	FILE *fp = t->out.accepted;
	char buf[65536];

	if (t->src_mem != NULL) {
		io_check(t, fwrite(t->src_mem + off, 1, len, fp) != len);
		return;
	}
	while (len > 0) {
		size_t want = len < sizeof(buf) ? (size_t)len : sizeof(buf);
		ssize_t n = pread(t->src_fd, buf, want, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			val_table_ioerror(t, n < 0 ? errno : EIO);
			return;
		}
		io_check(t, fwrite(buf, 1, (size_t)n, fp) != (size_t)n);
		off += (uint64_t)n;
		len -= (uint64_t)n;
	}
}

/* Writes the pending stretch of source bytes, if any. */
static void
flush_stretch(struct val_table *t)
{
	FILE *fp = t->out.accepted;
	uint64_t off = t->st0, len = t->st1 - t->st0, total = len;
	int ofd;

	t->st0 = t->st1 = 0;
	if (len == 0 || t->ioerr)
		return;
	if (t->src_fd >= 0 && (ofd = fileno(fp)) >= 0) {
		loff_t in = (loff_t)off;
		if (fflush(fp) != 0) {
			val_table_ioerror(t, errno);
			return;
		}
		while (len > 0) {
			ssize_t n = copy_file_range(t->src_fd, &in, ofd, NULL,
			    len, 0);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				/* Not here (EXDEV, EINVAL, ENOSYS, ...): the
				 * rest goes through a buffer; a real write
				 * error shows there again. */
				break;
			}
			len -= (uint64_t)n;
		}
		off = (uint64_t)in;
		/* The stream's idea of its position moves on too. */
		if (fseeko(fp, 0, SEEK_END) != 0) {
			val_table_ioerror(t, errno);
			return;
		}
	}
	if (len > 0)
		copy_plain(t, off, len);
	start_writeback(t, total);
}

/* Adds source bytes [off, off + len) to the stretch. */
static void
add_stretch(struct val_table *t, uint64_t off, uint64_t len)
{
	if (t->st1 != off || t->st1 == t->st0) {
		flush_stretch(t);
		t->st0 = off;
		t->st1 = off;
	}
	t->st1 += len;
	if (t->st1 - t->st0 >= t->stretch_max)
		flush_stretch(t);
}

void
val_table_set_stretch(struct val_table *t, uint64_t max)
{
	t->stretch_max = max;
}

/*
 * The accepted file's header: the field names in schema order. When the
 * source's header record r (NULL: none) is exactly that and ends with LF,
 * it starts a stretch instead of being written.
 */
static void
emit_header(struct val_table *t, const struct tip_csv_row *r)
{
	const struct val_schema *s = t->s;
	FILE *fp = t->out.accepted;
	size_t len = 0;
	int same = r != NULL && t->stretch_max > 0 &&
	    r->raw[r->rawlen] == '\n';

	if (fp == NULL || t->hdr_out)
		return;
	t->hdr_out = 1;
	for (size_t i = 0; i < s->nf && same; i++) {
		size_t l = strlen(s->f[i].name);
		same = len + l + (i > 0) <= r->rawlen &&
		    (i == 0 || r->raw[len++] == ',') &&
		    memcmp(r->raw + len, s->f[i].name, l) == 0 &&
		    strpbrk(s->f[i].name, ",\"\r\n") == NULL;
		len += l;
	}
	if (same && len == r->rawlen) {
		add_stretch(t, t->src_bom + r->offset, r->rawlen + 1);
		return;
	}
	flush_stretch(t);
	for (size_t i = 0; i < s->nf; i++) {
		if (i > 0)
			io_check(t, putc(',', fp) == EOF);
		io_check(t, tip_csv_puts(fp, s->f[i].name, TIP_CSV_EXACT));
	}
	io_check(t, putc('\n', fp) == EOF);
}

/* Bytes that make tip_csv_put (TIP_CSV_EXACT) quote a cell. */
static const unsigned char needs_quote[256] = {
	[','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1,
};

/*
 * The accepted row, formatted as tip_csv_put would, in one fwrite; or,
 * when that is its own line in the source, added to the stretch. A raw
 * record without '"' has no cell holding a comma, quote, CR or LF (libcsv
 * would have cut or refused it), and normalising adds none: such a row
 * needs no quoting.
 */
static void
accept_row(struct val_table *t, const struct tip_csv_row *r)
{
	FILE *fp = t->out.accepted;
	struct val_buf *b = &t->line;
	int plain = !(r->flags & TIP_CSV_ROW_QUOTES);

	t->n.accepted++;
	if (fp == NULL)
		return;
	if (t->verbatim && t->stretch_max > 0 && r->raw[r->rawlen] == '\n') {
		/* The line as it stands in the source. */
		add_stretch(t, t->src_bom + r->offset, r->rawlen + 1);
		return;
	}
	b->len = 0;
	for (size_t i = 0; i < t->s->nf; i++) {
		const char *c = t->cs[i];
		size_t n = t->nlen[i], q = 0;
		for (size_t k = 0; k < n && !plain; k++)
			q |= needs_quote[(unsigned char)c[k]];
		val_buf_reserve(b, q ? 2 * n + 3 : n + 1);
		if (i > 0)
			b->p[b->len++] = ',';
		if (!q) {
			if (n > 0)
				memcpy(b->p + b->len, c, n);
			b->len += n;
			continue;
		}
		b->p[b->len++] = '"';
		for (size_t k = 0; k < n; k++) {
			if (c[k] == '"')
				b->p[b->len++] = '"';
			b->p[b->len++] = c[k];
		}
		b->p[b->len++] = '"';
	}
	if (t->stretch_max > 0 && b->len == r->rawlen &&
	    r->raw[r->rawlen] == '\n' && memcmp(b->p, r->raw, b->len) == 0) {
		/* Normalising changed nothing after all. */
		add_stretch(t, t->src_bom + r->offset, r->rawlen + 1);
		return;
	}
	flush_stretch(t);
	val_buf_reserve(b, 1);
	b->p[b->len++] = '\n';
	io_check(t, fwrite(b->p, 1, b->len, fp) != b->len);
	start_writeback(t, b->len);
}

static void
reject_row(struct val_table *t, const struct tip_csv_row *r)
{
	char row[24];

	t->n.rejected++;
	snprintf(row, sizeof(row), "%llu", (unsigned long long)r->recno);
	for (size_t k = 0; k < t->nerr; k++) {
		const struct val_rowerr *e = &t->errs[k];
		put_reject(t, r->recno, e->code, e->field, e->msg, r->raw,
		    r->rawlen);
		end_reject(t);
		put_feedback(t, row, e->field, e->value, e->vlen, e->words);
	}
}

static int
row_cb(void *ctx, const struct tip_csv_row *r)
{
	struct val_table *t = ctx;

	if (!t->header_done) {
		t->header_done = 1;
		check_header(t, r);
		emit_header(t, r);
		for (size_t k = 0; k < t->nhdr; k++)
			put_feedback(t, "1", t->hdr[k].label, t->hdr[k].label,
			    strlen(t->hdr[k].label), t->hdr[k].words);
		return t->ioerr;
	}
	t->n.rows_read++;
	if (t->nhdr > 0) {
		t->n.rejected++;
		for (size_t k = 0; k < t->nhdr; k++) {
			put_reject(t, r->recno, t->hdr[k].code, t->hdr[k].label,
			    t->hdr[k].msg, r->raw, r->rawlen);
			end_reject(t);
		}
		return t->ioerr;
	}
	val_row_check(t, r);
	if (t->nerr == 0)
		accept_row(t, r);
	else
		reject_row(t, r);
	return t->ioerr;
}

/* The header problems of a table without data rows: one line each. */
static void
finish_header(struct val_table *t)
{
	if (t->nhdr == 0 || t->n.rows_read > 0)
		return;
	for (size_t k = 0; k < t->nhdr; k++) {
		put_reject(t, 1, t->hdr[k].code, t->hdr[k].label, t->hdr[k].msg,
		    t->hdr_raw, t->hdr_rawlen);
		end_reject(t);
	}
}

/* The structural error: the record it is in and all later bytes become
 * one rejected entry. rest/restlen or fd give those bytes. */
static void
source_error(struct val_table *t, const char *rest, size_t restlen, int fd,
    uint64_t off)
{
	uint64_t row = tip_csv_records(t->csv) + 1;
	char rowtxt[24], words[300];
	const char *msg = tip_csv_errmsg(t->csv);

	t->src_err = 1;
	t->n.rows_read++;
	t->n.rejected++;
	put_reject(t, row, VE_SOURCE, "", msg, fd < 0 ? rest : NULL, restlen);
	if (fd >= 0 && t->out.rejects != NULL) {
		/* Stream the rest of the file into one quoted cell. */
		FILE *fp = t->out.rejects;
		char buf[65536];
		ssize_t n;
		io_check(t, putc('"', fp) == EOF);
		while ((n = pread(fd, buf, sizeof(buf), (off_t)off)) > 0) {
			off += (uint64_t)n;
			char *p = buf, *end = buf + n;
			while (p < end) {
				char *q = memchr(p, '"', (size_t)(end - p));
				size_t l = q != NULL ? (size_t)(q - p) + 1 :
				    (size_t)(end - p);
				io_check(t, fwrite(p, 1, l, fp) != l);
				if (q != NULL)
					io_check(t, putc('"', fp) == EOF);
				p += l;
			}
		}
		if (n < 0)
			io_check(t, -1);
		io_check(t, putc('"', fp) == EOF);
	}
	end_reject(t);
	snprintf(rowtxt, sizeof(rowtxt), "%llu", (unsigned long long)row);
	snprintf(words, sizeof(words), "The file cannot be read from this "
	    "row on (%s); this row and all rows after it were set aside. "
	    "Check for a stray or missing double quote.", msg);
	put_feedback(t, rowtxt, "", NULL, 0, words);
}

static void
finish(struct val_table *t, int rc)
{
	if (rc == 0 && !t->header_done) {
		t->header_done = 1;
		t->hdr_raw = tip_xstrdup("");
		t->colfield = tip_xcalloc(1, sizeof(*t->colfield));
		t->fieldcol = tip_xcalloc(t->s->nf, sizeof(*t->fieldcol));
		add_hdr(t, VE_BLANK_LABEL, "", tip_xstrdup("table is empty: no "
		    "header row"), tip_xstrdup("The file is empty: it needs a "
		    "header row with the column names."));
		put_feedback(t, "1", "", NULL, 0, t->hdr[0].words);
	}
	emit_header(t, NULL);
	flush_stretch(t);
	finish_header(t);
}

/* Bytes of a UTF-8 BOM at the start of buf (0 or 3). */
static size_t
bom_len(const unsigned char *p, size_t len)
{
	return len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
}

void
val_table_set_uniq(struct val_table *t, const struct val_uniq_opts *o)
{
	t->uqopts = *o;
}

/* Re-reading one earlier record: the first callback is the LF fed ahead
 * of it (so that no BOM is stripped from it), the second is the record. */
struct reread {
	struct val_table *shadow;
	unsigned kind;
	struct val_buf *out;
	int got, rc;
};

static int
reread_cb(void *ctx, const struct tip_csv_row *r)
{
	struct reread *rr = ctx;

	if (r->recno == 1)
		return 0;
	rr->got = 1;
	rr->rc = val_row_key(rr->shadow, r, rr->kind, rr->out);
	return 1;
}

/* val_uniq_key_fn: the key of the record at offset off of the source. */
static int
key_at(void *ctx, unsigned kind, uint64_t off, struct val_buf *out)
{
	struct val_table *t = ctx;
	struct reread rr = {.kind = kind, .out = out, .rc = 1};
	uint64_t pos = off + t->src_bom;
	struct tip_csv *c;
	char buf[4096];
	int rc = 0;

	if (t->shadow == NULL) {
		struct val_out none = {0};
		t->shadow = val_table_new(t->s, t->name, t->sub, &none,
		    &t->csvopts, NULL);
	}
	t->shadow->header_done = 1;
	t->shadow->ncols = t->ncols;
	t->shadow->colfield = t->colfield;
	t->shadow->fieldcol = t->fieldcol;
	rr.shadow = t->shadow;
	out->len = 0;
	c = tip_csv_new(&t->csvopts, reread_cb, &rr);
	if (c == NULL)
		tip_die(TIP_EX_SOFTWARE, ENOMEM, "cannot start the CSV reader");
	(void)tip_csv_feed(c, "\n", 1);
	while (!rr.got) {
		ssize_t n;
		if (t->src_fd >= 0) {
			do
				n = pread(t->src_fd, buf, sizeof(buf),
				    (off_t)pos);
			while (n < 0 && errno == EINTR);
			if (n < 0) {
				rc = -1;
				break;
			}
		} else {
			n = pos < t->src_len ? (ssize_t)(t->src_len - pos <
			    sizeof(buf) ? t->src_len - pos : sizeof(buf)) : 0;
			if (n > 0)
				memcpy(buf, t->src_mem + pos, (size_t)n);
		}
		if (n == 0) {
			(void)tip_csv_finish(c);
			break;
		}
		pos += (uint64_t)n;
		if (tip_csv_feed(c, buf, (size_t)n) != 0)
			break;
	}
	tip_csv_free(c);
	if (rc != 0)
		return -1;
	return rr.got ? rr.rc : 1;
}

/* Where the outputs stood before a pass, to go back for pass 2. */
struct mark {
	long pos[3];
	struct val_first first;
};

static FILE **
out_file(struct val_table *t, int i)
{
	return i == 0 ? &t->out.accepted : i == 1 ? &t->out.rejects :
	    &t->out.feedback;
}

static void
mark_outputs(struct val_table *t, struct mark *m)
{
	for (int i = 0; i < 3; i++) {
		FILE *fp = *out_file(t, i);
		m->pos[i] = -1;
		if (fp != NULL && fflush(fp) == 0)
			m->pos[i] = ftell(fp);
	}
	if (t->first != NULL)
		m->first = *t->first;
}

/* Drops what the outputs got since mark. Returns 0 or -1. */
static int
rewind_outputs(struct val_table *t, const struct mark *m)
{
	for (int i = 0; i < 3; i++) {
		FILE *fp = *out_file(t, i);
		int fd;
		if (fp == NULL)
			continue;
		if (m->pos[i] < 0 || fflush(fp) != 0)
			return -1;
		fd = fileno(fp);
		if (fd >= 0 && ftruncate(fd, (off_t)m->pos[i]) != 0)
			return -1;
		if (fseek(fp, m->pos[i], SEEK_SET) != 0)
			return -1;
	}
	if (t->first != NULL)
		*t->first = m->first;
	t->hdr_out = 0;
	t->st0 = t->st1 = 0;
	return 0;
}

/* Forgets everything read, for a second pass over the same source. */
static void
reset_pass(struct val_table *t)
{
	tip_csv_free(t->csv);
	t->csv = tip_csv_new(&t->csvopts, row_cb, t);
	if (t->csv == NULL)
		tip_die(TIP_EX_SOFTWARE, ENOMEM, "cannot start the CSV reader");
	t->header_done = 0;
	t->ncols = 0;
	free(t->colfield);
	free(t->fieldcol);
	t->colfield = NULL;
	t->fieldcol = NULL;
	for (size_t i = 0; i < t->nhdr; i++) {
		free(t->hdr[i].label);
		free(t->hdr[i].msg);
		free(t->hdr[i].words);
	}
	free(t->hdr);
	t->hdr = NULL;
	t->nhdr = 0;
	free(t->hdr_raw);
	t->hdr_raw = NULL;
	memset(&t->n, 0, sizeof(t->n));
	t->nlines = 0;
	t->src_err = 0;
}

static void
start_uniq(struct val_table *t)
{
	if ((t->s->npk > 0 || t->nuniqf > 0) && t->uq == NULL)
		t->uq = val_uniq_new(&t->uqopts, key_at, t);
}

/*
 * After pass 1: 1 when late duplicates need pass 2 (outputs rewound,
 * state reset), 0 when pass 1 stands.
 */
static int
need_pass2(struct val_table *t, struct mark *m)
{
	int64_t late;

	if (t->uq == NULL || t->ioerr || t->pass2)
		return 0;
	late = val_uniq_resolve(t->uq);
	if (late < 0) {
		val_table_ioerror(t, errno);
		return 0;
	}
	if (val_uniq_spilled(t->uq) > 0)
		tip_debug("%s: %llu keys spilled, %lld duplicates found late",
		    t->name, (unsigned long long)val_uniq_spilled(t->uq),
		    (long long)late);
	if (late == 0)
		return 0;
	if (rewind_outputs(t, m) != 0) {
		val_table_ioerror(t, errno);
		return 0;
	}
	reset_pass(t);
	t->pass2 = 1;
	return 1;
}

static void
pass_mem(struct val_table *t, const void *buf, size_t len)
{
	int rc = tip_csv_feed(t->csv, buf, len);

	if (rc == 0)
		rc = tip_csv_finish(t->csv);
	if (rc == -1) {
		uint64_t off = tip_csv_erroffset(t->csv) +
		    bom_len(buf, len);
		if (off > len)
			off = len;
		source_error(t, (const char *)buf + off, len - (size_t)off, -1,
		    0);
		rc = 0;
	}
	finish(t, rc);
}

int
val_table_read_mem(struct val_table *t, const void *buf, size_t len)
{
	struct mark *m = tip_xmalloc(sizeof(*m));

	t->src_fd = -1;
	t->src_mem = buf;
	t->src_len = len;
	t->src_bom = bom_len(buf, len);
	start_uniq(t);
	mark_outputs(t, m);
	pass_mem(t, buf, len);
	if (need_pass2(t, m))
		pass_mem(t, buf, len);
	free(m);
	return t->ioerr ? -1 : 0;
}

/* One pass over the file. Returns 0, or -1 after a message on a read
 * error (errno set). */
static int
pass_fd(struct val_table *t, int fd, const char *path, char *buf, size_t bufsz)
{
	uint64_t total = 0;
	ssize_t n = 0;
	int rc = 0;

	while ((n = pread(fd, buf, bufsz, (off_t)total)) > 0) {
		if (total == 0)
			t->src_bom = bom_len((unsigned char *)buf, (size_t)n);
		total += (uint64_t)n;
		if ((rc = tip_csv_feed(t->csv, buf, (size_t)n)) != 0)
			break;
	}
	if (n < 0) {
		int e = errno;
		tip_warn(e, "cannot read '%s'", path);
		errno = e;
		return -1;
	}
	if (rc == 0)
		rc = tip_csv_finish(t->csv);
	if (rc == -1) {
		source_error(t, NULL, 0, fd, tip_csv_erroffset(t->csv) +
		    t->src_bom);
		rc = 0;
	}
	finish(t, rc);
	return 0;
}

int
val_table_read_path(struct val_table *t, const char *path)
{
	enum { BUFSZ = 256 * 1024 };
	char *buf = tip_xmalloc(BUFSZ);
	struct mark *m = tip_xmalloc(sizeof(*m));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0) {
		tip_warn(errno, "cannot open '%s'", path);
		rc = -1;
		goto out;
	}
	t->src_fd = fd;
	t->src_mem = NULL;
	start_uniq(t);
	mark_outputs(t, m);
	rc = pass_fd(t, fd, path, buf, BUFSZ);
	if (rc == 0 && need_pass2(t, m))
		rc = pass_fd(t, fd, path, buf, BUFSZ);
	if (rc == 0 && t->ioerr) {
		errno = t->ioerrno;
		rc = -1;
	}
	t->src_fd = -1;
	close(fd);
out:
	free(buf);
	free(m);
	return rc;
}

const struct val_counts *
val_table_counts(const struct val_table *t)
{
	return &t->n;
}

int
val_table_ioerr(const struct val_table *t, int *err)
{
	if (t->ioerr && err != NULL)
		*err = t->ioerrno;
	return t->ioerr;
}

uint64_t
val_table_errors(const struct val_table *t)
{
	return t->nlines;
}
