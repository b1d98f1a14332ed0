#!/usr/bin/env bash
# Differential test: the same generated submissions (with injected
# defects) go through tip-validate and through the npm package
# `tableschema` (tests/diff/tableschema_diff.js); the sets of rejected row
# numbers must agree. tableschema is installed at test time into
# $BUILD/node (never committed); without npm or network the case is
# skipped with the reason.
# Differences by design, accepted when explained:
# - a key that repeats the key of a row rejected for another reason is a
#   primary-key error for tip (the clerk must fix both), while
#   tableschema-js forgets keys of rows that failed to cast.
. "$(dirname "$0")/lib.sh"
GEN=$BUILD/gen-submissions
NODE_DIR=$BUILD/node
export TIP_SCHEMAS=$TOP/schemas

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	skip "differential test against tableschema" "node or npm not installed"
	exit 0
fi
if [ ! -x "$GEN" ]; then
	skip "differential test against tableschema" "no $GEN (make tools)"
	exit 0
fi
if [ ! -d "$NODE_DIR/node_modules/tableschema" ]; then
	mkdir -p "$NODE_DIR"
	if ! timeout 300 npm --prefix "$NODE_DIR" install --no-audit --no-fund \
	    --silent tableschema@1.12.6 >"$T/npm.log" 2>&1; then
		skip "differential test against tableschema" \
		    "npm cannot install tableschema: $(tail -n 1 "$T/npm.log")"
		exit 0
	fi
fi
export NODE_PATH=$NODE_DIR/node_modules

n=0
for spec in "1 SRB UNODC 2010Q1 0.05" "2 ARG-BOL IOM 2010Q3 0.1" \
    "3 CASIA GOV 2011Q2 0.2" "4 RWA-BDI UNHCR 2010Q4 0.05"; do
	set -- $spec
	n=$((n + 1))
	g=$T/g$n
	"$GEN" --seed "$1" --rows 600 --programme "$2" --agency "$3" \
	    --period "$4" --errors "$5" \
	    --tables victims,prosecutions,prevention,coordination --out "$g" >/dev/null
	D=$(newdata)
	mkdir -p "$D/staged/s" "$D/state"
	cp "$g"/victims.csv "$g"/prosecutions.csv "$g"/prevention.csv \
	    "$g"/coordination.csv "$D/staged/s/"
	printf '{"id": "s", "programme": "%s", "agency": "%s", "period": "%s"}\n' \
	    "$2" "$3" "$4" >"$D/staged/s/submission.json"
	tip-validate -d "$D" --max-reject-share 1 s 2>"$T/err"
	rc=$?
	if [ $rc != 0 ] && [ $rc != 65 ]; then
		not_ok "diff $spec: tip-validate" "exit $rc" "$(head -c 500 "$T/err")"
		continue
	fi
	: >"$T/tip"
	for f in "$D"/rejected/s/*.csv; do
		t=$(basename "$f" .csv)
		[ "$t" = feedback ] && continue
		mlr --icsv --ocsv --headerless-csv-output put '$t="'"$t"'"' \
		    then cut -o -f t,row "$f" >>"$T/tip"
	done
	sort -u -o "$T/tip" "$T/tip"
	if ! node "$TOP/tests/diff/tableschema_diff.js" "$TOP/schemas" "$D/staged/s" \
	    "$2" "$4" >"$T/js" 2>"$T/jserr"; then
		not_ok "diff $spec: tableschema" "$(head -c 500 "$T/jserr")"
		continue
	fi
	# Rows only tip rejects must be explained (see the top of this file).
	bad=
	while IFS=, read -r t row; do
		expl=$(mlr --icsv --ojson filter '$row == '"$row" "$D/rejected/s/$t.csv" |
		    jq -r '[.[] | select(.code != "primary-key" and .code != "constraint-error" or (.message | test("duplicates row") | not))] | length')
		first=$(mlr --icsv --onidx filter '$row == '"$row" then cut -f message "$D/rejected/s/$t.csv" |
		    sed -n 's/.*duplicates row \([0-9]*\).*/\1/p' | head -1)
		if [ "$expl" = 0 ] && [ -n "$first" ] && grep -qx "$t,$first" "$T/js"; then
			continue
		fi
		bad="$bad $t:$row(tip only)"
	done < <(comm -23 "$T/tip" "$T/js")
	while IFS=, read -r t row; do
		bad="$bad $t:$row(tableschema only)"
	done < <(comm -13 "$T/tip" "$T/js")
	if [ -z "$bad" ]; then
		ok "diff $spec: same rejected rows ($(wc -l <"$T/js") by tableschema, $(wc -l <"$T/tip") by tip)"
	else
		not_ok "diff $spec: rejected rows differ" "$bad"
	fi
done
