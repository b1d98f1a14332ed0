#!/usr/bin/env bash
# The hostile-input corpus: every case in cases/*.case is a broken or
# hostile input (archive, CSV, schema, catalogue, label, operation) with its
# expected outcome. For every case, beyond its own expectation:
#  - no crash (no signal, no exit 70),
#  - nothing written outside the data directory (a sentinel tree beside it
#    is unchanged),
#  - no command run (the marker /tmp/tip-hostile-pwned never appears),
#  - rows in = accepted + rejected in every validate report.
# A case file is bash defining: what (one line), stage (ingest, validate,
# aggregate, chart, report, pipeline), want_rc, optional want_err (an ERE
# for stderr), setup() (fills $D, may set args=(...)), optional verify().
# Helpers for cases: tests/hostile/lib.sh.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib.sh"

PWNED=/tmp/tip-hostile-pwned
for c in "$(dirname "$0")"/cases/*.case; do
	name=$(basename "$c" .case)
	unset -f setup verify
	what="" stage="" want_rc="" want_err="" args=()
	# shellcheck disable=SC1090
	. "$c"
	W=$T/$name
	mkdir -p "$W/outside"
	echo sentinel >"$W/outside/sentinel"
	D=$W/data
	mkdir -p "$D/inbox"
	rm -f "$PWNED"
	(cd "$W" && setup) >"$W/setup.log" 2>&1 || {
		not_ok "$name: setup" "$(tail -5 "$W/setup.log")"
		continue
	}
	before=$(cd "$W" && find . -path ./data -prune -o -print | sort | xargs -r sha256sum 2>/dev/null | sort)
	( cd "$W" && "$BIN/tip-$stage" -d "$D" "${args[@]}" ) >"$W/out" 2>"$W/err"
	rc=$?
	after=$(cd "$W" && find . -path ./data -prune -o -print | grep -v -e '^\./out$' -e '^\./err$' | sort | xargs -r sha256sum 2>/dev/null | sort)
	before=$(echo "$before" | grep -v -e '\./out$' -e '\./err$')
	problems=()
	[ "$rc" = "$want_rc" ] || problems+=("exit $rc, want $want_rc")
	[ "$rc" -ge 128 ] && problems+=("killed by signal $((rc - 128))")
	[ "$rc" = 70 ] && [ "$want_rc" != 70 ] && problems+=("internal error")
	if [ -n "$want_err" ] && ! grep -qE -- "$want_err" "$W/err"; then
		problems+=("stderr lacks /$want_err/")
	fi
	[ "$before" = "$after" ] || problems+=("something changed outside the data directory")
	[ -e "$PWNED" ] && problems+=("a command from the input ran")
	for r in "$D"/validated/*/report.json; do
		[ -f "$r" ] || continue
		rows_ok "$r" || problems+=("rows read != accepted + rejected in $r")
	done
	if declare -f verify >/dev/null; then
		v=$(verify 2>&1) || problems+=("verify: $v")
	fi
	if [ ${#problems[@]} = 0 ]; then
		ok "$name: $what"
	else
		not_ok "$name: $what" "${problems[@]}" "stderr: $(head -c 400 "$W/err")"
	fi
	rm -f "$PWNED"
done
