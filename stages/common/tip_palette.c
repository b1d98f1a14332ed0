/*
 * Programme names and the colours of programmes and pillars.
 */
#include <stddef.h>
#include <string.h>

#include "tip_palette.h"

static const struct {
	const char *code, *name, *colour;
} programmes[TIP_NPROGRAMMES] = {
	{"SRB", "Serbia", "#0072B2"},
	{"PAK", "Pakistan", "#E69F00"},
	{"ARG-BOL", "Argentina/Bolivia", "#009E73"},
	{"RWA-BDI", "Rwanda/Burundi", "#CC79A7"},
	{"CASIA", "Central Asia", "#56B4E9"},
	{"EGY", "Egypt", "#D55E00"},
};

/* Pillars reuse four programme colours; the two never share a chart. */
static const struct {
	const char *pillar, *colour;
} pillars[] = {
	{"prevention", "#009E73"},
	{"protection", "#0072B2"},
	{"prosecution", "#D55E00"},
	{"partnership", "#CC79A7"},
};

int
tip_programme_rank(const char *code)
{
	for (int i = 0; i < TIP_NPROGRAMMES; i++)
		if (strcmp(programmes[i].code, code) == 0)
			return i;
	return -1;
}

const char *
tip_programme_name(const char *code)
{
	int i = tip_programme_rank(code);

	return i >= 0 ? programmes[i].name : NULL;
}

const char *
tip_programme_colour(const char *code)
{
	int i = tip_programme_rank(code);

	return i >= 0 ? programmes[i].colour : NULL;
}

const char *
tip_pillar_colour(const char *pillar)
{
	for (size_t i = 0; i < sizeof(pillars) / sizeof(pillars[0]); i++)
		if (strcmp(pillars[i].pillar, pillar) == 0)
			return pillars[i].colour;
	return NULL;
}
