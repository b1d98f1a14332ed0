/*
 * The ingest run: takes the lock, sweeps leftovers, repairs an interrupted
 * run, then takes the inbox files in name order and stages, archives or
 * quarantines each one. Reading archives is in ingest_archive.c, writing
 * the members in ingest_stage.c, names and metadata in ingest_name.c and
 * ingest_meta.c, moves and crash repair in ingest_store.c.
 */
#include <archive.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest.h"
#include "ingest_meta.h"
#include "ingest_name.h"
#include "ingest_stage.h"
#include "ingest_store.h"
#include "tip_afile.h"
#include "tip_csv.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_ledger.h"
#include "tip_lock.h"
#include "tip_sha256.h"

#define COPY_BUF ((size_t)256 * 1024)
#define WHY 512

struct run {
	const struct ingest_opts *o;
	const char *root;
	char *inbox, *staged, *quar, *archive; /* area paths (owned) */
	struct tip_ledger led;
	struct ingest_schemas sc;
	char *buf;                  /* COPY_BUF bytes (owned) */
	char **orphans;             /* staged ids with no ledger line (owned) */
	size_t norphans;
	unsigned long nstaged, ndup, nquar;
	int status;
};

/* One inbox file being processed. */
struct sub {
	const char *name;     /* inbox name, borrowed */
	char *path;           /* inbox/name (owned) */
	char sha256[65];      /* "" when the file could not be hashed */
	char sha12[13];
	uint64_t size;
	struct ingest_name nm; /* what the name says, when it says */
};

static void
out_line(const char *first, const char *outcome, const char *extra)
{
	if (extra != NULL && *extra != '\0')
		printf("%s\t%s\t%s\n", first, outcome, extra);
	else
		printf("%s\t%s\n", first, outcome);
}

/*
 * Appends a ledger line and moves the inbox file to dest, with the
 * ingest.pending marker around the two so that a crash between them is
 * finished by the next run. Returns 0 or an exit status after a message.
 */
static int
record_and_move(struct run *r, const struct sub *s, const char *const cols[],
    const char *dest)
{
	struct ingest_pending p;

	memset(&p, 0, sizeof(p));
	snprintf(p.sha256, sizeof(p.sha256), "%s", s->sha256);
	snprintf(p.source, sizeof(p.source), "%s", s->name);
	snprintf(p.dest, sizeof(p.dest), "%s", dest);
	/* Victims' data: readable by the owner only wherever it goes. */
	(void)fchmodat(AT_FDCWD, s->path, 0600, AT_SYMLINK_NOFOLLOW);
	if (ingest_pending_write(r->root, &p) != 0) {
		tip_warn(errno, "cannot write '%s/state/ingest.pending'",
		    r->root);
		return tip_ex_for_errno(errno);
	}
	if (tip_ledger_append(r->root, &r->led, cols) != 0) {
		tip_warn(errno, "cannot write '%s/state/ledger.tsv'", r->root);
		/* The ledger is unchanged on disk: drop the entry here too. */
		tip_ledger_drop_last(&r->led);
		(void)ingest_pending_clear(r->root);
		return tip_ex_for_errno(errno);
	}
	if (ingest_move(s->path, dest) != 0) {
		tip_warn(errno, "cannot move '%s' to '%s'", s->path, dest);
		return tip_ex_for_errno(errno);
	}
	if (tip_fsync_dir(r->inbox) != 0 || ingest_pending_clear(r->root) != 0) {
		tip_warn(errno, "cannot sync '%s'", r->inbox);
		return tip_ex_for_errno(errno);
	}
	return 0;
}

static void
fill_cols(const char *cols[TIP_L_NCOLS], const struct sub *s, const char *now,
    char *sizebuf, size_t sizelen)
{
	snprintf(sizebuf, sizelen, "%llu", (unsigned long long)s->size);
	for (int c = 0; c < TIP_L_NCOLS; c++)
		cols[c] = "";
	cols[TIP_L_TIME] = now;
	cols[TIP_L_SHA256] = s->sha256;
	cols[TIP_L_SIZE] = sizebuf;
	cols[TIP_L_SOURCE] = s->name;
	cols[TIP_L_PROGRAMME] = s->nm.programme;
	cols[TIP_L_AGENCY] = s->nm.agency;
	cols[TIP_L_PERIOD] = s->nm.period;
}

