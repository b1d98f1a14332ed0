#!/usr/bin/env bash
# Runs of tip-aggregate over time: superseded and rejected submissions are
# left out, a rerun with nothing new is byte-identical, partials are reused
# and recomputed when the catalogue or the data change, outputs follow the
# golden files.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/golden/aggregate/fixture.bash"
G=$TOP/tests/e2e/golden/aggregate

d=$(newdata)
ledger_init "$d"
mk_sub "$d" s1 SRB UNODC 2010Q1 1 60
mk_sub "$d" s2 SRB IOM 2010Q1 2 40
mk_sub "$d" s3 EGY GOV 2010Q2 3 30 rejected
mk_sub "$d" s4 SRB UNODC 2010Q1 4 50   # supersedes s1
run tip-aggregate -d "$d" --schemas "$TOP/schemas"
expect_rc "first run" 0
a=$d/aggregates
ls "$a/partials" >"$T/partials"
printf 's2.tsv\ns4.tsv\n' >"$T/want"
same_file "one partial per current accepted submission" "$T/partials" "$T/want"
if grep -q '"id": "s1",' "$a/meta.json" && grep -q '"reason": "superseded by s4"' "$a/meta.json" &&
    grep -q '"reason": "rejected by validation"' "$a/meta.json" && ! grep -q '^[a-z_]*,[a-z]*,EGY' "$a/indicators.csv"; then
	ok "superseded and rejected submissions left out"
else
	not_ok "superseded and rejected submissions left out"
fi
# numbers: SRB victims equal the rows of s2 + s4 only, not s1
want=$(($(wc -l <"$d/validated/s2/victims.csv") + $(wc -l <"$d/validated/s4/victims.csv") - 2))
got=$(awk -F, '$1 == "victims_identified" && $3 == "SRB" && $4 == "_T" && $6 == "_T" && $7 == "_T" && $8 == "_T" && $5 !~ /Q/ { s += $13 } END { print s }' "$a/indicators.csv")
if [ "$want" = "$got" ]; then ok "superseded numbers do not appear ($got victims)"; else not_ok "superseded numbers do not appear" "want $want got $got"; fi

for f in indicators.csv indicators_public.csv sdg_16_2_2.csv checks.csv meta.json; do
	same_file "golden $f" "$a/$f" "$G/runs.$f"
done
if grep -q '"as_of": "2010-07-04T00:00:00Z"' "$a/meta.json"; then ok "as_of is the latest ingested_at used"; else not_ok "as_of is the latest ingested_at used"; fi

(cd "$a" && find . -type f | sort | xargs sha256sum) >"$T/sum1"
stat -c '%Y %n' "$a"/*.csv >"$T/mtime1"
sleep 1
run tip-aggregate -d "$d" --schemas "$TOP/schemas" -v
expect_rc "rerun" 0
(cd "$a" && find . -type f | sort | xargs sha256sum) >"$T/sum2"
same_file "rerun with nothing new is byte-identical" "$T/sum2" "$T/sum1"
stat -c '%Y %n' "$a"/*.csv >"$T/mtime2"
same_file "unchanged outputs are not rewritten" "$T/mtime2" "$T/mtime1"
if grep -q "'s2': partial up to date" "$T/err" && grep -q "'s4': partial up to date" "$T/err"; then
	ok "partials reused"
else
	not_ok "partials reused" "$(cat "$T/err")"
fi
run tip-aggregate -d "$d" --schemas "$TOP/schemas" --force
(cd "$a" && find . -type f | sort | xargs sha256sum) >"$T/sum3"
same_file "--force recomputes to the same bytes" "$T/sum3" "$T/sum1"

# a new submission: only it is read
mk_sub "$d" s5 ARG-BOL IOM 2010Q2 5 40
run tip-aggregate -d "$d" --schemas "$TOP/schemas" -v
if [ "$RC" = 0 ] && grep -q "'s5': partial computed" "$T/err" && grep -q "'s2': partial up to date" "$T/err"; then
	ok "a nightly run reads only the new submission"
else
	not_ok "a nightly run reads only the new submission" "$(cat "$T/err")"
fi
# revalidated data recomputes its partial
sed -i '$d' "$d/validated/s5/victims.csv"
run tip-aggregate -d "$d" --schemas "$TOP/schemas" -v
if grep -q "'s5': partial computed" "$T/err"; then ok "changed validated file recomputes its partial"; else not_ok "changed validated file recomputes its partial" "$(cat "$T/err")"; fi
# a changed catalogue recomputes every partial
sed 's/"name": "Coordination participants"/"name": "Participants in coordination"/' "$TOP/schemas/indicators.json" >"$T/cat.json"
run tip-aggregate -d "$d" --schemas "$TOP/schemas" --catalogue "$T/cat.json" -v
if [ "$(grep -c 'partial computed' "$T/err")" = 3 ]; then ok "changed catalogue recomputes all partials"; else not_ok "changed catalogue recomputes all partials" "$(cat "$T/err")"; fi
# a stale temp file from a crash is swept
touch "$a/.indicators.csv.tmp.999"
run tip-aggregate -d "$d" --schemas "$TOP/schemas"
if [ ! -e "$a/.indicators.csv.tmp.999" ]; then ok "crash leftovers swept"; else not_ok "crash leftovers swept"; fi
