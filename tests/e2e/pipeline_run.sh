#!/usr/bin/env bash
# tip-pipeline end to end on the committed samples: a full run, the no-op
# rerun, dry run, schema change, and the stage range options.
. "$(dirname "$0")/lib.sh"

# Checksums of every output (run records excluded: logs, last-run, lock).
outputs_sum() {
	(cd "$1" && find . -type f ! -path './logs/*' ! -path './state/lock' \
	    ! -path './state/last-run.json' ! -path './state/fingerprints.tsv' \
	    ! -name '.tip-demo' -print0 | sort -z | xargs -0 sha256sum)
}

D=$(newdata)
cp "$TOP"/samples/*.csv "$TOP"/samples/*.gz "$TOP"/samples/*.tgz \
    "$TOP"/samples/*.tar "$TOP"/samples/*.xz "$TOP"/samples/*.zip "$D/inbox/" 2>/dev/null
n_in=$(ls "$D/inbox" | wc -l)

run "$BIN/tip-pipeline" -d "$D"
expect_rc "full run on the samples exits 65 (defective samples)" 65
if grep -q "rejected" "$T/err" && [ ! -s "$T/out" ]; then
	ok "full run: short summary on stderr, nothing on stdout"
else
	not_ok "full run: short summary on stderr, nothing on stdout" \
	    "stdout: $(head -c 300 "$T/out")" "stderr: $(head -c 300 "$T/err")"
fi
check "inbox emptied" test -z "$(ls "$D/inbox")"
n_seen=$(( $(ls "$D/state/archive" | wc -l) + $(ls "$D/quarantine" | grep -vc '\.reason$') ))
if [ "$n_seen" = "$n_in" ]; then
	ok "every inbox file archived or quarantined ($n_in)"
else
	not_ok "every inbox file archived or quarantined" "$n_seen of $n_in"
fi
check "a quarantined sample has a reason" \
    test -n "$(ls "$D"/quarantine/*.reason 2>/dev/null)"
check "row rejects written" test -n "$(find "$D/rejected" -name '*.csv' -size +0)"
check "indicators written" test -s "$D/aggregates/indicators.csv"
check "public indicators written" test -s "$D/aggregates/indicators_public.csv"
check "SDG 16.2.2 written" test -s "$D/aggregates/sdg_16_2_2.csv"
check "PNG charts written" test "$(ls "$D"/charts/*.png 2>/dev/null | wc -l)" -ge 7
check "SVG charts written" test "$(ls "$D"/charts/*.svg 2>/dev/null | wc -l)" -ge 7
check "report written" test -s "$D/reports/donor-report.html"
# The stages agree on units: the key-figure shares are percentages of at
# most 100 (conviction ratios may pass 100: different cohorts).
shares=$(grep -oE '[0-9.,]+%</span>.{0,80}Share[^<]*' "$D/reports/donor-report.html")
if [ "$(echo "$shares" | grep -c .)" -ge 2 ] &&
    [ -z "$(echo "$shares" | tr -d ',' | awk -F% '$1 > 100')" ]; then
	ok "report key-figure shares are percentages of at most 100"
else
	not_ok "report key-figure shares are percentages of at most 100" "$shares"
fi
check "run log written" test -n "$(ls "$D"/logs/run-*.log 2>/dev/null)"
check "last-run.json written" grep -q '"status": 65' "$D/state/last-run.json"
if grep -q '"ran": true' "$D/state/last-run.json" &&
    grep -q '# validate' "$D"/logs/run-*.log; then
	ok "log names each stage's command line"
else
	not_ok "log names each stage's command line"
fi
check "no temp leftovers" test -z "$(find "$D" -name '.*tmp*')"
perm=$(find "$D" -mindepth 1 \( -type f -perm /077 -o -type d -perm /077 \) ! -path "$D/inbox*" | head -3)
if [ -z "$perm" ]; then ok "outputs are private (0600/0700)"; else not_ok "outputs are private" "$perm"; fi

# A second run with nothing new does nothing and changes nothing.
outputs_sum "$D" >"$T/sum1"
run "$BIN/tip-pipeline" -d "$D"
expect_rc "rerun with no new input exits 0" 0
check "rerun is silent" test ! -s "$T/err" -a ! -s "$T/out"
outputs_sum "$D" >"$T/sum2"
same_file "rerun leaves every output byte-identical" "$T/sum2" "$T/sum1"
if ! grep -q '"ran": true' "$D/state/last-run.json"; then
	ok "rerun ran no stage"
else
	not_ok "rerun ran no stage" "$(grep -B2 '"ran": true' "$D/state/last-run.json")"
fi

# Dry run says what would happen and changes nothing.
run "$BIN/tip-pipeline" -d "$D" --dry-run
if [ "$RC" = 0 ] && grep -q "validate: up to date" "$T/out"; then
	ok "dry run reports stages up to date"
else
	not_ok "dry run reports stages up to date" "exit $RC: $(cat "$T/out")"
fi
cp "$TOP/samples/SRB_UNODC_2010Q1.tar.gz" "$D/inbox/new.tar.gz"
run "$BIN/tip-pipeline" -d "$D" --dry-run
check "dry run sees the new inbox file" grep -q "would ingest 1 file" "$T/out"
check "dry run leaves the inbox file" test -f "$D/inbox/new.tar.gz"
rm -f "$D/inbox/new.tar.gz"
outputs_sum "$D" >"$T/sum3"
same_file "dry run changes nothing" "$T/sum3" "$T/sum1"

# Deleting an output reruns the stage that makes it; nothing else.
rm "$D/reports/donor-report.html"
run "$BIN/tip-pipeline" -d "$D"
expect_rc "rerun after deleting the report exits 0" 0
check "report recreated" test -s "$D/reports/donor-report.html"
outputs_sum "$D" >"$T/sum4"
same_file "recreated report is byte-identical" "$T/sum4" "$T/sum1"

# A schema change makes validate recompute everything.
S=$T/schemas
cp -r "$TOP/schemas" "$S"
sed -i 's/"title"/"title" /' "$S/victims.json"
TIP_SCHEMAS=$S run "$BIN/tip-pipeline" -d "$D" -v
if grep -q "validate (schemas or catalogue changed)" "$D"/logs/run-*.log &&
    grep -q -- "tip-validate -d .* --force" "$D"/logs/run-*.log; then
	ok "a schema change reruns validate with --force"
else
	not_ok "a schema change reruns validate with --force" "exit $RC"
fi

# Stage ranges.
run "$BIN/tip-pipeline" -d "$D" --only chart --force
expect_rc "--only chart --force exits 0" 0
if grep -q '"stage": "chart"' "$D/state/last-run.json" &&
    ! grep -q '"stage": "report"' "$D/state/last-run.json"; then
	ok "--only runs one stage"
else
	not_ok "--only runs one stage"
fi
run "$BIN/tip-pipeline" -d "$D" --from report --to chart
expect_rc "--from after --to is a usage error" 64
run "$BIN/tip-pipeline" -d "$D" --only nonsense
expect_rc "unknown stage is a usage error" 64

# Config file: a bad key is a configuration error naming file and line.
printf 'wait = 1\nbogus = 2\n' >"$T/bad.conf"
run "$BIN/tip-pipeline" -d "$D" --config "$T/bad.conf"
if [ "$RC" = 78 ] && grep -q "bad.conf:2" "$T/err"; then
	ok "bad config key gives 78 naming file:line"
else
	not_ok "bad config key gives 78 naming file:line" "exit $RC: $(cat "$T/err")"
fi
printf 'chart.options = --format svg\n' >"$T/good.conf"
run "$BIN/tip-pipeline" -d "$D" --config "$T/good.conf" --only chart --force
if [ "$RC" = 0 ] && grep -q -- "tip-chart -d .* --format svg" "$D"/logs/run-*.log; then
	ok "config passes stage options"
else
	not_ok "config passes stage options" "exit $RC"
fi

# A runner killed while writing its own records leaves a temp file in
# state/: the next run removes it.
echo partial >"$D/state/.last-run.json.tmp.99999"
run "$BIN/tip-pipeline" -d "$D"
check "a leftover temp file in state/ is swept" test ! -e "$D/state/.last-run.json.tmp.99999"
