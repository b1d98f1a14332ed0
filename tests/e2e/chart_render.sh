#!/usr/bin/env bash
# tip-chart on a realistic aggregates fixture (tests/e2e/fixtures/chart/
# basic, made by gen-basic.py): all seven charts rendered, .dat/.gp equal
# to the golden files, byte-identical output on a second run, PDF on
# request, no temp files left, modes 0600, the restricted file on request.
# UPDATE_GOLDEN=1 rewrites tests/e2e/golden/chart/ from this run.
. "$(dirname "$0")/lib.sh"

FIX=$TOP/tests/e2e/fixtures/chart/basic
GOLD=$TOP/tests/e2e/golden/chart
STEMS="overview victims_quarterly exploitation sex_age justice_funnel sdg_rate data_quality"
fixture() {
	local d
	d=$(mktemp -d "$T/data.XXXXXX")
	cp -r "$FIX/." "$d/"
	echo "$d"
}

if ! command -v gnuplot >/dev/null; then
	skip "tip-chart renders" "gnuplot not installed"
	exit 0
fi

D1=$(fixture)
run "$BIN/tip-chart" -d "$D1"
expect_rc "tip-chart on the fixture exits 0" 0
check "nothing on stdout or stderr" test ! -s "$T/out" -a ! -s "$T/err"

missing=
for s in $STEMS; do
	for e in dat gp png svg; do
		[ -s "$D1/charts/$s.$e" ] || missing="$missing $s.$e"
	done
done
if [ -z "$missing" ]; then ok "all seven charts: .dat .gp .png .svg"
else not_ok "all seven charts: .dat .gp .png .svg" "missing:$missing"; fi

if file "$D1/charts/overview.png" | grep -q 'PNG image data, 1000 x 600'; then
	ok "PNG is 1000x600"
else
	not_ok "PNG is 1000x600" "$(file "$D1/charts/overview.png")"
fi

