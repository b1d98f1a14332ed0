/*
 * Where processed inbox files go and how a crash between the steps is
 * repaired. The order of one submission is: staged/<id>/ renamed into
 * place, state/ingest.pending written (what is about to be recorded and
 * where the inbox file goes), the ledger line appended, the inbox file
 * moved, ingest.pending removed. A run that finds ingest.pending whose
 * ledger line exists finishes the move; otherwise it drops the marker and
 * the file is processed again (a complete staged/<id>/ with no ledger line
 * is then recorded, not staged twice).
 */
#ifndef INGEST_STORE_H
#define INGEST_STORE_H

/*
 * Renames from to to without ever replacing to. Returns 0, or -1 with
 * errno (EEXIST when to exists).
 */
int ingest_move(const char *from, const char *to);

/*
 * A free path in dir: dir/name0 when nothing is there, else dir/name1 (when
 * name1 is not NULL), else the last candidate with ".1", ".2", ... added.
 * A ".reason" left by a crash does not make a name taken (it is rewritten).
 * Returns a new string; the caller frees it.
 */
char *ingest_free_name(const char *dir, const char *name0, const char *name1);

/* The marker written before a ledger append. */
struct ingest_pending {
	char sha256[65];
	char source[4096]; /* inbox file name */
	char dest[4096];   /* where the inbox file is to go */
};

/* Writes root/state/ingest.pending atomically. Returns 0 or -1/errno. */
int ingest_pending_write(const char *root, const struct ingest_pending *p);
/* Reads it: 1 when present and well-formed, 0 when absent, -1 on error. */
int ingest_pending_read(const char *root, struct ingest_pending *p);
/* Removes it (absent is fine). Returns 0 or -1/errno. */
int ingest_pending_clear(const char *root);

#endif
