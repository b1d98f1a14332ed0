/*
 * The data directory contract: the one place that knows the names of the
 * folders stages read and write. See the README for what each holds.
 */
#ifndef TIP_DATADIR_H
#define TIP_DATADIR_H

enum tip_area {
	TIP_INBOX,      /* submissions arrive */
	TIP_STAGED,     /* staged/<submission-id>/: ingest output */
	TIP_QUARANTINE, /* rejected submissions, each with a .reason file */
	TIP_VALIDATED,  /* validated/<submission-id>/: accepted rows */
	TIP_REJECTED,   /* rejected/<submission-id>/: row-level rejects */
	TIP_AGGREGATES, /* indicators */
	TIP_CHARTS,     /* .dat, .gp, .png, .svg */
	TIP_REPORTS,    /* donor report */
	TIP_LOGS,       /* one log per pipeline run */
	TIP_STATE,      /* ledger, lock, archive/ of processed inbox files */
	TIP_AREA_COUNT
};

/* Folder name of an area ("inbox", "staged", ...). */
const char *tip_area_name(enum tip_area area);

#define TIP_DD_CREATE 1 /* create the root too if it does not exist */

/*
 * Checks that root exists (creating it with TIP_DD_CREATE) and creates any
 * missing area folder, mode 0700. Returns 0, or an exit code after a
 * message: 66 when root is missing, 73 when a folder cannot be created.
 */
int tip_datadir_init(const char *root, int flags);

/*
 * Returns a newly allocated "root/area/<fmt...>" (or "root/area" when fmt
 * is NULL); the caller frees it. Aborts with 70 when out of memory.
 */
char *tip_path(const char *root, enum tip_area area, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* printf into a new string; exits 70 when out of memory. Caller frees. */
char *tip_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* mkdir -p with mode for every created component. Returns 0 or -1/errno. */
int tip_mkdirs(const char *path, unsigned mode);

/*
 * Removes path recursively (files and folders, never following symlinks).
 * Returns 0 or -1 with errno set. Used only for tip's own temp folders.
 */
int tip_rmtree(const char *path);

/* What tip_list_dir keeps. */
enum { TIP_LIST_ALL = 0, TIP_LIST_DIRS = 1, TIP_LIST_FILES = 2 };

/*
 * Names in dir that do not start with '.' (temp files, uploads in progress),
 * of the kind asked for, sorted bytewise (the C locale's order), at most
 * max of them (0: no cap). Returns a new array of new strings (the caller
 * frees it with tip_list_free), empty but not NULL for an empty folder, or
 * NULL with errno set when dir cannot be read.
 */
char **tip_list_dir(const char *dir, int kind, size_t max, size_t *n);
void tip_list_free(char **v, size_t n);
/* qsort comparator for an array of strings (char *), bytewise. */
int tip_cmp_names(const void *a, const void *b);

/* Allocation that exits 70 on failure, for sizes tip itself decides. */
void *tip_xmalloc(size_t n);
void *tip_xcalloc(size_t n, size_t size);
void *tip_xrealloc(void *p, size_t n);
char *tip_xstrdup(const char *s);

#endif