left=$(find "$D1/charts" -name '.*' | wc -l)
check "no temp files left in charts/" test "$left" = 0
modes=$(stat -c %a "$D1"/charts/* | sort -u | tr '\n' ' ')
check "chart files are mode 0600" test "$modes" = "600 "

if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
	mkdir -p "$GOLD"
	for s in $STEMS; do cp "$D1/charts/$s.dat" "$D1/charts/$s.gp" "$GOLD/"; done
fi
for s in $STEMS; do
	same_file "golden $s.dat" "$D1/charts/$s.dat" "$GOLD/$s.dat"
	same_file "golden $s.gp" "$D1/charts/$s.gp" "$GOLD/$s.gp"
done

# Every chart says what it shows, when, and as of when.
bad=
for s in $STEMS; do
	grep -q "data as of 2012-01-15" "$D1/charts/$s.svg" || bad="$bad $s"
done
check "every SVG carries 'data as of <as_of>'" test -z "$bad"
bad=
for s in $STEMS; do
	grep -q "set termoption noenhanced" "$D1/charts/$s.gp" || bad="$bad $s"
done
check "every script sets noenhanced" test -z "$bad"

# Reproducible: a second data dir, another pid, another time.
D2=$(fixture)
SOURCE_DATE_EPOCH=1300000000 run "$BIN/tip-chart" -d "$D2"
diffs=
for s in $STEMS; do
	for e in dat gp svg png; do
		cmp -s "$D1/charts/$s.$e" "$D2/charts/$s.$e" || diffs="$diffs $s.$e"
	done
done
if [ -z "$diffs" ]; then ok "second run: byte-identical .dat .gp .svg .png"
else not_ok "second run: byte-identical" "differ:$diffs"; fi
# and again in place (charts/ already full)
run "$BIN/tip-chart" -d "$D2"
diffs=
for s in $STEMS; do
	cmp -s "$D1/charts/$s.svg" "$D2/charts/$s.svg" || diffs="$diffs $s"
done
check "rerun in place: identical SVGs" test -z "$diffs"

# SVG ids are unique per chart, so the report can inline them all.
dups=$(cat "$D1"/charts/*.svg | grep -o 'id="[^"]*"' | sort | uniq -d | wc -l)
check "SVG ids are unique across the seven charts" test "$dups" = 0

D3=$(fixture)
run "$BIN/tip-chart" -d "$D3" --format png,svg,pdf
n=$(ls "$D3"/charts/*.pdf 2>/dev/null | wc -l)
if [ "$RC" = 0 ] && [ "$n" = 7 ]; then ok "--format png,svg,pdf adds seven PDFs"
else not_ok "--format png,svg,pdf adds seven PDFs" "exit $RC, $n pdf"; fi

D4=$(fixture)
run "$BIN/tip-chart" -d "$D4" --format svg
n=$(ls "$D4"/charts/*.png 2>/dev/null | wc -l)
check "--format svg writes no PNG" test "$RC" = 0 -a "$n" = 0

# --restricted reads indicators.csv: no suppressed cells, a warning line.
D5=$(fixture)
run "$BIN/tip-chart" -d "$D5" --restricted
if [ "$RC" = 0 ] && grep -q RESTRICTED "$D5/charts/sdg_rate.gp" &&
    ! grep -q '"suppressed"$' "$D5/charts/sdg_rate.dat"; then
	ok "--restricted charts indicators.csv and marks the charts"
else
	not_ok "--restricted charts indicators.csv" "exit $RC"
fi

# Without meta.json the charts still render, as of "unknown", with a warning.
D6=$(fixture)
rm "$D6/aggregates/meta.json"
run "$BIN/tip-chart" -d "$D6"
if [ "$RC" = 0 ] && grep -q meta.json "$T/err" &&
    grep -q "data as of unknown" "$D6/charts/overview.svg"; then
	ok "missing meta.json: warning, charts say 'as of unknown'"
else
	not_ok "missing meta.json" "exit $RC" "$(cat "$T/err")"
fi

# No aggregates at all: 66, nothing rendered.
D7=$(fixture)
rm "$D7/aggregates/indicators_public.csv"
run "$BIN/tip-chart" -d "$D7"
if [ "$RC" = 66 ] && grep -q "tip-aggregate" "$T/err"; then
	ok "missing indicators_public.csv gives 66 and says what to run"
else
	not_ok "missing indicators_public.csv gives 66" "exit $RC" "$(cat "$T/err")"
fi

# An empty aggregates file (header only): every chart says "no data".
D8=$(fixture)
head -1 "$FIX/aggregates/indicators_public.csv" >"$D8/aggregates/indicators_public.csv"
rm -rf "$D8/validated"
run "$BIN/tip-chart" -d "$D8"
n=$(ls "$D8"/charts/*.png 2>/dev/null | wc -l)
if [ "$RC" = 0 ] && [ "$n" = 7 ] && grep -q "No quarterly victim data" "$D8/charts/victims_quarterly.gp"; then
	ok "no data: seven charts, each saying so"
else
	not_ok "no data: seven charts" "exit $RC, $n png" "$(cat "$T/err")"
fi

# The lock: another holder makes it exit 75.
D9=$(fixture)
mkdir -p "$D9/state"
exec 9>"$D9/state/lock"
flock 9
run "$BIN/tip-chart" -d "$D9"
expect_rc "data dir locked by another run gives 75" 75
exec 9>&-

# Rendering in parallel gives the same files as one gnuplot at a time.
if command -v gnuplot >/dev/null; then
	J=$(newdata)
	cp -r "$TOP/tests/e2e/fixtures/chart/basic/." "$J/"
	"$BIN/tip-chart" -d "$J" -j 1 >/dev/null 2>&1
	(cd "$J/charts" && sha256sum *.dat *.gp *.svg) >"$T/j1"
	"$BIN/tip-chart" -d "$J" -j 3 >/dev/null 2>&1
	(cd "$J/charts" && sha256sum *.dat *.gp *.svg) >"$T/j3"
	same_file "charts rendered with -j 3 equal those of -j 1" "$T/j3" "$T/j1"
fi
