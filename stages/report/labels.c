/*
 * Names, colours and number formats for the report. The palette and order
 * match tip-chart so that a colour means the same programme everywhere.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "tip_palette.h"
#include "tip_csv.h"
#include "tip_datadir.h"

const struct rep_indicator_info rep_indicators[] = {
	{"prevention_activities", RP_PREVENTION, "Prevention activities",
	    "Awareness campaigns, trainings, hotlines, outreach, school and "
	    "media activities held in the period.", 0, 1},
	{"prevention_participants", RP_PREVENTION, "Participants reached",
	    "Persons taking part in prevention activities (female plus male "
	    "participants).", 0, 1},
	{"officials_trained", RP_PREVENTION, "Officials trained",
	    "Participants in trainings whose target group is officials.", 0, 1},
	{"victims_identified", RP_PROTECTION, "Victims identified",
	    "Actual and presumed victims identified in the period, by date "
	    "of identification.", 0, 1},
	{"victims_per_100k", RP_PROTECTION,
	    "Victims per 100,000 population (SDG 16.2.2)",
	    "Victims identified per 100,000 population of the country and "
	    "year (SDG indicator 16.2.2).", 0, 0},
	{"child_victims_share", RP_PROTECTION, "Share of child victims",
	    "Victims under 18 years as a share of victims of known age.", 1, 1},
	{"victims_referred_nrm_share", RP_PROTECTION,
	    "Share referred to the NRM",
	    "Victims referred to the National Referral Mechanism as a share "
	    "of victims identified.", 1, 1},
	{"victims_assisted_share", RP_PROTECTION, "Share assisted",
	    "Victims receiving at least one form of assistance as a share of "
	    "victims identified.", 1, 0},
	{"victims_referred_nrm", RP_PROTECTION, "Victims referred to the NRM",
	    "Victims referred through the National Referral Mechanism.", 0, 0},
	{"victims_assisted", RP_PROTECTION, "Victims assisted",
	    "Victims receiving at least one form of assistance (by type: a "
	    "victim counts once per type and once in the total).", 0, 0},
	{"victims_asylum_channel", RP_PROTECTION,
	    "Victims identified in asylum procedures",
	    "Victims identified through, or referred to, the asylum "
	    "channel.", 0, 0},
	{"persons_investigated", RP_PROSECUTION, "Persons investigated",
	    "Persons investigated for trafficking offences.", 0, 1},
	{"persons_prosecuted", RP_PROSECUTION, "Persons prosecuted",
	    "Persons prosecuted for trafficking offences.", 0, 1},
	{"persons_convicted", RP_PROSECUTION, "Persons convicted",
	    "Persons convicted of trafficking offences.", 0, 1},
	{"conviction_ratio", RP_PROSECUTION, "Conviction ratio",
	    "Persons convicted per 100 persons prosecuted in the same period "
	    "(not a cohort: it can pass 100%).", 0, 0},
	{"coordination_events", RP_PARTNERSHIP, "Coordination events",
	    "NRM meetings, task forces, cross-border meetings, joint trainings "
	    "and standard operating procedures adopted.", 0, 1},
	{"nrm_referrals", RP_PARTNERSHIP, "Referrals through coordination",
	    "Referrals made through coordination mechanisms.", 0, 1},
	{"coordination_participants", RP_PARTNERSHIP,
	    "Participants in coordination",
	    "People taking part in coordination events.", 0, 0},
	{NULL, RP_OTHER, NULL, NULL, 0, 0},
};

const struct rep_indicator_info *
rep_indicator_info(const char *id)
{
	for (size_t i = 0; rep_indicators[i].id != NULL; i++)
		if (strcmp(rep_indicators[i].id, id) == 0)
			return &rep_indicators[i];
	return NULL;
}

int
rep_indicator_rank(const char *id)
{
	size_t i;

	for (i = 0; rep_indicators[i].id != NULL; i++)
		if (strcmp(rep_indicators[i].id, id) == 0)
			return (int)i;
	return (int)i;
}

static const struct {
	const char *id, *name;
} pillars[RP_NPILLAR] = {
	{"prevention", "Prevention"},
	{"protection", "Protection"},
	{"prosecution", "Prosecution"},
	{"partnership", "Partnership"},
	{"other", "Other indicators"},
};

const char *
rep_pillar_name(enum rep_pillar p)
{
	return pillars[p < RP_NPILLAR ? p : RP_OTHER].name;
}

const char *
rep_pillar_id(enum rep_pillar p)
{
	return pillars[p < RP_NPILLAR ? p : RP_OTHER].id;
}

const char *
rep_pillar_colour(enum rep_pillar p)
{
	const char *c = tip_pillar_colour(rep_pillar_id(p));

	return c != NULL ? c : "#666666";
}

enum rep_pillar
rep_pillar_from(const char *s)
{
	for (int p = 0; p < RP_OTHER; p++)
		if (strcmp(s, pillars[p].id) == 0)
			return (enum rep_pillar)p;
	return RP_OTHER;
}

/* Names and colours are tip_palette's: the same in tip-chart. */
const char *
rep_programme_name(const char *code)
{
	return tip_programme_name(code);
}

const char *
rep_programme_colour(const char *code)
{
	const char *c = tip_programme_colour(code);

	return c != NULL ? c : "#999999";
}

