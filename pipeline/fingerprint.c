/*
 * Fingerprints of each stage's inputs, so that a run with nothing new does
 * no work: a sha256 over the sorted names, sizes and modification times of
 * the files a stage reads. Content is not hashed (that would read every
 * byte of every submission each night).
 */
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pipeline.h"
#include "tip_datadir.h"
#include "tip_sha256.h"

/* Escapes glob metacharacters in a literal prefix. */
static char *
glob_escape(const char *s)
{
	char *out = tip_xmalloc(2 * strlen(s) + 1), *p = out;

	for (; *s != '\0'; s++) {
		if (strchr("*?[]\\", *s) != NULL)
			*p++ = '\\';
		*p++ = *s;
	}
	*p = '\0';
	return out;
}

static void
add_pattern(struct tip_sha256 *h, const char *base, const char *pattern)
{
	char *eb = glob_escape(base);
	char *pat = tip_strdupf("%s/%s", eb, pattern);
	glob_t g;

	free(eb);
	if (glob(pat, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			const char *p = g.gl_pathv[i];
			const char *rel = p + strlen(base);
			struct stat st;
			char line[96];
			if (strstr(p, "/.") != NULL)
				continue; /* temp files of a running stage */
			if (stat(p, &st) != 0)
				continue;
			snprintf(line, sizeof(line), "\t%lld\t%lld.%09ld\n",
			    (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			    st.st_mtim.tv_nsec);
			tip_sha256_update(h, rel, strlen(rel));
			tip_sha256_update(h, line, strlen(line));
		}
		globfree(&g);
	}
	free(pat);
	tip_sha256_update(h, "|", 1);
}

void
pl_fingerprint(const char *root, const char *schemas, int s, int cfg,
    char hex[65])
{
	struct tip_sha256 h;
	uint8_t dig[32];

	tip_sha256_init(&h);
	tip_sha256_update(&h, pl_stage_name(s), strlen(pl_stage_name(s)));
	if (cfg) {
		/* What a stage is configured by: a change means recompute. */
		if (s == PL_VALIDATE || s == PL_INGEST) {
			add_pattern(&h, schemas, "*.json");
			add_pattern(&h, schemas, "reference/*");
		} else if (s == PL_AGGREGATE) {
			add_pattern(&h, schemas, "indicators.json");
			add_pattern(&h, schemas, "reference/*");
		}
		tip_sha256_final(&h, dig);
		tip_sha256_hex(dig, hex);
		return;
	}
	switch (s) {
	case PL_INGEST:
		add_pattern(&h, root, "inbox/*");
		break;
	case PL_VALIDATE:
		add_pattern(&h, root, "staged/*/submission.json");
		add_pattern(&h, root, "state/ledger.tsv");
		break;
	case PL_AGGREGATE:
		add_pattern(&h, root, "validated/*/report.json");
		add_pattern(&h, root, "validated/*/*.csv");
		add_pattern(&h, root, "state/ledger.tsv");
		break;
	case PL_CHART:
		add_pattern(&h, root, "aggregates/*.csv");
		add_pattern(&h, root, "aggregates/meta.json");
		add_pattern(&h, root, "validated/*/report.json");
		add_pattern(&h, root, "state/ledger.tsv");
		break;
	case PL_REPORT:
		add_pattern(&h, root, "aggregates/*.csv");
		add_pattern(&h, root, "aggregates/meta.json");
		add_pattern(&h, root, "charts/*.svg");
		add_pattern(&h, root, "validated/*/report.json");
		add_pattern(&h, root, "rejected/*/*.csv");
		add_pattern(&h, root, "staged/*/submission.json");
		add_pattern(&h, root, "state/ledger.tsv");
		add_pattern(&h, root, "quarantine/*");
		break;
	}
	tip_sha256_final(&h, dig);
	tip_sha256_hex(dig, hex);
}

int
pl_inbox_count(const char *root)
{
	char *p = tip_path(root, TIP_INBOX, NULL);
	DIR *d = opendir(p);
	struct dirent *de;
	int n = 0;

	free(p);
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}
