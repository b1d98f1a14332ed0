#!/usr/bin/env bash
# tip-report on a data directory laid out as the README says (fixture made
# by tests/e2e/fixtures/report/make-fixture): the page, its tables, golden
# CSV files, suppression marks, reproducibility, missing charts, restricted.
. "$(dirname "$0")/lib.sh"
FIX=$TOP/tests/e2e/fixtures/report/datadir
GOLD=$TOP/tests/e2e/golden/report
d=$T/data
cp -r "$FIX" "$d"
R=$d/reports

run "$BIN/tip-report" -d "$d"
expect_rc "fixture: exit 0" 0
check "fixture: stdout empty" test ! -s "$T/out"
check "report written" test -s "$R/donor-report.html"
check "report mode 0600" test "$(stat -c %a "$R/donor-report.html")" = 600
check "no temp files left" test -z "$(ls -A "$R" | grep '^\.')"

for f in key-figures table-victims_identified table-victims_asylum_channel \
    table-victims_per_100k breakdown-victims_identified-exploitation checks \
    quality-offices quality-submissions provenance; do
	same_file "golden $f.csv" "$R/$f.csv" "$GOLD/$f.csv"
done

h=$R/donor-report.html
check "html: doctype and lang" grep -q '^<html lang="en">' "$h"
for s in 'id="key"' 'id="charts"' 'id="tables"' 'id="checks"' \
    'id="quality"' 'id="provenance"' 'id="methods"'; do
	check "html: section $s" grep -q "$s" "$h"
done
check "html: data as of from meta.json" grep -q '<dd>2011-07-15</dd>' "$h"
check "html: period covered" grep -q '2010 Q1 – 2011 Q2' "$h"
check "html: charts embedded as data URIs" \
	test "$(grep -c 'src="data:image/svg+xml;base64,' "$h")" = 3
check "html: charts have alt text" grep -q '<img class="chart" alt="Figure 1\.' "$h"
check "html: note about missing charts" grep -q '4 charts are not available' "$h"
check "html: no external references" \
	sh -c "! grep -Eq '(src|href)=\"(https?:|//)|url\\(|@import' '$h'"
check "html: no script" sh -c "! grep -qi '<script' '$h'"
check "html: sha256 in provenance" grep -q "$(printf %s srb-unodc-2010q1 | sha256sum | cut -c1-64)" "$h"
check "html: superseded noted" grep -q 'superseded by pak-unodc-2010q1-2' "$h"
check "html: quarantined noted" grep -q 'quarantined: zip entry' "$h"
check "html: suppression threshold from meta" grep -q 'counts below 5' "$h"
check "html: top error type from rejected/" grep -q 'victims.date_identified: bad_date (2)' "$h"

# Suppressed cells: marked, never 0. EGY victims_asylum_channel 2010 is
# suppressed in indicators_public.csv (value empty).
grep -q '^victims_asylum_channel,protection,EGY,_T,2010,.*,,,,persons,suppressed$' \
	"$d/aggregates/indicators_public.csv" && fixture_ok=1 || fixture_ok=0
check "fixture has a suppressed cell" test $fixture_ok = 1
row=$(grep '^Egypt (EGY),' "$R/table-victims_asylum_channel.csv")
check "csv: header puts 2010 in column 6" sh -c "head -1 '$R/table-victims_asylum_channel.csv' | cut -d, -f6 | grep -qx 2010"
check "csv: suppressed cell is s, not 0" test "$(echo "$row" | cut -d, -f6)" = s
check "html: suppressed cells marked" grep -q '<td class="mk sup[^"]*"><abbr title="suppressed: too few cases to publish">s</abbr></td>' "$h"
n_sup=$(grep -c ',suppressed$' "$d/aggregates/indicators_public.csv")
check "html: legend explains s" grep -q '<dt>s</dt><dd>suppressed' "$h"

# Reproducible: a second run gives the same bytes.
mkdir "$T/first"
cp "$R"/* "$T/first/"
run "$BIN/tip-report" -d "$d"
expect_rc "second run: exit 0" 0
same=1
for f in "$T"/first/*; do
	cmp -s "$f" "$R/${f##*/}" || { same=0; echo "# differs: ${f##*/}"; }
done
check "second run: byte-identical outputs" test $same = 1
SOURCE_DATE_EPOCH=1600000000 "$BIN/tip-report" -d "$d" 2>/dev/null
check "no clock in the report" cmp -s "$T/first/donor-report.html" "$R/donor-report.html"

# Stale tables of an earlier run are removed; others' files are not ours.
echo x >"$R/table-gone.csv"
"$BIN/tip-report" -d "$d" 2>/dev/null
check "stale table removed" test ! -e "$R/table-gone.csv"

# Missing charts: still a report, exit 0, and it says so.
rm -f "$d"/charts/*.svg
run "$BIN/tip-report" -d "$d"
expect_rc "no charts: exit 0" 0
check "no charts: report written" test -s "$R/donor-report.html"
check "no charts: says none are available" grep -q 'No charts are available yet' "$R/donor-report.html"
check "no charts: says so on stderr" grep -q 'run tip-chart' "$T/err"
run "$BIN/tip-report" -q -d "$d"
check "no charts, -q: stderr empty" test ! -s "$T/err"

# A PNG stands in when there is no SVG.
printf '\211PNG\r\n\032\n0000' >"$d/charts/overview.png"
"$BIN/tip-report" -q -d "$d"
check "png fallback embedded" grep -q 'src="data:image/png;base64,' "$R/donor-report.html"

# Restricted edition: its own folder, banner, unsuppressed values.
run "$BIN/tip-report" -d "$d" --restricted --title 'Q2 & more'
expect_rc "restricted: exit 0" 0
check "restricted: own folder" test -s "$R/restricted/donor-report.html"
check "restricted: banner" grep -q 'Restricted edition' "$R/restricted/donor-report.html"
check "restricted: title escaped" grep -q '<h1>Q2 &amp; more</h1>' "$R/restricted/donor-report.html"
check "restricted: no suppression marks" sh -c "! grep -q ',s,' '$R/restricted/table-victims_asylum_channel.csv'"
check "restricted: public report untouched" cmp -s "$R/table-victims_asylum_channel.csv" "$T/first/table-victims_asylum_channel.csv"

# Empty aggregates (header only): a report that says there is no data.
e=$T/empty
mkdir -p "$e/aggregates"
head -1 "$FIX/aggregates/indicators_public.csv" >"$e/aggregates/indicators_public.csv"
echo '{"as_of": "2011-01-01"}' >"$e/aggregates/meta.json"
run "$BIN/tip-report" -d "$e"
expect_rc "empty aggregates: exit 0" 0
check "empty aggregates: says so" grep -q 'no indicator rows' "$e/reports/donor-report.html"
