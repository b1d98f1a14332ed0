/*
 * Ledger of submissions: load, query, append (atomic rewrite). The file
 * format is the README's; nothing here knows about archives or staging.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tip_afile.h"
#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_ledger.h"

static const char *const colnames[TIP_L_NCOLS] = {
	"seq", "time", "sha256", "size", "source", "id", "programme", "agency",
	"period", "outcome", "supersedes", "reason",
};

const char *
tip_ledger_colname(enum tip_ledger_col c)
{
	return (unsigned)c < TIP_L_NCOLS ? colnames[c] : "?";
}

static struct tip_ledger_entry *
push(struct tip_ledger *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->e = tip_xrealloc(l->e, l->cap * sizeof(*l->e));
	}
	memset(&l->e[l->n], 0, sizeof(l->e[0]));
	return &l->e[l->n++];
}

void
tip_ledger_release(struct tip_ledger *l)
{
	for (size_t i = 0; i < l->n; i++)
		for (int c = 0; c < TIP_L_NCOLS; c++)
			free(l->e[i].col[c]);
	free(l->e);
	memset(l, 0, sizeof(*l));
}

int
tip_ledger_load(const char *root, struct tip_ledger *l)
{
	char *path = tip_path(root, TIP_STATE, "ledger.tsv");
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	int rc = 0;

	memset(l, 0, sizeof(*l));
	fp = fopen(path, "r");
	if (fp == NULL) {
		if (errno == ENOENT) {
			free(path);
			return 0;
		}
		tip_warn(errno, "cannot open '%s'", path);
		free(path);
		return TIP_EX_IOERR;
	}
	while ((len = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (lineno == 1)
			continue; /* header */
		struct tip_ledger_entry *e = push(l);
		char *p = line;
		for (int c = 0; c < TIP_L_NCOLS; c++) {
			char *tab = strchr(p, '\t');
			if (tab == NULL && c < TIP_L_NCOLS - 1) {
				tip_warn(0, "%s: line %lu: expected %d columns",
				    path, lineno, TIP_L_NCOLS);
				rc = TIP_EX_CONFIG;
				for (; c < TIP_L_NCOLS; c++)
					e->col[c] = tip_xstrdup("");
				goto out;
			}
			if (tab != NULL)
				*tab = '\0';
			e->col[c] = tip_xstrdup(p);
			p = tab != NULL ? tab + 1 : p + strlen(p);
		}
	}
	if (ferror(fp)) {
		tip_warn(errno, "cannot read '%s'", path);
		rc = TIP_EX_IOERR;
	}
out:
	if (rc != 0)
		tip_ledger_release(l);
	free(line);
	fclose(fp);
	free(path);
	return rc;
}

const struct tip_ledger_entry *
tip_ledger_find_sha(const struct tip_ledger *l, const char *sha256)
{
	for (size_t i = l->n; i-- > 0;)
		if (strcmp(l->e[i].col[TIP_L_SHA256], sha256) == 0)
			return &l->e[i];
	return NULL;
}

const struct tip_ledger_entry *
tip_ledger_find_id(const struct tip_ledger *l, const char *id)
{
	for (size_t i = l->n; i-- > 0;)
		if (strcmp(l->e[i].col[TIP_L_ID], id) == 0)
			return &l->e[i];
	return NULL;
}

static int
is_staged(const struct tip_ledger_entry *e)
{
	return strcmp(e->col[TIP_L_OUTCOME], TIP_OUTCOME_STAGED) == 0;
}

const struct tip_ledger_entry *
tip_ledger_latest(const struct tip_ledger *l, const char *programme,
    const char *agency, const char *period)
{
	for (size_t i = l->n; i-- > 0;) {
		const struct tip_ledger_entry *e = &l->e[i];
		if (is_staged(e) &&
		    strcmp(e->col[TIP_L_PROGRAMME], programme) == 0 &&
		    strcmp(e->col[TIP_L_AGENCY], agency) == 0 &&
		    strcmp(e->col[TIP_L_PERIOD], period) == 0)
			return e;
	}
	return NULL;
}

const struct tip_ledger_entry *
tip_ledger_superseded_by(const struct tip_ledger *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (is_staged(&l->e[i]) && strcmp(l->e[i].col[TIP_L_ID], id) == 0)
			break;
	if (i == l->n)
		return NULL;
	const struct tip_ledger_entry *latest = tip_ledger_latest(l,
	    l->e[i].col[TIP_L_PROGRAMME], l->e[i].col[TIP_L_AGENCY],
	    l->e[i].col[TIP_L_PERIOD]);
	if (latest == NULL || strcmp(latest->col[TIP_L_ID], id) == 0)
		return NULL;
	return latest;
}

int
tip_ledger_is_current(const struct tip_ledger *l, const char *id)
{
	/* Not find_id: a later duplicate line carries the same id. */
	for (size_t i = 0; i < l->n; i++)
		if (is_staged(&l->e[i]) && strcmp(l->e[i].col[TIP_L_ID], id) == 0)
			return tip_ledger_superseded_by(l, id) == NULL;
	return 0;
}

static char *
clean(const char *s)
{
	char *p = tip_xstrdup(s != NULL ? s : "");

	for (char *q = p; *q != '\0'; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = '?';
	return p;
}

int
tip_ledger_append(const char *root, struct tip_ledger *l,
    const char *const cols[TIP_L_NCOLS])
{
	char *path = tip_path(root, TIP_STATE, "ledger.tsv");
	struct tip_afile af;
	struct tip_ledger_entry *e = push(l);
	char seq[24];

	snprintf(seq, sizeof(seq), "%zu", l->n);
	for (int c = 0; c < TIP_L_NCOLS; c++)
		e->col[c] = clean(c == TIP_L_SEQ ? seq : cols[c]);
	if (tip_afile_open(&af, path) != 0) {
		int err = errno;
		free(path);
		errno = err;
		return -1;
	}
	for (int c = 0; c < TIP_L_NCOLS; c++)
		fprintf(af.fp, "%s%c", colnames[c], c + 1 < TIP_L_NCOLS ? '\t' : '\n');
	for (size_t i = 0; i < l->n; i++)
		for (int c = 0; c < TIP_L_NCOLS; c++)
			fprintf(af.fp, "%s%c", l->e[i].col[c],
			    c + 1 < TIP_L_NCOLS ? '\t' : '\n');
	free(path);
	return tip_afile_commit(&af);
}

void
tip_ledger_drop_last(struct tip_ledger *l)
{
	if (l->n == 0)
		return;
	l->n--;
	for (int c = 0; c < TIP_L_NCOLS; c++)
		free(l->e[l->n].col[c]);
	memset(&l->e[l->n], 0, sizeof(l->e[0]));
}