/*
 * A reason quotes member names from the archive: make it one line of valid
 * UTF-8 (control bytes become spaces, bytes of invalid sequences '?') so
 * that the .reason file, the ledger and the summary stay readable text.
 */
static void
clean_reason(char *text)
{
	size_t i = 0, len = strlen(text), n;

	while (i < len) {
		unsigned char c = (unsigned char)text[i];

		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				text[i] = ' ';
			i++;
			continue;
		}
		n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (i + n <= len && tip_utf8_valid(text + i, n)) {
			i += n;
			continue;
		}
		text[i++] = '?';
	}
}

static int
quarantine(struct run *r, struct sub *s, const char *why)
{
	char now[21], sizebuf[24], *alt, *dest, *reason_path, *text, *clean;
	const char *cols[TIP_L_NCOLS];
	int rc;

	alt = tip_strdupf("%s-%s", s->sha12[0] ? s->sha12 : "unhashed",
	    s->name);
	dest = ingest_free_name(r->quar, s->name, alt);
	reason_path = tip_strdupf("%s.reason", dest);
	clean = tip_xstrdup(why);
	clean_reason(clean);
	why = clean; /* the ledger and stdout get the cleaned text too */
	text = tip_strdupf("%s\n", clean);
	if (tip_write_file_atomic(reason_path, text, strlen(text)) != 0) {
		tip_warn(errno, "cannot write '%s'", reason_path);
		rc = tip_ex_for_errno(errno);
		goto out;
	}
	tip_now_iso(now);
	fill_cols(cols, s, now, sizebuf, sizeof(sizebuf));
	cols[TIP_L_OUTCOME] = TIP_OUTCOME_QUARANTINED;
	cols[TIP_L_REASON] = why;
	rc = record_and_move(r, s, cols, dest);
	if (rc == 0) {
		out_line(s->name, TIP_OUTCOME_QUARANTINED, why);
		r->nquar++;
		rc = TIP_EX_DATAERR;
	}
out:
	free(alt);
	free(dest);
	free(reason_path);
	free(text);
	free(clean);
	return rc;
}

/* Records a staged id whose ledger line is missing (or new) and archives. */
static int
record_staged(struct run *r, struct sub *s, const char *id,
    const char *supersedes)
{
	char now[21], sizebuf[24], *n0, *dest;
	const char *cols[TIP_L_NCOLS];
	int rc;

	n0 = tip_strdupf("%s-%s", s->sha12, s->name);
	dest = ingest_free_name(r->archive, n0, NULL);
	tip_now_iso(now);
	fill_cols(cols, s, now, sizebuf, sizeof(sizebuf));
	cols[TIP_L_ID] = id;
	cols[TIP_L_OUTCOME] = TIP_OUTCOME_STAGED;
	cols[TIP_L_SUPERSEDES] = supersedes ? supersedes : "";
	rc = record_and_move(r, s, cols, dest);
	if (rc == 0) {
		char *extra = supersedes ? tip_strdupf("supersedes %s",
		    supersedes) : NULL;
		out_line(id, TIP_OUTCOME_STAGED, extra);
		free(extra);
		r->nstaged++;
	}
	free(n0);
	free(dest);
	return rc;
}

