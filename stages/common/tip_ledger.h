/*
 * The ledger of submissions (state/ledger.tsv): every submission ingest has
 * seen, in order, with its outcome. It decides identity (same sha256 = same
 * submission) and currency (a later staged submission for the same
 * programme, agency and period supersedes the earlier ones). Tab-separated,
 * one header line, rewritten atomically on each append.
 */
#ifndef TIP_LEDGER_H
#define TIP_LEDGER_H

#include <stddef.h>

enum tip_ledger_col {
	TIP_L_SEQ, TIP_L_TIME, TIP_L_SHA256, TIP_L_SIZE, TIP_L_SOURCE, TIP_L_ID,
	TIP_L_PROGRAMME, TIP_L_AGENCY, TIP_L_PERIOD, TIP_L_OUTCOME,
	TIP_L_SUPERSEDES, TIP_L_REASON, TIP_L_NCOLS
};

/* Outcomes recorded in TIP_L_OUTCOME. */
#define TIP_OUTCOME_STAGED "staged"
#define TIP_OUTCOME_DUPLICATE "duplicate"
#define TIP_OUTCOME_QUARANTINED "quarantined"

struct tip_ledger_entry {
	char *col[TIP_L_NCOLS]; /* owned by the ledger; "" when empty */
};

struct tip_ledger {
	struct tip_ledger_entry *e; /* in the order seen */
	size_t n, cap;
};

/*
 * Loads root/state/ledger.tsv into l (a missing file is an empty ledger).
 * Returns 0, or an exit code after a message (74 unreadable, 78 malformed).
 * On failure l is empty and needs no release.
 */
int tip_ledger_load(const char *root, struct tip_ledger *l);
void tip_ledger_release(struct tip_ledger *l);

/* Column name for the header ("seq", "time", ...). */
const char *tip_ledger_colname(enum tip_ledger_col c);

/*
 * Latest entry with this sha256 / submission id, or NULL. A duplicate line
 * carries the id of the submission it duplicates, so the latest entry for
 * an id may be a duplicate: use tip_ledger_is_current for currency.
 */
const struct tip_ledger_entry *tip_ledger_find_sha(const struct tip_ledger *l,
    const char *sha256);
const struct tip_ledger_entry *tip_ledger_find_id(const struct tip_ledger *l,
    const char *id);

/*
 * The staged entry that supersedes id (a later staged submission for the
 * same programme, agency and period), or NULL when id is current.
 */
const struct tip_ledger_entry *tip_ledger_superseded_by(
    const struct tip_ledger *l, const char *id);

/* 1 when id was staged and nothing supersedes it. */
int tip_ledger_is_current(const struct tip_ledger *l, const char *id);

/*
 * Latest staged entry for (programme, agency, period), or NULL.
 */
const struct tip_ledger_entry *tip_ledger_latest(const struct tip_ledger *l,
    const char *programme, const char *agency, const char *period);

/*
 * Appends an entry (cols copied; seq assigned; tabs, newlines and other
 * control characters in values replaced by '?') and rewrites the file
 * atomically. Returns 0, or -1 with errno set and the file unchanged (the
 * entry stays appended in memory).
 */
int tip_ledger_append(const char *root, struct tip_ledger *l,
    const char *const cols[TIP_L_NCOLS]);

/*
 * Forgets the last entry in memory only (after a failed tip_ledger_append,
 * to match the file again). No-op on an empty ledger.
 */
void tip_ledger_drop_last(struct tip_ledger *l);

#endif
