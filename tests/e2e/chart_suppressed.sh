#!/usr/bin/env bash
# A suppressed (or missing) value is never drawn as a bar of height zero:
# in every .dat its value is NaN, which gnuplot does not draw, its status
# says why, and a marker row with the word "suppressed" or "no data" stands
# in its place. A true zero stays 0 with status ok. The fixture has
# suppressed cells in every chart checked here.
. "$(dirname "$0")/lib.sh"

FIX=$TOP/tests/e2e/fixtures/chart/basic
D=$(mktemp -d "$T/data.XXXXXX")
cp -r "$FIX/." "$D/"
# The .dat files do not need gnuplot: a missing one still writes them.
run "$BIN/tip-chart" -d "$D" --gnuplot /nonexistent
C=$D/charts
check ".dat files written" test -s "$C/sex_age.dat" -a -s "$C/sdg_rate.dat"

# Bar charts: value in column 3, status in the last column of series rows.
for s in sex_age justice_funnel sdg_rate; do
	n=$(awk -F'\t' '$NF == "\"suppressed\"" && $1 != "\"x\"" && NF == 4' "$C/$s.dat" | wc -l)
	bad=$(awk -F'\t' '$NF == "\"suppressed\"" && NF == 4 && $3 != "NaN"' "$C/$s.dat")
	if [ "$n" -gt 0 ] && [ -z "$bad" ]; then
		ok "$s: $n suppressed cell(s), each with value NaN"
	else
		not_ok "$s: suppressed cells are NaN" "count $n" "bad: $bad"
	fi
	m=$(grep -c '"suppressed"	6$' "$C/$s.dat")
	check "$s: each suppressed cell has its marker row" test "$m" = "$n"
	grep -q "with labels" "$C/$s.gp" && grep -q "title 'suppressed'" "$C/$s.gp"
	check "$s: the script draws the markers and keys 'suppressed'" test $? = 0
done

# The stacked shares: a suppressed form has no share and no segment.
n=$(awk -F'\t' '$NF == "\"suppressed\"" && NF == 7' "$C/exploitation.dat" | wc -l)
bad=$(awk -F'\t' '$NF == "\"suppressed\"" && NF == 7 && ($3 != "NaN" || $4 != "NaN" || $5 != "NaN")' "$C/exploitation.dat")
if [ "$n" -gt 0 ] && [ -z "$bad" ]; then
	ok "exploitation: $n suppressed forms without a segment"
else
	not_ok "exploitation: suppressed forms without a segment" "count $n" "bad: $bad"
fi
check "exploitation: bars note how many forms were suppressed" \
    grep -q '"[0-9]* suppressed"' "$C/exploitation.dat"

# Lines: a suppressed quarter is a gap with a marker at the baseline.
bad=$(awk -F'\t' 'NF == 5 && $4 == "0" && $3 != "NaN"' "$C/victims_quarterly.dat")
n=$(awk -F'\t' 'NF == 5 && $4 == "0"' "$C/victims_quarterly.dat" | wc -l)
check "victims_quarterly: $n suppressed quarter(s), values NaN" test "$n" -gt 0 -a -z "$bad"
n=$(awk -F'\t' 'NF == 5 && $5 == "0" && $3 == "NaN"' "$C/victims_quarterly.dat" | wc -l)
check "victims_quarterly: no_data is a NaN with its own marker" test "$n" -gt 0

# A true zero is a number, not a marker.
check "a true zero stays 0 with status ok" \
    grep -q '"Age unknown"	0	"ok"$' "$C/sex_age.dat"
check "no value is written as an empty field" \
    test -z "$(grep -P '\t\t' "$C"/*.dat)"
