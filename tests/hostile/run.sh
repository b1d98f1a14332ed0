#!/usr/bin/env bash
# The hostile-input corpus: every case in cases/*.case is a broken or
# hostile input (archive, CSV, schema, catalogue, label, operation) with its
# expected outcome. For every case, beyond its own expectation:
#  - no crash (no signal, no exit 70),
#  - nothing written outside the data directory (a sentinel tree beside it
#    is unchanged, and so are schemas/ and samples/ of the checkout),
#  - no command run (the marker /tmp/tip-hostile-pwned never appears),
#  - rows in = accepted + rejected in every validate report.
# A case file is bash defining: what (one line), stage (ingest, validate,
# aggregate, chart, report, pipeline), want_rc, optional want_err (an ERE
# for stderr), setup() (fills $D, may set args=(...), export variables, or
# call skip_case REASON), optional verify() (its output is shown on
# failure) and optional invoke() to run the stage another way (default:
# "$BIN/tip-$stage" -d "$D" "${args[@]}" with stdout and stderr in
# $W/out and $W/err). Each case runs in its own subshell, in $W, with
# TIP_SCHEMAS pointing at the checkout's schemas/.
# Helpers for cases: tests/hostile/lib.sh.
#   HOSTILE='arc-*' tests/hostile/run.sh    runs some cases only
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib.sh"

PWNED=/tmp/tip-hostile-pwned
export PWNED TIP_SCHEMAS=$TOP/schemas
# What must never change, whatever a case does (the checkout's inputs).
tree_sum() {
	(cd "$1" && find . -path ./data -prune -o -type f -print |
	    grep -v -e '^\./out$' -e '^\./err$' -e '^\./setup\.log$' |
	    sort | xargs -r sha256sum 2>/dev/null)
}
checkout_before=$( (tree_sum "$TOP/schemas"; tree_sum "$TOP/samples") | sha256sum)

run_case() {
	local c=$1 name rc problems=() before after v
	name=$(basename "$c" .case)
	what="" stage="" want_rc="" want_err="" args=() skip_reason=""
	# shellcheck disable=SC1090
	. "$c"
	W=$T/$name
	mkdir -p "$W/outside"
	echo sentinel >"$W/outside/sentinel"
	D=$W/data
	mkdir -p "$D/inbox"
	rm -f "$PWNED"
	cd "$W" || return
	setup >"$W/setup.log" 2>&1 || {
		[ -n "$skip_reason" ] && { skip "$name: $what" "$skip_reason"; return; }
		not_ok "$name: setup" "$(tail -5 "$W/setup.log")"
		return
	}
	[ -n "$skip_reason" ] && { skip "$name: $what" "$skip_reason"; return; }
	before=$(tree_sum "$W")
	if declare -f invoke >/dev/null; then
		invoke
	else
		"$BIN/tip-$stage" -d "$D" "${args[@]}" >"$W/out" 2>"$W/err"
	fi
	rc=$?
	cd "$W" || return
	after=$(tree_sum "$W")
	[ "$rc" = "$want_rc" ] || problems+=("exit $rc, want $want_rc")
	[ "$rc" -ge 128 ] && [ "$want_rc" -lt 128 ] &&
		problems+=("killed by signal $((rc - 128))")
	[ "$rc" = 70 ] && [ "$want_rc" != 70 ] && problems+=("internal error")
	grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer|Invalid (read|write)|definitely lost' \
	    "$W/err" 2>/dev/null && problems+=("sanitizer or valgrind report")
	if [ -n "$want_err" ] && ! grep -qE -- "$want_err" "$W/err"; then
		problems+=("stderr lacks /$want_err/")
	fi
	[ "$before" = "$after" ] || problems+=("something changed outside the data directory")
	[ -e "$PWNED" ] && problems+=("a command from the input ran")
	if compgen -G "$D/validated/*/report.json" >/dev/null; then
		v=$(rows_ok "$D"/validated/*/report.json) ||
			problems+=("rows read != accepted + rejected in $v")
	fi
	if declare -f verify >/dev/null; then
		v=$(verify 2>&1) || problems+=("verify failed: ${v:-(no output)}")
	fi
	if [ ${#problems[@]} = 0 ]; then
		ok "$name: $what"
	else
		not_ok "$name: $what" "${problems[@]}" "stderr: $(head -c 400 "$W/err")"
	fi
	rm -f "$PWNED"
}

for c in "$(dirname "$0")"/cases/*.case; do
	case $(basename "$c" .case) in ${HOSTILE:-*}) ;; *) continue ;; esac
	c=$(cd "$(dirname "$c")" && pwd)/$(basename "$c")
	start=$(date +%s%N)
	( run_case "$c" )
	ms=$((($(date +%s%N) - start) / 1000000))
	[ "$ms" -gt 5000 ] && echo "# slow case: $(basename "$c" .case) took ${ms} ms"
done
checkout_after=$( (tree_sum "$TOP/schemas"; tree_sum "$TOP/samples") | sha256sum)
if [ "$checkout_before" = "$checkout_after" ]; then
	ok "the checkout's schemas/ and samples/ are unchanged"
else
	not_ok "the checkout's schemas/ and samples/ are unchanged"
fi
