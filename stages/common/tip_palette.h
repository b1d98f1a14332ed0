/*
 * The programmes of UN.GIFT and the colours tip draws them in: one
 * Okabe-Ito colour (colour-blind safe) per programme and per pillar, shared
 * by tip-chart and tip-report so a programme looks the same in every chart
 * and table. Codes not listed get NULL (or -1): callers choose a neutral.
 */
#ifndef TIP_PALETTE_H
#define TIP_PALETTE_H

/* Number of known programmes; ranks run 0 .. TIP_NPROGRAMMES - 1. */
#define TIP_NPROGRAMMES 6

/* "Serbia" for "SRB", or NULL. */
const char *tip_programme_name(const char *code);
/* "#0072B2" for "SRB", or NULL. */
const char *tip_programme_colour(const char *code);
/* Position in the usual order (SRB, PAK, ARG-BOL, RWA-BDI, CASIA, EGY),
 * or -1. */
int tip_programme_rank(const char *code);
/* Colour of a pillar ("prevention", "protection", "prosecution",
 * "partnership"), or NULL. */
const char *tip_pillar_colour(const char *pillar);

#endif
