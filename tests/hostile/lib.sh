# Helpers for hostile cases (sourced by tests/hostile/run.sh). Cases run
# in $W (the case folder) with $D the data directory inside it.

# rows_ok REPORT...: rows_read = accepted + rejected, overall and per
# table, in every report; prints the ones where it does not hold.
rows_ok() {
	python3 - "$@" <<'PY'
import json, sys
def ok(o):
    return o.get("rows_read") == o.get("accepted", 0) + o.get("rejected", 0)
bad = 0
for p in sys.argv[1:]:
    r = json.load(open(p))
    if not (ok(r) and all(ok(t) for t in r.get("tables", {}).values())):
        print(p)
        bad = 1
sys.exit(bad)
PY
}

# skip_case REASON: from setup, when the machine cannot run the case.
skip_case() {
	skip_reason=$1
	return 1
}

# mk_tar_gz NAME FILE=CONTENT...: a tar.gz in the inbox from text.
mk_tar_gz() {
	local name=$1 dir
	shift
	dir=$(mktemp -d)
	for spec in "$@"; do
		mkdir -p "$dir/$(dirname "${spec%%=*}")"
		printf '%b' "${spec#*=}" >"$dir/${spec%%=*}"
	done
	(cd "$dir" && tar --sort=name --mtime=@0 -czf "$D/inbox/$name" .)
	rm -rf "$dir"
}

