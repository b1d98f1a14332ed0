# Shared helpers for end-to-end tests: sourced by tests/e2e/*.sh.
# Each case prints one TAP line ("ok - name" or "not ok - name" with
# "#"-prefixed detail lines); tests/run counts them.
# Every script gets a fresh temp folder $T (kept with KEEP_TMP=1).
set -u
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BIN=${BIN:-$TOP/bin}
BUILD=${BUILD:-$TOP/build}
export LC_ALL=C TZ=UTC
# Results depend on no clock: the ingest time is fixed.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1277942400}
unset TIP_DATA TIP_LOCK_FD
T=$(mktemp -d /tmp/tip-e2e.XXXXXX)
trap '[ "${KEEP_TMP:-0}" = 1 ] && echo "# kept $T" || rm -rf "$T"' EXIT

# Under TIP_MEMCHECK=1 every tip executable runs under valgrind: a wrapper
# folder takes the place of BIN.
if [ "${TIP_MEMCHECK:-0}" = 1 ] && [ -z "${TIP_REAL_BIN:-}" ]; then
	export TIP_REAL_BIN=$BIN
	vg=$(command -v valgrind) # absolute: some tests empty PATH
	mkdir -p "$T/.vg"
	for p in "$BIN"/tip-*; do
		n=${p##*/}
		cat >"$T/.vg/$n" <<EOS
#!/bin/sh
exec $vg -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --trace-children=no "$p" "\$@"
EOS
		chmod +x "$T/.vg/$n"
	done
	BIN=$T/.vg
fi
export BIN PATH="$BIN:$PATH"

ok() { echo "ok - $*"; }
not_ok() {
	echo "not ok - $1"
	shift
	for l in "$@"; do printf '#   %s\n' "$l"; done
}
skip() { echo "ok - $1 # SKIP $2"; }

# run CMD...: runs it with stdout/stderr in $T/out and $T/err, status in RC.
run() {
	"$@" >"$T/out" 2>"$T/err"
	RC=$?
}
# expect_rc NAME WANT: checks the status of the last run.
expect_rc() {
	if [ "$RC" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "exit $RC, want $2" "stderr: $(head -c 800 "$T/err")"
	fi
}
# check NAME CMD...: ok when CMD succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}
# same_file NAME GOT WANT: diff -u, shown on failure.
same_file() {
	if diff -u "$3" "$2" >"$T/diff" 2>&1; then
		ok "$1"
	else
		not_ok "$1" "$(head -c 2000 "$T/diff")"
	fi
}
# newdata [NAME]: prints the path of a fresh data directory with an inbox.
newdata() {
	local d
	d=$(mktemp -d "$T/data.XXXXXX")
	mkdir -p "$d/inbox"
	echo "$d"
}
