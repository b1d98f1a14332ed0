#!/usr/bin/env bash
# The command-line contract every tip executable keeps (STYLE.md):
# unknown option -> 64 with nothing on stdout; --help -> 0 with usage on
# stdout; --version -> 0; writing --help to a full disk -> 74; a data
# directory that does not exist -> 66 (stages that do not create it).
. "$(dirname "$0")/lib.sh"

for p in ingest validate aggregate chart report pipeline; do
	exe=$BIN/tip-$p
	if [ ! -x "$exe" ]; then
		not_ok "tip-$p exists" "missing $exe"
		continue
	fi
	run "$exe" --no-such-option
	if [ "$RC" = 64 ] && [ ! -s "$T/out" ] && grep -q "no-such-option" "$T/err"; then
		ok "tip-$p: unknown option gives 64, empty stdout, names the option"
	else
		not_ok "tip-$p: unknown option gives 64" "exit $RC" \
		    "stdout: $(head -c 200 "$T/out")" "stderr: $(head -c 200 "$T/err")"
	fi
	run "$exe" -Z
	if [ "$RC" = 64 ] && [ ! -s "$T/out" ]; then
		ok "tip-$p: unknown short option gives 64"
	else
		not_ok "tip-$p: unknown short option gives 64" "exit $RC"
	fi
	run "$exe" --help
	if [ "$RC" = 0 ] && grep -q "usage: tip-$p" "$T/out" && [ ! -s "$T/err" ]; then
		ok "tip-$p: --help gives 0 and usage on stdout"
	else
		not_ok "tip-$p: --help gives 0 and usage on stdout" "exit $RC"
	fi
	run "$exe" -V
	if [ "$RC" = 0 ] && grep -q "^tip-$p (tip) " "$T/out"; then
		ok "tip-$p: -V prints the version"
	else
		not_ok "tip-$p: -V prints the version" "exit $RC: $(cat "$T/out")"
	fi
	if [ -w /dev/full ]; then
		"$exe" --help >/dev/full 2>"$T/err"
		RC=$?
		expect_rc "tip-$p: --help to a full disk gives 74" 74
	else
		skip "tip-$p: --help to a full disk gives 74" "no /dev/full"
	fi
done

# Stages other than ingest and the pipeline need an existing data dir.
for p in validate aggregate chart report; do
	run "$BIN/tip-$p" -d "$T/does-not-exist"
	if [ "$RC" = 66 ] && [ ! -e "$T/does-not-exist" ]; then
		ok "tip-$p: missing data directory gives 66 and creates nothing"
	else
		not_ok "tip-$p: missing data directory gives 66" "exit $RC" \
		    "stderr: $(head -c 300 "$T/err")"
	fi
done

# A long option without its value is named as such, by every executable.
for p in ingest validate aggregate chart report pipeline; do
	run "$BIN/tip-$p" --wait
	if [ "$RC" = 64 ] && [ ! -s "$T/out" ] &&
	    grep -q "option '--wait' needs an argument" "$T/err"; then
		ok "tip-$p: --wait without a value gives 64 and says so"
	else
		not_ok "tip-$p: --wait without a value gives 64 and says so" \
		    "exit $RC: $(head -c 200 "$T/err")"
	fi
done