int
rep_programme_rank(const char *code)
{
	int r = tip_programme_rank(code);

	return r >= 0 ? r : TIP_NPROGRAMMES;
}

static const struct {
	const char *code, *label;
} codes[] = {
	{"_T", "Total"}, {"_Z", "Not applicable"}, {"_U", "Unknown"},
	{"female", "Female"}, {"male", "Male"}, {"other", "Other"},
	{"unknown", "Unknown"}, {"child", "Children (0-17)"},
	{"adult", "Adults (18+)"}, {"sexual", "Sexual exploitation"},
	{"labour", "Forced labour"}, {"forced_labour", "Forced labour"},
	{"begging", "Forced begging"}, {"forced_begging", "Forced begging"},
	{"domestic_servitude", "Domestic servitude"},
	{"forced_marriage", "Forced marriage"},
	{"organ_removal", "Organ removal"}, {"criminal", "Forced criminality"},
	{"forced_criminality", "Forced criminality"},
	{"national", "Nationals"}, {"foreign", "Foreigners"},
	{"general_public", "General public"},
	{"children_youth", "Children and youth"}, {"migrants", "Migrants"},
	{"refugees_asylum_seekers", "Refugees and asylum seekers"},
	{"roma", "Roma"}, {"labour_recruiters", "Labour recruiters"},
	{"officials", "Officials"}, {"nrm_meeting", "NRM meetings"},
	{"task_force", "Task forces"}, {"cross_border", "Cross-border"},
	{"joint_training", "Joint trainings"}, {"sop_adopted", "SOPs adopted"},
	{"shelter", "Shelter"}, {"medical", "Medical"}, {"legal", "Legal"},
	{"psychosocial", "Psychosocial"},
};

char *
rep_code_label(const char *code)
{
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(codes[i].code, code) == 0)
			return tip_xstrdup(codes[i].label);
	char *s = tip_xstrdup(code);
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = ' ';
	if (islower((unsigned char)s[0]))
		s[0] = (char)toupper((unsigned char)s[0]);
	return s;
}

int
rep_period_kind(const char *p)
{
	size_t n = strlen(p);

	if (n < 4)
		return 0;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)p[i]))
			return 0;
	if (n == 4)
		return 1;
	if (n == 6 && p[4] == 'Q' && p[5] >= '1' && p[5] <= '4')
		return 2;
	return 0;
}

const char *
rep_period_label(const char *p, char buf[32])
{
	if (rep_period_kind(p) == 2) {
		snprintf(buf, 32, "%.4s Q%c", p, p[5]);
		return buf;
	}
	return p;
}

/* Inserts a comma every three digits into the integer part of s. */
static void
group_digits(const char *s, char buf[64])
{
	const char *p = s;
	size_t o = 0;

	if (*p == '-')
		buf[o++] = *p++;
	size_t ndig = strspn(p, "0123456789");
	for (size_t i = 0; i < ndig && o < 60; i++) {
		if (i > 0 && (ndig - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = p[i];
	}
	p += ndig;
	while (*p != '\0' && o < 63)
		buf[o++] = *p++;
	buf[o] = '\0';
}

const char *
rep_format_value(const char *v, int percent, char buf[64])
{
	char tmp[64];
	char *end;
	double d;

	if (v == NULL || *v == '\0' || strlen(v) > 40)
		return NULL;
	d = strtod(v, &end);
	if (*end != '\0' || !isfinite(d))
		return NULL;
	if (percent) {
		/* 1: a share in 0..1; 2: already in percent. */
		snprintf(tmp, sizeof(tmp), "%.1f%%", percent == 2 ? d : d * 100.0);
	} else if (strspn(v, "-0123456789") == strlen(v)) {
		snprintf(tmp, sizeof(tmp), "%s", v);
	} else if (fabs(d) >= 100) {
		snprintf(tmp, sizeof(tmp), "%.0f", d);
	} else if (fabs(d) >= 10) {
		snprintf(tmp, sizeof(tmp), "%.1f", d);
	} else {
		snprintf(tmp, sizeof(tmp), "%.2f", d);
	}
	group_digits(tmp, buf);
	return buf;
}

static struct {
	char *code, *name;
} country[512];
static size_t ncountry;

static int
on_country(void *ctx, const struct tip_csv_row *row)
{
	(void)ctx;
	if (row->recno == 1 || row->n < 3 || ncountry >= 512)
		return 0;
	country[ncountry].code = tip_xstrdup(row->f[0].s);
	country[ncountry].name = tip_xstrdup(row->f[2].s);
	ncountry++;
	return 0;
}

void
rep_countries_load(const char *schema_dir)
{
	char *path = tip_strdupf("%s/reference/countries.csv", schema_dir);
	struct tip_csv *c = tip_csv_new(NULL, on_country, NULL);

	if (c != NULL)
		(void)tip_csv_read_path(c, path);
	tip_csv_free(c);
	free(path);
}

void
rep_countries_release(void)
{
	for (size_t i = 0; i < ncountry; i++) {
		free(country[i].code);
		free(country[i].name);
	}
	ncountry = 0;
}

const char *
rep_country_name(const char *iso3)
{
	for (size_t i = 0; i < ncountry; i++)
		if (strcmp(country[i].code, iso3) == 0)
			return country[i].name;
	return iso3;
}
