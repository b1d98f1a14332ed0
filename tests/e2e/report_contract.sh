#!/usr/bin/env bash
# tip-report's command-line contract: misuse, help, version, missing input,
# the lock, and a full stdout.
. "$(dirname "$0")/lib.sh"
FIX=$TOP/tests/e2e/fixtures/report/datadir

run "$BIN/tip-report" --no-such-option
expect_rc "unknown option exits 64" 64
check "unknown option: empty stdout" test ! -s "$T/out"
check "unknown option: names it" grep -q "unknown option '--no-such-option'" "$T/err"

run "$BIN/tip-report" -x
expect_rc "unknown short option exits 64" 64
check "unknown short option: empty stdout" test ! -s "$T/out"

run "$BIN/tip-report" --wait
expect_rc "--wait without a value exits 64" 64
check "--wait without a value: names the option" grep -q "'--wait' needs an argument" "$T/err"

run "$BIN/tip-report" --wait soon
expect_rc "--wait with junk exits 64" 64

run "$BIN/tip-report" extra
expect_rc "an operand exits 64" 64

run "$BIN/tip-report" --help
expect_rc "--help exits 0" 0
check "--help prints usage on stdout" grep -q '^usage: tip-report' "$T/out"
check "--help: empty stderr" test ! -s "$T/err"

run "$BIN/tip-report" -V
expect_rc "-V exits 0" 0
check "-V names the program" grep -q '^tip-report (tip) ' "$T/out"

if [ -w /dev/full ]; then
	"$BIN/tip-report" --help >/dev/full 2>"$T/err"
	RC=$?
	expect_rc "--help to a full disk exits 74" 74
else
	skip "--help to a full disk exits 74" "no /dev/full"
fi

run "$BIN/tip-report" -d "$T/nowhere"
expect_rc "missing data directory exits 66" 66

d=$(newdata)
run "$BIN/tip-report" -d "$d"
expect_rc "missing aggregates exit 66" 66
check "missing aggregates: names the file" grep -q "indicators_public.csv" "$T/err"
check "missing aggregates: says to run tip-aggregate" grep -q "run tip-aggregate first" "$T/err"
check "missing aggregates: no report" test ! -e "$d/reports/donor-report.html"

cp -r "$FIX" "$T/nometa"
rm "$T/nometa/aggregates/meta.json"
run "$BIN/tip-report" -d "$T/nometa"
expect_rc "missing meta.json exits 66" 66
check "missing meta.json: names it" grep -q "meta.json" "$T/err"

cp -r "$FIX" "$T/restr"
rm "$T/restr/aggregates/indicators.csv"
run "$BIN/tip-report" -d "$T/restr" --restricted
expect_rc "--restricted without indicators.csv exits 66" 66
check "--restricted: names indicators.csv" grep -q "indicators.csv'" "$T/err"

cp -r "$FIX" "$T/badhdr"
printf 'foo,bar\n1,2\n' >"$T/badhdr/aggregates/indicators_public.csv"
run "$BIN/tip-report" -d "$T/badhdr"
expect_rc "indicators without the required columns exit 65" 65
check "bad header: names the column" grep -q "no column 'indicator'" "$T/err"

if command -v flock >/dev/null; then
	cp -r "$FIX" "$T/locked"
	mkdir -p "$T/locked/state"
	( flock -x 9; sleep 3 ) 9>"$T/locked/state/lock" &
	sleep 0.5
	run "$BIN/tip-report" -d "$T/locked"
	expect_rc "lock held elsewhere exits 75" 75
	check "lock held: empty stdout" test ! -s "$T/out"
	run "$BIN/tip-report" -d "$T/locked" --wait 10
	expect_rc "--wait outlasts the holder" 0
	wait
else
	skip "lock held elsewhere exits 75" "no flock(1)"
fi