static int
duplicate(struct run *r, struct sub *s, const struct tip_ledger_entry *e)
{
	char now[21], sizebuf[24], *n0, *dest, *why;
	const char *cols[TIP_L_NCOLS];
	int rc;

	/* e is about to move when the ledger grows: copy what we use. */
	char *id = tip_xstrdup(e->col[TIP_L_ID]);
	snprintf(s->nm.programme, sizeof(s->nm.programme), "%s",
	    e->col[TIP_L_PROGRAMME]);
	snprintf(s->nm.agency, sizeof(s->nm.agency), "%s", e->col[TIP_L_AGENCY]);
	snprintf(s->nm.period, sizeof(s->nm.period), "%s", e->col[TIP_L_PERIOD]);
	n0 = tip_strdupf("%s-%s", s->sha12, s->name);
	dest = ingest_free_name(r->archive, n0, NULL);
	why = tip_strdupf("duplicate of %s", id);
	tip_now_iso(now);
	fill_cols(cols, s, now, sizebuf, sizeof(sizebuf));
	cols[TIP_L_ID] = id;
	cols[TIP_L_OUTCOME] = TIP_OUTCOME_DUPLICATE;
	cols[TIP_L_REASON] = why;
	rc = record_and_move(r, s, cols, dest);
	if (rc == 0) {
		out_line(s->name, TIP_OUTCOME_DUPLICATE, why);
		r->ndup++;
	}
	free(id);
	free(n0);
	free(dest);
	free(why);
	return rc;
}

static const struct tip_ledger_entry *
staged_with_sha(const struct tip_ledger *l, const char *sha)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->e[i].col[TIP_L_SHA256], sha) == 0 &&
		    strcmp(l->e[i].col[TIP_L_OUTCOME], TIP_OUTCOME_STAGED) == 0)
			return &l->e[i];
	return NULL;
}

/* The id of the latest staged submission for nm, or NULL; copied. */
static char *
current_id(const struct run *r, const struct ingest_name *nm)
{
	const struct tip_ledger_entry *e = tip_ledger_latest(&r->led,
	    nm->programme, nm->agency, nm->period);

	return e != NULL ? tip_xstrdup(e->col[TIP_L_ID]) : NULL;
}

/* A staged/ folder left by a crash before its ledger line, for this file. */
static const char *
find_orphan(const struct run *r, const char *sha12)
{
	for (size_t i = 0; i < r->norphans; i++) {
		size_t len = strlen(r->orphans[i]);
		if (len > 12 && strcmp(r->orphans[i] + len - 12, sha12) == 0)
			return r->orphans[i];
	}
	return NULL;
}

