/*
 * One lock per data directory: flock on state/lock. The pipeline holds it
 * for a whole run and hands it to the stages it starts (TIP_LOCK_FD); a
 * stage run by hand takes it itself. The file records the holder.
 */
#ifndef TIP_LOCK_H
#define TIP_LOCK_H

struct tip_lock {
	int fd;        /* -1 when not held */
	int inherited; /* 1 when the pipeline holds it for us */
};

/*
 * Takes the lock of data directory root (state/ must exist). wait_seconds
 * 0 means fail at once. Returns 0, 75 after a message naming the holder's
 * pid and start time, or 73 when the lock file cannot be opened.
 */
int tip_lock_acquire(const char *root, int wait_seconds, struct tip_lock *lk);

/*
 * Marks the lock so that child processes inherit it (sets TIP_LOCK_FD).
 * Returns 0 or -1.
 */
int tip_lock_export(struct tip_lock *lk);

/* Releases the lock (no-op when inherited or not held). */
void tip_lock_release(struct tip_lock *lk);

/*
 * Writes the current UTC time as "2010-01-26T12:00:00Z" into buf[21].
 * SOURCE_DATE_EPOCH, when set, replaces the clock (reproducible runs).
 */
void tip_now_iso(char buf[21]);
/* Seconds since the epoch, honouring SOURCE_DATE_EPOCH. */
long long tip_now(void);

#endif
