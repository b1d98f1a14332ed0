/*
 * libFuzzer harness for the submission ledger (state/ledger.tsv): the
 * input is written as the ledger of a scratch data directory and loaded;
 * every query then runs on what was loaded, and (for one input in eight)
 * an entry is appended and the file loaded again, which must give the same entries plus one.
 * Malformed files must fail with 78/74 and a message, never crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tip_datadir.h"
#include "tip_err.h"
#include "tip_ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];

static void
cleanup(void)
{
	if (root[0] != '\0')
		(void)tip_rmtree(root);
}

static int
setup(void)
{
	char *state;

	if (root[0] != '\0')
		return 0;
	snprintf(root, sizeof(root), "/tmp/tip-fuzz-ledger.XXXXXX");
	if (mkdtemp(root) == NULL)
		return -1;
	state = tip_strdupf("%s/state", root);
	if (tip_mkdirs(state, 0700) != 0)
		abort();
	free(state);
	tip_verbosity = 0;
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tip_ledger l, again;
	char *path;
	FILE *fp;

	if (setup() != 0)
		return 0;
	path = tip_strdupf("%s/state/ledger.tsv", root);
	fp = fopen(path, "wb");
	if (fp == NULL || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	if (tip_ledger_load(root, &l) != 0) {
		free(path);
		return 0;
	}
	for (size_t i = 0; i < l.n; i++) {
		char *const *c = l.e[i].col;
		for (int k = 0; k < TIP_L_NCOLS; k++)
			if (c[k] == NULL)
				abort();
		(void)tip_ledger_find_sha(&l, c[TIP_L_SHA256]);
		(void)tip_ledger_find_id(&l, c[TIP_L_ID]);
		(void)tip_ledger_superseded_by(&l, c[TIP_L_ID]);
		(void)tip_ledger_is_current(&l, c[TIP_L_ID]);
		(void)tip_ledger_latest(&l, c[TIP_L_PROGRAMME],
		    c[TIP_L_AGENCY], c[TIP_L_PERIOD]);
	}
	/*
	 * Append a hostile entry; what was loaded must come back, plus it.
	 * Only for some inputs: the atomic rewrite fsyncs, which is slow.
	 */
	if (size > 0 && (data[size - 1] & 7) == 0) {
		const char *cols[TIP_L_NCOLS];
		for (int k = 0; k < TIP_L_NCOLS; k++)
			cols[k] = "a\tb\nc\rd";
		cols[TIP_L_OUTCOME] = TIP_OUTCOME_STAGED;
		if (tip_ledger_append(root, &l, cols) == 0) {
			if (tip_ledger_load(root, &again) != 0 ||
			    again.n != l.n)
				abort();
			for (size_t i = 0; i < l.n; i++)
				for (int k = 0; k < TIP_L_NCOLS; k++)
					if (strcmp(l.e[i].col[k],
					    again.e[i].col[k]) != 0 && k !=
					    TIP_L_SEQ)
						abort();
			tip_ledger_release(&again);
		}
	}
	tip_ledger_release(&l);
	free(path);
	return 0;
}
