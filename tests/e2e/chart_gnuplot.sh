#!/usr/bin/env bash
# How tip-chart runs gnuplot: missing gnuplot is 69 with an install hint
# and the .dat/.gp files still written; a failing gnuplot names the chart,
# keeps its script and gives 70 while the other charts render; a hanging
# gnuplot is stopped by --timeout; gnuplot gets -d, no shell, stdin from
# /dev/null, the charts folder as cwd and no GNUPLOT_* environment.
. "$(dirname "$0")/lib.sh"

FIX=$TOP/tests/e2e/fixtures/chart/basic
STEMS="overview victims_quarterly exploitation sex_age justice_funnel sdg_rate data_quality"
fixture() {
	local d
	d=$(mktemp -d "$T/data.XXXXXX")
	cp -r "$FIX/." "$d/"
	echo "$d"
}
all_scripts() {
	for s in $STEMS; do
		[ -s "$1/charts/$s.dat" ] && [ -s "$1/charts/$s.gp" ] || return 1
	done
}

# 1. gnuplot not on PATH (a PATH holding only what the shell needs).
D=$(fixture)
mkdir -p "$T/nognuplot"
PATH=$T/nognuplot run "$BIN/tip-chart" -d "$D"
if [ "$RC" = 69 ] && grep -q "apt-get install gnuplot-nox" "$T/err" && all_scripts "$D" &&
    [ -z "$(ls "$D"/charts/*.png 2>/dev/null)" ]; then
	ok "no gnuplot on PATH: 69, install hint, .dat and .gp written"
else
	not_ok "no gnuplot on PATH: 69" "exit $RC" "$(cat "$T/err")"
fi
check "stdout stays empty when gnuplot is missing" test ! -s "$T/out"

D=$(fixture)
run "$BIN/tip-chart" -d "$D" --gnuplot /nonexistent/gnuplot
if [ "$RC" = 69 ] && grep -q "/nonexistent/gnuplot" "$T/err" && all_scripts "$D"; then
	ok "--gnuplot /nonexistent: 69, names it, .dat and .gp written"
else
	not_ok "--gnuplot /nonexistent: 69" "exit $RC" "$(cat "$T/err")"
fi

# 2. A stand-in gnuplot that records how it was run, then renders for real
#    through the real one (when installed) or writes placeholder images.
REAL=$(command -v gnuplot || true)
FAKE=$T/fake-gnuplot
cat >"$FAKE" <<EOS
#!/bin/bash
# One write per run: tip-chart runs several gnuplots at once.
rec="argv:\$(printf ' [%s]' "\$@")
cwd: \$(pwd)
stdin: \$(readlink /proc/self/fd/0)
\$(env | sort | sed 's/^/env: /')"
printf '%s\n' "\$rec" >>"$T/fake.log"
case "\$*" in *sdg_rate.gp*) echo 'line 3: some error in the plot' >&2; exit 1 ;; esac
case "\$*" in *sex_age.gp*) [ -e "$T/hang" ] && echo \$\$ >"$T/hang.pid" && exec sleep 30 ;; esac
exec "${REAL:-/bin/false}" "\$@"
EOS
chmod +x "$FAKE"
if [ -z "$REAL" ]; then
	skip "gnuplot argv, cwd, stdin, environment" "gnuplot not installed"
else
	D=$(fixture)
	GNUPLOT_LIB=/evil GNUPLOT_DRIVER_DIR=/evil GDFONTPATH=/evil \
	    run "$BIN/tip-chart" -d "$D" --gnuplot "$FAKE"
	if [ "$RC" = 70 ] && grep -q "chart 'sdg_rate'" "$T/err" &&
	    grep -q "some error" "$T/err" && grep -q "sdg_rate.gp" "$T/err"; then
		ok "gnuplot error: 70, message names the chart and its script"
	else
		not_ok "gnuplot error: 70 naming the chart" "exit $RC" "$(cat "$T/err")"
	fi
	check "failed chart: script and data kept" test -s "$D/charts/sdg_rate.gp" -a -s "$D/charts/sdg_rate.dat"
	check "failed chart: no image, no temp file" \
	    test ! -e "$D/charts/sdg_rate.png" -a -z "$(ls -A "$D/charts" | grep '^\.')"
	check "other charts still rendered" test -s "$D/charts/data_quality.png" -a -s "$D/charts/overview.svg"
	check "gnuplot runs with -d and the script name (no shell)" \
	    grep -q '^argv: \[-d\] \[-e\] \[tip_png=.*\] \[overview.gp\]$' "$T/fake.log"
	check "gnuplot runs in charts/" grep -qx "cwd: $D/charts" "$T/fake.log"
	check "gnuplot's stdin is /dev/null" grep -qx "stdin: /dev/null" "$T/fake.log"
	check "no GNUPLOT_*/GDFONTPATH in gnuplot's environment" \
	    test -z "$(grep -E '^env: (GNUPLOT|GDFONTPATH)' "$T/fake.log")"
	check "gnuplot's locale is fixed" grep -qx "env: LC_ALL=C.UTF-8" "$T/fake.log"
	check "output names are temp names we made" \
	    grep -q "tip_png='.overview.png.tmp.[0-9]*'" "$T/fake.log"

	# 3. A gnuplot that hangs is stopped.
	D=$(fixture)
	start=$(date +%s)
	touch "$T/hang"
	run "$BIN/tip-chart" -d "$D" --gnuplot "$FAKE" --timeout 1
	took=$(($(date +%s) - start))
	if [ "$RC" = 70 ] && [ "$took" -lt 10 ] && grep -q "chart 'sex_age'.*longer than 1 s" "$T/err"; then
		ok "hanging gnuplot stopped after --timeout (took ${took}s), 70"
	else
		not_ok "hanging gnuplot stopped after --timeout" "exit $RC, ${took}s" "$(cat "$T/err")"
	fi
	check "timed-out chart keeps its script" test -s "$D/charts/sex_age.gp"
	rm -f "$T/hang"
	check "the hanging process was killed" test -s "$T/hang.pid" -a ! -d "/proc/$(cat "$T/hang.pid" 2>/dev/null || echo 0)"
fi

# 4. Bad options.
run "$BIN/tip-chart" --format png,gif
check "--format png,gif: 64, empty stdout" test "$RC" = 64 -a ! -s "$T/out"
run "$BIN/tip-chart" --timeout 0
check "--timeout 0: 64" test "$RC" = 64
run "$BIN/tip-chart" --no-such
check "unknown option: 64, empty stdout" test "$RC" = 64 -a ! -s "$T/out"
run "$BIN/tip-chart" --help
check "--help: 0, usage on stdout" grep -q "^usage: tip-chart" "$T/out"
