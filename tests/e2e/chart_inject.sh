#!/usr/bin/env bash
# Labels from field data never reach gnuplot as code. The fixture gets
# programme, country and office labels holding a backquoted command,
# '; system("...")', a newline followed by '!cmd', EOD lines, '<cmd' and
# double quotes; each command would create a sentinel file. The charts must
# still render, the sentinels must not exist, and the .gp scripts must not
# contain the labels at all (they belong in the .dat files).
. "$(dirname "$0")/lib.sh"

FIX=$TOP/tests/e2e/fixtures/chart/basic
if ! command -v gnuplot >/dev/null; then
	skip "injection labels" "gnuplot not installed"
	exit 0
fi
D=$(mktemp -d "$T/data.XXXXXX")
cp -r "$FIX/." "$D/"
S=$T/sentinel
mkdir -p "$S"
cd "$D" || exit 1

# CSV fields: each hostile label quoted, with inner '"' doubled.
labels=(
	"\`touch $S/backquote\`"
	"x'; system(\"touch $S/system\"); y='"
	"$(printf 'a\n!touch %s/bang\nb' "$S")"
	"$(printf 'EOD\n!touch %s/eod\nEOD' "$S")"
	"<touch $S/pipe"
	"\"; system(\"touch $S/dq\"); \""
	"$(printf '\r!touch %s/cr' "$S")"
)
csvq() { printf '"%s"' "${1//\"/\"\"}"; }
agg=aggregates/indicators_public.csv
for i in "${!labels[@]}"; do
	l=${labels[$i]}
	q=$(csvq "$l")
	for per in 2011Q1 2011Q2; do
		printf 'victims_identified,protection,%s,_T,%s,_T,_T,_T,_T,_Z,_Z,_Z,%d,,,persons,ok\n' \
		    "$q" "$per" $((10 + i)) >>"$agg"
	done
	printf 'victims_identified,protection,%s,_T,2011,_T,_T,sexual,_T,_Z,_Z,_Z,%d,,,persons,ok\n' \
	    "$q" $((10 + i)) >>"$agg"
	printf 'victims_identified,protection,SRB,_T,2011,_T,_T,%s,_T,_Z,_Z,_Z,7,,,persons,ok\n' \
	    "$q" >>"$agg"
	printf 'victims_per_100k,protection,SRB,%s,2011,_T,_T,_T,_Z,_Z,_Z,_Z,0.5,,,per 100000,ok\n' \
	    "$q" >>"$agg"
	printf 'persons_convicted,prosecution,%s,_T,2011,_T,_T,_T,_Z,_T,_Z,_Z,%d,,,persons,ok\n' \
	    "$q" $((3 + i)) >>"$agg"
	printf 'victims_identified,protection,_T,_T,2011,%s,Y0T17,_T,_T,_Z,_Z,_Z,5,,,persons,ok\n' \
	    "$q" >>"$agg"
	mkdir -p "validated/evil-$i"
	jq -n --arg p "$l" --arg a "$l" --arg id "evil-$i" \
	    '{id:$id, programme:$p, agency:$a, period:"2011Q1", status:"accepted", rows_read:10, accepted:9, rejected:1}' \
	    >"validated/evil-$i/report.json" 2>/dev/null ||
	    python3 -c 'import json,sys; print(json.dumps({"id":sys.argv[3],"programme":sys.argv[1],"agency":sys.argv[2],"period":"2011Q1","status":"accepted","rows_read":10,"accepted":9,"rejected":1}))' \
	    "$l" "$l" "evil-$i" >"validated/evil-$i/report.json"
done
cd "$TOP" || exit 1

run "$BIN/tip-chart" -d "$D" --format png,svg,pdf
expect_rc "tip-chart with hostile labels exits 0" 0
got=$(ls -A "$S")
check "no injected command ran (no sentinel file)" test -z "$got"
[ -z "$got" ] || echo "#   sentinels: $got"
n=$(ls "$D"/charts/*.png "$D"/charts/*.svg "$D"/charts/*.pdf 2>/dev/null | wc -l)
check "all charts still rendered (21 files)" test "$n" = 21

# The scripts never hold the labels: only fixed text and numbers.
bad=$(grep -l -e 'touch' -e 'system(' "$D"/charts/*.gp)
check "no hostile text in any .gp" test -z "$bad"
# The .dat files do, defused: one record per line, no raw control bytes.
check "labels reach the .dat files" grep -q '"`touch /tmp/' "$D/charts/victims_quarterly.dat"
ctl=$(LC_ALL=C grep -c "$(printf '\r')" "$D"/charts/*.dat | grep -v ':0$')
check "no CR in any .dat" test -z "$ctl"
check "a label spanning lines became one field" \
    grep -q "\"a !touch /tmp/" "$D/charts/victims_quarterly.dat"
check "double quotes in labels are neutralised" \
    grep -q "^\"x\"	\"period\"	\"'; system('touch " "$D/charts/victims_quarterly.dat"
# The labels show up in the image text (the chart really used them).
check "hostile label drawn as plain text in the SVG" \
    grep -q "<text>x'; system('touch" "$D/charts/victims_quarterly.svg"

# Re-rendering the kept .gp by hand (the documented way) is just as inert.
(cd "$D/charts" && gnuplot -d victims_quarterly.gp >/dev/null 2>&1)
got=$(ls -A "$S")
check "rendering the .gp by hand runs nothing either" test -z "$got"

# 35 submissions are too many bars: the data-quality chart sums per office.
check "data quality: more than 30 submissions are summed per office" \
    grep -q "rejected per office" "$D/charts/data_quality.gp"
