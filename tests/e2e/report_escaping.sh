#!/usr/bin/env bash
# Hostile labels: every data-derived string (programme, indicator, dimension
# codes, checks, provenance, chart files) reaches the page escaped, and the
# editors' CSV files are spreadsheet-safe.
. "$(dirname "$0")/lib.sh"
FIX=$TOP/tests/e2e/fixtures/report/datadir
d=$T/data
cp -r "$FIX" "$d"
A=$d/aggregates
P='<script>alert(1)</script>'
I='x"><img src=x onerror=alert(2)>'
IQ='x""><img src=x onerror=alert(2)>' # the same, quoted for CSV
{
	# programme and indicator from the data, quoted as CSV
	echo "victims_identified,protection,\"$P\",_T,2010,_T,_T,_T,_Z,_Z,_Z,_Z,42,,,persons,ok"
	echo "victims_identified,protection,\"$P\",_T,2011,_T,_T,\"a&b 'q' <i>\",_Z,_Z,_Z,_Z,7,,,persons,ok"
	echo "\"$IQ\",other,SRB,_T,2010,_Z,_Z,_Z,_Z,_Z,_Z,_Z,3,,,persons,ok"
	echo "\"$IQ\",other,SRB,_T,2011,_Z,_Z,_Z,_Z,_Z,_Z,_Z,\"<b>9</b>\",,,persons,ok"
} >>"$A/indicators_public.csv"
printf '%s\n' "\"=HYPERLINK(\"\"http://x\"\")\",SRB,SRB,2010,\"<script>alert(3)</script> & \"\"q\"\" 'a'\",error" >>"$A/checks.csv"
sed -i 's/"agency": "UNODC"/"agency": "\\"><script>alert(4)<\/script>"/' \
	"$d/staged/srb-unodc-2010q1/submission.json"
mkdir -p "$d/rejected/srb-unodc-2010q1"
printf 'row,field,code,message,raw\n3,<age>,"bad""code",m,r\n' \
	>"$d/rejected/srb-unodc-2010q1/victims.csv"
# A chart with a script, an event handler and an external reference.
cat >"$d/charts/overview.svg" <<'SVG'
<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" onload="alert(5)" width="100" height="50">
<script>alert(6)</script><image href="http://evil.example/x.png"/>
<text x="5" y="20">ok</text></svg>
SVG

run "$BIN/tip-report" -d "$d"
expect_rc "hostile labels: exit 0" 0
h=$d/reports/donor-report.html
check "no <script anywhere in the page" sh -c "! grep -qi '<script' '$h'"
check "no injected <img" sh -c "! grep -q '<img src=x' '$h'"
check "no injected <i> or <b>" sh -c "! grep -Eq '<i>|<b>9' '$h'"
check "programme label escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$h"
check "indicator id escaped" grep -q 'x&quot;&gt;&lt;img src=x onerror=alert(2)&gt;' "$h"
check "dimension code escaped" grep -q 'A&amp;b &#39;q&#39; &lt;i&gt;' "$h"
check "value shown as text, escaped" grep -q '&lt;b&gt;9&lt;/b&gt;' "$h"
check "check detail escaped" grep -q '&lt;script&gt;alert(3)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;' "$h"
check "agency escaped" grep -q '&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;' "$h"
check "error field escaped" grep -q 'victims.&lt;age&gt;: bad&quot;code (1)' "$h"
check "no event handler attribute" sh -c "! grep -Eqi '<[^>]* on[a-z]+=' '$h'"
check "hostile chart only as a data URI" grep -q '<img class="chart" alt="[^"<>]*" src="data:image/svg+xml;base64,' "$h"
check "chart script not in the markup" sh -c "! grep -q 'alert(6)' '$h'"
check "unknown indicator still shown" grep -q 'not in the report&#39;s catalogue' "$h"
check "quotes never end an attribute early" sh -c "! grep -q 'alt=\"[^\"]*\"[^ >]' '$h'"

c=$d/reports/checks.csv
check "csv: formula defused" grep -q "^\"'=HYPERLINK" "$c"
check "csv: quotes doubled" grep -q '""q""' "$c"

# Chromium, when present, parses the page with no script element and no
# image other than our data URIs.
if command -v chromium >/dev/null && [ "${TIP_NO_BROWSER:-0}" != 1 ]; then
	timeout 60 chromium --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --user-data-dir="$T/chr" \
	    --dump-dom "file://$h" >"$T/dom" 2>/dev/null
	if [ -s "$T/dom" ]; then
		check "browser DOM: no script element" sh -c "! grep -qi '<script' '$T/dom'"
		check "browser DOM: every img is a data URI" sh -c "! grep -o '<img[^>]*>' '$T/dom' | grep -qv 'src=\"data:'"
	else
		skip "browser DOM checks" "chromium produced no DOM"
	fi
else
	skip "browser DOM checks" "no chromium"
fi