# arc 'PYTHON': builds inbox files with the functions of arc.py
# (tar, zipf, put, GOOD), run in $D/inbox.
arc() {
	(cd "$D/inbox" && PYTHONPATH=$TOP/tests/hostile python3 -c \
	    "from arc import *
$1")
}

VICTIMS_HEADER='case_id,date_identified,country,sex,age,citizenship,exploitation,status,identified_by,referred_nrm,assistance,asylum_channel'
VICTIM_ROW='V1,2010-02-01,SRB,female,24,SRB,sexual,actual,police,true,shelter|medical,false'

# stage_table PROG AGENCY PERIOD TABLE CONTENT: a staged submission, as if
# tip-ingest had made it, for cases aimed at later stages (CONTENT goes
# through printf %b).
stage_table() {
	local prog=$1 agency=$2 period=$3 table=$4 content=$5
	printf '%b' "$content" >"$W/${prog}_${agency}_${period}_${table}.csv"
	stage_file "$W/${prog}_${agency}_${period}_${table}.csv"
}

# stage_file FILE: copies FILE into the inbox and runs tip-ingest on it;
# fails unless it was staged.
stage_file() {
	cp "$1" "$D/inbox/"
	"$BIN/tip-ingest" -d "$D" -q >"$W/ingest.out" 2>&1 || return 1
	grep -q '	staged$' "$W/ingest.out"
}

# victims FILE ROW...: a victims table with the schema's header.
victims() {
	local f=$1
	shift
	{ echo "$VICTIMS_HEADER"; [ $# = 0 ] || printf '%s\n' "$@"; } >"$f"
}

# prepare_validated [SAMPLE...]: ingest and validate samples (default the
# SRB UNODC one) so later stages have input.
prepare_validated() {
	local s
	for s in "${@:-SRB_UNODC_2010Q1.tar.gz}"; do
		cp "$TOP/samples/$s" "$D/inbox/"
	done
	"$BIN/tip-ingest" -d "$D" -q && "$BIN/tip-validate" -d "$D" -q
}

# prepare_aggregated [SAMPLE...]: as prepare_validated, then aggregate.
prepare_aggregated() {
	prepare_validated "$@" && "$BIN/tip-aggregate" -d "$D" -q
}

# quarantined NAME ERE: NAME is in quarantine/ with a one-line reason
# matching ERE, and nothing of it was staged.
quarantined() {
	local r="$D/quarantine/$1.reason"
	[ -f "$D/quarantine/$1" ] || { echo "'$1' not in quarantine: $(ls "$D/quarantine" "$D/staged" 2>&1)"; return 1; }
	[ -f "$r" ] || { echo "no reason file for '$1'"; return 1; }
	grep -qE -- "$2" "$r" || { echo "reason '$(cat "$r")' !~ /$2/"; return 1; }
	[ "$(wc -l <"$r")" = 1 ] || { echo "reason is not one line"; return 1; }
	[ -z "$(ls -A "$D/staged" 2>/dev/null)" ] || { echo "something was staged: $(ls "$D/staged")"; return 1; }
	[ -z "$(find "$D" -name '.tmp*' 2>/dev/null)" ] || { echo "temp files left"; return 1; }
}

# staged_ok N: exactly N submissions staged.
staged_ok() {
	local n
	n=$(find "$D/staged" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l)
	[ "$n" = "$1" ] || { echo "$n staged, want $1"; return 1; }
}

# report_is STATUS READ ACCEPTED REJECTED: the one validate report says so.
report_is() {
	python3 - "$@" "$D"/validated/*/report.json <<'PY'
import json, sys
st, rd, ac, rj, *paths = sys.argv[1:]
if len(paths) != 1:
    sys.exit("want one report, got %d" % len(paths))
r = json.load(open(paths[0]))
got = (r["status"], str(r["rows_read"]), str(r["accepted"]), str(r["rejected"]))
if got != (st, rd, ac, rj):
    sys.exit("report says %s, want %s" % (got, (st, rd, ac, rj)))
PY
}

# rejected_has CODE [ERE]: a reject file holds a line with error CODE (and
# a message matching ERE).
rejected_has() {
	python3 - "$1" "${2:-}" "$D"/rejected/*/*.csv <<'PY'
import csv, re, sys
csv.field_size_limit(1 << 30)
code, pat, *files = sys.argv[1:]
for f in files:
    if f.endswith("/feedback.csv"):
        continue
    for row in csv.DictReader(open(f, newline="", encoding="utf-8", errors="replace")):
        if row["code"] == code and (not pat or re.search(pat, row["message"])):
            sys.exit(0)
sys.exit("no reject with code %s%s in %s" % (code, " /%s/" % pat if pat else "", files))
PY
}

# feedback_defused: no cell of any feedback.csv (a file people open in a
# spreadsheet) would start a formula, and there is at least one feedback.
feedback_defused() {
	python3 - "$D"/rejected/*/feedback.csv <<'PY'
import csv, sys
csv.field_size_limit(1 << 30)
files = [f for f in sys.argv[1:] if not f.endswith("*/feedback.csv")]
if not files:
    sys.exit("no feedback.csv")
for f in files:
    for row in csv.reader(open(f, newline="", encoding="utf-8", errors="replace")):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                sys.exit("formula cell %r in %s" % (cell[:60], f))
PY
}

# bad_schemas EDIT: a copy of the schemas in $W/schemas, changed by the
# Python statements EDIT (with load(name) -> dict, save(name, obj) and
# write(name, text)); TIP_SCHEMAS is exported to it.
bad_schemas() {
	cp -r "$TOP/schemas" "$W/schemas"
	(cd "$W/schemas" && python3 -c "
import json
def load(n): return json.load(open(n))
def save(n, o): json.dump(o, open(n, 'w'), indent=1)
def write(n, t): open(n, 'w').write(t)
$1")
	export TIP_SCHEMAS=$W/schemas
}

# hostile labels: each would create $PWNED if anything ran it.
label_backquote() { printf '`touch %s`' "$PWNED"; }
label_system() { printf "x'; system(\"touch %s\"); y='" "$PWNED"; }
label_bang() { printf 'a\n!touch %s\nb' "$PWNED"; }
label_script() { printf '</script><script>alert(1)</script><img src=x onerror="x">'; }

# csvq TEXT: TEXT as one quoted CSV field.
csvq() { printf '"%s"' "${1//\"/\"\"}"; }

# chart_fixture: the chart tests' aggregates and reports in $D.
chart_fixture() {
	cp -r "$TOP/tests/e2e/fixtures/chart/basic/." "$D/"
}

# add_label_rows LABEL: rows of indicators_public.csv and indicators.csv
# carrying LABEL as programme, country and dimension values.
add_label_rows() {
	local q f
	q=$(csvq "$1")
	for f in "$D/aggregates/indicators_public.csv" "$D/aggregates/indicators.csv"; do
		{
		printf 'victims_identified,protection,%s,_T,2011Q1,_T,_T,_T,_T,_Z,_Z,_Z,11,,,persons,ok\n' "$q"
		printf 'victims_identified,protection,%s,_T,2011,_T,_T,sexual,_T,_Z,_Z,_Z,11,,,persons,ok\n' "$q"
		printf 'victims_identified,protection,SRB,_T,2011,_T,_T,%s,_T,_Z,_Z,_Z,7,,,persons,ok\n' "$q"
		printf 'victims_per_100k,protection,SRB,%s,2011,_T,_T,_T,_Z,_Z,_Z,_Z,0.5,,,per 100000,ok\n' "$q"
		printf 'persons_convicted,prosecution,%s,_T,2011,_T,_T,_T,_Z,_T,_Z,_Z,4,,,persons,ok\n' "$q"
		} >>"$f"
	done
}

# charts_ok: every chart has its PNG and SVG, and no .gp script holds
# text from the data (labels stay in the .dat files).
charts_ok() {
	local gp n
	n=$(ls "$D"/charts/*.gp 2>/dev/null | wc -l)
	[ "$n" -gt 0 ] || { echo "no .gp written"; return 1; }
	for gp in "$D"/charts/*.gp; do
		[ -s "${gp%.gp}.png" ] && [ -s "${gp%.gp}.svg" ] || { echo "${gp##*/} not rendered"; return 1; }
	done
	! grep -l -e touch -e 'system(' -e '</script' "$D"/charts/*.gp
}

# html_inert FILE...: no markup from the data: no script element, no event
# handler, no raw <img from a label.
html_inert() {
	local f
	for f in "$@"; do
		[ -s "$f" ] || { echo "no $f"; return 1; }
		! grep -nEi '<script|onerror="|<img src=x' "$f" || return 1
	done
}