/* Reads the archive into tmp, names its tables and stages it. */
static int
stage(struct run *r, struct sub *s, int fd, enum ingest_fmt f)
{
	struct ingest_stage st;
	struct ingest_sink sink;
	struct ingest_name nm;
	struct archive *a = NULL;
	char why[WHY], id[128], now[21];
	char *tmp, *final = NULL, *subjson = NULL, *supersedes = NULL;
	int dirfd = -1, rc, res;

	tmp = tip_strdupf("%s/.tmp-%s-%ld", r->staged, s->sha12, (long)getpid());
	(void)tip_rmtree(tmp);
	if (mkdir(tmp, 0700) != 0 ||
	    (dirfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		tip_warn(errno, "cannot create '%s'", tmp);
		free(tmp);
		return tip_ex_for_errno(errno);
	}
	ingest_stage_init(&st, dirfd, ingest_fmt_single(f));
	sink = ingest_stage_sink(&st);
	a = ingest_archive_new(f);
	if (a == NULL) {
		tip_warn(0, "cannot set up the archive reader");
		rc = TIP_EX_SOFTWARE;
		goto fail;
	}
	if (archive_read_open_fd(a, fd, COPY_BUF) != ARCHIVE_OK) {
		snprintf(why, sizeof(why), "corrupt archive: %s",
		    archive_error_string(a) ? archive_error_string(a) : "?");
		res = INGEST_REJECT;
	} else {
		res = ingest_archive_read(a, f, s->size, &r->o->lim, &sink,
		    r->buf, COPY_BUF, why, sizeof(why));
	}
	if (res == INGEST_SYSERR) {
		tip_warn(errno, "cannot stage '%s' in '%s'", s->name, tmp);
		rc = tip_ex_for_errno(errno);
		goto fail;
	}
	if (res == INGEST_OK)
		res = ingest_resolve(&st, s->name, f, &r->sc,
		    tip_schema_dir(r->o->schemas), &nm, why, sizeof(why));
	if (res == INGEST_CONFIG) {
		rc = TIP_EX_CONFIG;
		goto fail;
	}
	if (res == INGEST_REJECT) {
		archive_read_free(a);
		a = NULL;
		ingest_stage_release(&st);
		close(dirfd);
		(void)tip_rmtree(tmp);
		free(tmp);
		return quarantine(r, s, why);
	}
	s->nm = nm;
	ingest_make_id(id, sizeof(id), nm.programme, nm.agency, nm.period,
	    s->sha12);
	for (size_t i = 0; i < st.n; i++) {
		char file[32];
		snprintf(file, sizeof(file), "%s.csv", st.m[i].table);
		if (renameat(dirfd, st.m[i].file, dirfd, file) != 0) {
			tip_warn(errno, "cannot rename in '%s'", tmp);
			rc = tip_ex_for_errno(errno);
			goto fail;
		}
	}
	supersedes = current_id(r, &nm);
	tip_now_iso(now);
	subjson = tip_strdupf("%s/submission.json", tmp);
	struct ingest_subinfo si = {
		.id = id, .programme = nm.programme, .agency = nm.agency,
		.period = nm.period, .source = s->name,
		.format = ingest_fmt_name(f), .sha256 = s->sha256,
		.ingested_at = now, .supersedes = supersedes, .size = s->size,
		.m = st.m, .n = st.n,
	};
	if (ingest_write_subjson(subjson, &si) != 0 || fsync(dirfd) != 0) {
		tip_warn(errno, "cannot write '%s'", subjson);
		rc = tip_ex_for_errno(errno);
		goto fail;
	}
	final = tip_strdupf("%s/%s", r->staged, id);
	if (ingest_move(tmp, final) != 0) {
		if (errno == EEXIST || errno == ENOTEMPTY) {
			/* A run that died before its ledger line staged
			 * these very bytes: keep that copy. */
			(void)tip_rmtree(tmp);
		} else {
			tip_warn(errno, "cannot rename '%s' to '%s'", tmp, final);
			rc = tip_ex_for_errno(errno);
			goto fail;
		}
	}
	if (tip_fsync_dir(r->staged) != 0) {
		tip_warn(errno, "cannot sync '%s'", r->staged);
		rc = tip_ex_for_errno(errno);
		goto fail;
	}
	tip_info("%s: %s, %zu table(s)", s->name, id, st.n);
	rc = record_staged(r, s, id, supersedes);
	goto out;
fail:
	(void)tip_rmtree(tmp);
out:
	if (a != NULL)
		archive_read_free(a);
	ingest_stage_release(&st);
	if (dirfd >= 0)
		close(dirfd);
	free(tmp);
	free(final);
	free(subjson);
	free(supersedes);
	return rc;
}

/* sha256 and size of the open file; 0 or -1/errno. */
static int
hash_fd(struct run *r, int fd, struct sub *s)
{
	struct tip_sha256 c;
	uint8_t dig[32];
	ssize_t got;

	tip_sha256_init(&c);
	s->size = 0;
	while ((got = read(fd, r->buf, COPY_BUF)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		tip_sha256_update(&c, r->buf, (size_t)got);
		s->size += (uint64_t)got;
	}
	tip_sha256_final(&c, dig);
	tip_sha256_hex(dig, s->sha256);
	memcpy(s->sha12, s->sha256, 12);
	s->sha12[12] = '\0';
	return lseek(fd, 0, SEEK_SET) == 0 ? 0 : -1;
}

static int
name_ok(const char *name)
{
	for (const char *p = name; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	return tip_utf8_valid(name, strlen(name));
}

static int
process(struct run *r, const char *name)
{
	struct sub s;
	struct stat sb;
	unsigned char head[INGEST_MAGIC_LEN];
	char why[WHY];
	const struct tip_ledger_entry *e;
	const char *orphan;
	enum ingest_fmt f;
	ssize_t nhead;
	int fd = -1, rc;

	memset(&s, 0, sizeof(s));
	s.name = name;
	s.path = tip_strdupf("%s/%s", r->inbox, name);
	(void)ingest_parse_name(name, &s.nm);
	fd = open(s.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno != ELOOP) {
		tip_warn(errno, "cannot open '%s'", s.path);
		rc = errno == ENOENT ? TIP_EX_NOINPUT : TIP_EX_IOERR;
		goto out;
	}
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		rc = quarantine(r, &s, "not a regular file");
		goto out;
	}
	if (hash_fd(r, fd, &s) != 0) {
		tip_warn(errno, "cannot read '%s'", s.path);
		rc = TIP_EX_IOERR;
		goto out;
	}
	tip_debug("%s: sha256 %s, %llu bytes", name, s.sha256,
	    (unsigned long long)s.size);
	if (!name_ok(name)) {
		rc = quarantine(r, &s, "file name is not printable UTF-8");
		goto out;
	}
	e = staged_with_sha(&r->led, s.sha256);
	if (e != NULL) {
		rc = duplicate(r, &s, e);
		goto out;
	}
	orphan = find_orphan(r, s.sha12);
	if (orphan != NULL) {
		struct ingest_name nm;
		char sha12[13];
		if (ingest_parse_id(orphan, &nm, sha12) == 0) {
			char *sup = current_id(r, &nm);
			s.nm = nm;
			rc = record_staged(r, &s, orphan, sup);
			free(sup);
			goto out;
		}
	}
	f = ingest_fmt_from_name(name);
	nhead = pread(fd, head, sizeof(head), 0);
	if (nhead < 0) {
		tip_warn(errno, "cannot read '%s'", s.path);
		rc = TIP_EX_IOERR;
		goto out;
	}
	if (ingest_fmt_check(f, ingest_magic(head, (size_t)nhead), why,
	    sizeof(why)) != 0) {
		rc = quarantine(r, &s, why);
		goto out;
	}
	rc = stage(r, &s, fd, f);
out:
	if (fd >= 0)
		close(fd);
	free(s.path);
	return rc;
}

/* Staged folders with no ledger line: left by a crash. */
static void
find_orphans(struct run *r)
{
	size_t n;
	char **v = tip_list_dir(r->staged, TIP_LIST_ALL, 0, &n);

	for (size_t i = 0; v != NULL && i < n; i++) {
		if (tip_ledger_find_id(&r->led, v[i]) == NULL) {
			tip_info("'%s/%s' has no ledger line yet", r->staged, v[i]);
			r->orphans = tip_xrealloc(r->orphans,
			    (r->norphans + 1) * sizeof(char *));
			r->orphans[r->norphans++] = v[i];
			v[i] = NULL;
		}
	}
	tip_list_free(v, n);
}

/* Finishes a move that a crash interrupted after its ledger line. */
static int
repair(struct run *r)
{
	struct ingest_pending p;
	int got = ingest_pending_read(r->root, &p);
	const struct tip_ledger_entry *last;

	if (got < 0) {
		tip_warn(errno, "cannot read '%s/state/ingest.pending'", r->root);
		return TIP_EX_IOERR;
	}
	if (got == 0)
		return ingest_pending_clear(r->root) == 0 ? 0 : TIP_EX_IOERR;
	last = r->led.n > 0 ? &r->led.e[r->led.n - 1] : NULL;
	if (last != NULL && strcmp(last->col[TIP_L_SHA256], p.sha256) == 0 &&
	    strcmp(last->col[TIP_L_SOURCE], p.source) == 0) {
		char *src = tip_strdupf("%s/%s", r->inbox, p.source);
		struct stat sb;
		if (lstat(src, &sb) == 0) {
			if (ingest_move(src, p.dest) != 0) {
				tip_warn(errno, "cannot move '%s' to '%s'", src,
				    p.dest);
				free(src);
				return tip_ex_for_errno(errno);
			}
			tip_note("finished moving '%s' to '%s' (interrupted run)",
			    src, p.dest);
			const char *oc = last->col[TIP_L_OUTCOME];
			int staged = strcmp(oc, TIP_OUTCOME_STAGED) == 0;
			const char *extra = last->col[TIP_L_REASON];
			char *sup = NULL;
			if (staged && last->col[TIP_L_SUPERSEDES][0] != '\0')
				extra = sup = tip_strdupf("supersedes %s",
				    last->col[TIP_L_SUPERSEDES]);
			out_line(staged ? last->col[TIP_L_ID] : p.source, oc,
			    extra);
			free(sup);
			if (staged)
				r->nstaged++;
			else if (strcmp(oc, TIP_OUTCOME_DUPLICATE) == 0)
				r->ndup++;
			else
				r->nquar++;
		}
		free(src);
	}
	return ingest_pending_clear(r->root) == 0 ? 0 : TIP_EX_IOERR;
}

static void
sweep(struct run *r)
{
	char *state = tip_path(r->root, TIP_STATE, NULL);
	int n = tip_afile_sweep(r->staged) + tip_afile_sweep(r->quar) +
	    tip_afile_sweep(r->archive) + tip_afile_sweep(state);

	if (n > 0)
		tip_note("removed %d leftover(s) of an interrupted run", n);
	free(state);
}

/* The FILE arguments as inbox names, sorted; -1 entries missing. */
static char **
named_files(struct run *r, size_t *n)
{
	char **v = tip_xcalloc((size_t)r->o->nfiles + 1, sizeof(*v));

	*n = 0;
	for (int i = 0; i < r->o->nfiles; i++) {
		const char *arg = r->o->files[i];
		const char *base = strrchr(arg, '/');
		struct stat sb;
		base = base != NULL ? base + 1 : arg;
		char *p = tip_strdupf("%s/%s", r->inbox, base);
		if (*base == '\0' || *base == '.' || lstat(p, &sb) != 0) {
			tip_warn(0, "no submission '%s' in '%s'", arg, r->inbox);
			r->status = tip_worst(r->status, TIP_EX_NOINPUT);
		} else {
			v[(*n)++] = tip_xstrdup(base);
		}
		free(p);
	}
	qsort(v, *n, sizeof(*v), tip_cmp_names);
	/* The same file named twice is taken once. */
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		if (k > 0 && strcmp(v[k - 1], v[i]) == 0) {
			free(v[i]);
			continue;
		}
		v[k++] = v[i];
	}
	*n = k;
	return v;
}

int
ingest_run(const struct ingest_opts *o)
{
	struct run r;
	struct tip_lock lk = {.fd = -1};
	char **files = NULL;
	size_t nfiles = 0;
	int rc;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.root = o->co.data_dir;
	rc = tip_datadir_init(r.root, 0);
	if (rc != 0)
		return rc;
	rc = tip_lock_acquire(r.root, o->wait, &lk);
	if (rc != 0)
		return rc;
	r.inbox = tip_path(r.root, TIP_INBOX, NULL);
	r.staged = tip_path(r.root, TIP_STAGED, NULL);
	r.quar = tip_path(r.root, TIP_QUARANTINE, NULL);
	r.archive = tip_path(r.root, TIP_STATE, "archive");
	if (tip_mkdirs(r.archive, 0700) != 0) {
		tip_warn(errno, "cannot create '%s'", r.archive);
		rc = TIP_EX_CANTCREAT;
		goto out;
	}
	sweep(&r);
	rc = tip_ledger_load(r.root, &r.led);
	if (rc != 0)
		goto out;
	rc = repair(&r);
	if (rc != 0)
		goto out;
	find_orphans(&r);
	r.buf = tip_xmalloc(COPY_BUF);
	if (o->nfiles > 0) {
		files = named_files(&r, &nfiles);
	} else if ((files = tip_list_dir(r.inbox, TIP_LIST_ALL, 0, &nfiles)) == NULL) {
		tip_warn(errno, "cannot read '%s'", r.inbox);
		rc = TIP_EX_NOINPUT;
		goto out;
	}
	for (size_t i = 0; i < nfiles; i++) {
		int st = process(&r, files[i]);
		r.status = tip_worst(r.status, st);
		if (fflush(stdout) != 0)
			break; /* tip_close_stdout reports it */
	}
	tip_note("%lu staged, %lu duplicate, %lu quarantined", r.nstaged,
	    r.ndup, r.nquar);
	rc = r.status;
out:
	tip_list_free(files, nfiles);
	tip_list_free(r.orphans, r.norphans);
	ingest_schemas_release(&r.sc);
	tip_ledger_release(&r.led);
	tip_lock_release(&lk);
	free(r.buf);
	free(r.inbox);
	free(r.staged);
	free(r.quar);
	free(r.archive);
	return rc;
}
