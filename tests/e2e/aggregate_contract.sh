#!/usr/bin/env bash
# tip-aggregate's command-line contract: misuse, help, version, missing
# input, a bad catalogue, the lock.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/golden/aggregate/fixture.bash"

run tip-aggregate --no-such-option
if [ "$RC" = 64 ] && [ ! -s "$T/out" ] && grep -q "unknown option '--no-such-option'" "$T/err"; then
	ok "unknown option: 64, empty stdout"
else
	not_ok "unknown option: 64, empty stdout" "rc $RC" "$(cat "$T/err")"
fi
run tip-aggregate --k 0
expect_rc "bad --k is a usage error" 64
run tip-aggregate --help
if [ "$RC" = 0 ] && grep -q '^usage: tip-aggregate' "$T/out"; then
	ok "--help: 0 and usage on stdout"
else
	not_ok "--help: 0 and usage on stdout" "rc $RC"
fi
run tip-aggregate -V
expect_rc "-V: 0" 0
run tip-aggregate -d "$T/none"
expect_rc "missing data directory: 66" 66

d=$(newdata)
ledger_init "$d"
run tip-aggregate -d "$d" --schemas "$TOP/schemas"
if [ "$RC" = 66 ] && grep -q 'nothing validated' "$T/err" && [ ! -e "$d/aggregates/indicators.csv" ]; then
	ok "nothing validated: 66, no output"
else
	not_ok "nothing validated: 66, no output" "rc $RC" "$(cat "$T/err")"
fi

mk_sub "$d" s1 SRB UNODC 2010Q1 1 30
sed 's/"pillar": "partnership",/"pillar": "friendship",/' "$TOP/schemas/indicators.json" >"$T/bad.json"
run tip-aggregate -d "$d" --schemas "$TOP/schemas" --catalogue "$T/bad.json"
if [ "$RC" = 78 ] && grep -q "indicator 'coordination_events': unknown pillar" "$T/err"; then
	ok "bad catalogue: 78 naming the indicator"
else
	not_ok "bad catalogue: 78 naming the indicator" "rc $RC" "$(cat "$T/err")"
fi

run tip-aggregate -d "$d" --schemas "$TOP/schemas" --catalogue "$T/none.json"
expect_rc "missing catalogue: 66" 66

if command -v flock >/dev/null; then
	touch "$d/state/lock"
	flock "$d/state/lock" sleep 3 &
	sleep 0.5
	run tip-aggregate -d "$d" --schemas "$TOP/schemas"
	expect_rc "lock held: 75" 75
	wait
else
	skip "lock held: 75" "no flock(1)"
fi
run tip-aggregate -d "$d" --schemas "$TOP/schemas" >/dev/full
expect_rc "a clean run: 0" 0
