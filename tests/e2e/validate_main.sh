#!/usr/bin/env bash
# tip-validate end to end: contract, generated submissions with injected
# defects (golden reject files and report.json), hand-made defects,
# re-runs, superseded and named submissions, bad schemas, the reject
# threshold. UPDATE_GOLDEN=1 rewrites the golden files.
. "$(dirname "$0")/lib.sh"
G=$TOP/tests/e2e/golden/validate
GEN=$BUILD/gen-submissions
SCHEMAS=$TOP/schemas
export TIP_SCHEMAS=$SCHEMAS

# stage DIR DATA ID PROG AGENCY PERIOD: what tip-ingest leaves behind.
stage() {
	local g=$1 d=$2 id=$3 p=$4 a=$5 per=$6 t first=1 n
	mkdir -p "$d/staged/$id" "$d/state"
	{
		printf '{"id": "%s", "programme": "%s", "agency": "%s", ' "$id" "$p" "$a"
		printf '"period": "%s", "tables": [' "$per"
		for t in victims prosecutions prevention coordination; do
			[ -f "$g/$t.csv" ] || continue
			cp "$g/$t.csv" "$d/staged/$id/$t.csv"
			[ $first = 1 ] || printf ', '
			first=0
			printf '{"name": "%s", "file": "%s.csv"}' "$t" "$t"
		done
		printf ']}\n'
	} >"$d/staged/$id/submission.json"
	[ -f "$d/state/ledger.tsv" ] || printf 'seq\ttime\tsha256\tsize\tsource\tid\tprogramme\tagency\tperiod\toutcome\tsupersedes\treason\n' >"$d/state/ledger.tsv"
	n=$(($(wc -l <"$d/state/ledger.tsv")))
	printf '%s\t2010-07-01T00:00:00Z\t%064d\t1\t%s.tar.gz\t%s\t%s\t%s\t%s\tstaged\t\t\n' \
	    "$n" "$n" "$id" "$id" "$p" "$a" "$per" >>"$d/state/ledger.tsv"
}

# golden NAME GOT WANT: same_file, or rewrite WANT with UPDATE_GOLDEN=1.
golden() {
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		mkdir -p "$(dirname "$3")"
		cp "$2" "$3"
		ok "$1 # golden updated"
	else
		same_file "$1" "$2" "$3"
	fi
}

# rows_ok DATA ID: rows_read = accepted + rejected, per table and in total.
rows_ok() {
	local r=$1/validated/$2/report.json
	[ -f "$r" ] || return 1
	[ "$(jq '.rows_read == .accepted + .rejected and
	    ([.tables[] | .rows_read == .accepted + .rejected] | all) and
	    .rows_read == ([.tables[].rows_read] | add)' "$r")" = true ]
}

# --- contract --------------------------------------------------------------
run tip-validate --no-such-option
expect_rc "unknown option exits 64" 64
check "unknown option: empty stdout" test ! -s "$T/out"
check "unknown option: one error line names it" grep -q "unknown option '--no-such-option'" "$T/err"
run tip-validate --help
expect_rc "--help exits 0" 0
check "--help prints the usage" grep -q '^usage: tip-validate' "$T/out"
run tip-validate --max-reject-share 2
expect_rc "bad --max-reject-share exits 64" 64
run tip-validate -d "$T/nowhere"
expect_rc "missing data directory exits 66" 66
if [ -w /dev/full ]; then
	tip-validate --help >/dev/full 2>"$T/err"
	RC=$?
	expect_rc "--help to a full disk exits 74" 74
fi
D=$(newdata)
run tip-validate -d "$D"
expect_rc "nothing to validate exits 0" 0

# --- a generated submission with injected defects ----------------------------
if [ ! -x "$GEN" ]; then
	skip "generated submission" "no $GEN (make tools)"
else
	"$GEN" --seed 7 --rows 400 --programme ARG-BOL --agency UNODC \
	    --period 2010Q2 --errors 0.05 \
	    --tables victims,prosecutions,prevention,coordination \
	    --out "$T/g1" >/dev/null
	D=$(newdata)
	stage "$T/g1" "$D" arg-bol-unodc-2010q2 ARG-BOL UNODC 2010Q2
	run tip-validate -d "$D"
	expect_rc "generated submission with defects exits 65" 65
	for f in "$D"/rejected/arg-bol-unodc-2010q2/*.csv; do
		golden "golden $(basename "$f")" "$f" "$G/gen/$(basename "$f")"
	done
	golden "golden report.json" "$D/validated/arg-bol-unodc-2010q2/report.json" \
	    "$G/gen/report.json"
	check "rows read = accepted + rejected" rows_ok "$D" arg-bol-unodc-2010q2
	# Every injected row and nothing else is rejected (row + 1: header).
	bad=0
	for t in victims prosecutions prevention coordination; do
		awk -F, -v t=$t 'NR > 1 && $1 == t {print $2 + 1}' "$T/g1/injected.csv" |
		    sort -un >"$T/inj"
		f=$D/rejected/arg-bol-unodc-2010q2/$t.csv
		if [ -f "$f" ]; then
			mlr --icsv --onidx cut -f row "$f" | sort -un >"$T/rej"
		else
			: >"$T/rej"
		fi
		cmp -s "$T/inj" "$T/rej" || { bad=1; diff "$T/inj" "$T/rej" | head -5 | sed 's/^/# /'; }
	done
	check "rejected rows are exactly the injected ones" test $bad = 0
	n=$(($(wc -l <"$D/validated/arg-bol-unodc-2010q2/victims.csv") - 1))
	check "accepted victims file has the accepted rows" \
	    test "$n" = "$(jq .tables.victims.accepted "$D/validated/arg-bol-unodc-2010q2/report.json")"
	check "no temp folders left" test -z "$(find "$D/validated" "$D/rejected" -name '.tmp-*')"
	check "output files are 0600" test -z "$(find "$D/validated" "$D/rejected" -type f ! -perm 600)"

	run tip-validate -d "$D"
	expect_rc "second run validates nothing and exits 0" 0
	cp "$D/validated/arg-bol-unodc-2010q2/report.json" "$T/r1"
	run tip-validate -d "$D" --force
	expect_rc "--force validates again (65)" 65
	same_file "--force gives the same report" "$D/validated/arg-bol-unodc-2010q2/report.json" "$T/r1"

	# Named ids; a missing one is 66 but the others are done.
	run tip-validate -d "$D" arg-bol-unodc-2010q2 no-such-id
	expect_rc "named missing id exits 66" 66
	check "named missing id is named" grep -q "no staged submission 'no-such-id'" "$T/err"
	run tip-validate -d "$D" ../etc
	expect_rc "id with a slash is refused (66)" 66

	# A clean submission is accepted; the stale rejected/ folder goes.
	"$GEN" --seed 8 --rows 50 --programme SRB --agency UNHCR --period 2010Q1 \
	    --out "$T/g2" >/dev/null
	stage "$T/g2" "$D" srb-unhcr-2010q1 SRB UNHCR 2010Q1
	run tip-validate -d "$D"
	expect_rc "clean submission exits 0" 0
	check "clean submission: status accepted" test "$(jq -r .status "$D/validated/srb-unhcr-2010q1/report.json")" = accepted
	check "clean submission: no rejected folder" test ! -e "$D/rejected/srb-unhcr-2010q1"

	# Superseded: a later staged submission for the same triple.
	stage "$T/g2" "$D" srb-unhcr-2010q1-b SRB UNHCR 2010Q1
	rm -rf "$D/validated/srb-unhcr-2010q1"
	run tip-validate -d "$D"
	expect_rc "superseded submission skipped, the new one validated" 0
	check "superseded submission is not validated" test ! -e "$D/validated/srb-unhcr-2010q1"
	check "superseded submission: a note says so" grep -q "superseded by 'srb-unhcr-2010q1-b'" "$T/err"

	# Rejected whole above the threshold.
	D2=$(newdata)
	stage "$T/g1" "$D2" s1 ARG-BOL UNODC 2010Q2
	run tip-validate -d "$D2" --max-reject-share 0.01
	expect_rc "rejected whole exits 65" 65
	r=$D2/validated/s1/report.json
	check "rejected whole: status and reason" test "$(jq -r '.status + " " + (.reason | split(" ")[1])' "$r")" = "rejected of"
	check "rejected whole: no table in validated/" test -z "$(ls "$D2/validated/s1" | grep -v report.json)"
	check "rejected whole: feedback says so" grep -q 'The whole submission was set aside' "$D2/rejected/s1/feedback.csv"

	# A bad schema: 78, file and field named, nothing written.
	mkdir -p "$T/sch"
	cp -r "$SCHEMAS"/. "$T/sch/"
	sed 's/"type": "integer"/"type": "int"/' "$SCHEMAS/victims.json" >"$T/sch/victims.json"
	D3=$(newdata)
	stage "$T/g1" "$D3" s1 ARG-BOL UNODC 2010Q2
	run tip-validate -d "$D3" --schemas "$T/sch"
	expect_rc "bad schema exits 78" 78
	check "bad schema: file and field named" grep -q "victims.json': field 'age': unsupported type 'int'" "$T/err"
	check "bad schema: submission left unvalidated" test ! -e "$D3/validated/s1"
fi

# --- hand-made defects --------------------------------------------------------
D=$(newdata)
H=$T/hand
mkdir -p "$H"
{
	printf '\xef\xbb\xbfmonth,country,stage,offender_sex,offender_citizenship,persons,cases\r\n'
	printf '2010-01,SRB,investigated,male,national,3,2\r\n'
	printf '2010-01 , SRB ,prosecuted,male,national,+03,02\r\n'
	printf '2010-1,SRB,convicted,male,national,3,2\r\n'
	printf '2010-02,XKX,investigated,male,national,3,2\r\n'
	printf '2010-02,SRB,investigated,female,national,1,2\r\n'
	printf '2010-01,SRB,investigated,male,national,5,5\r\n'
	printf '\r\n'
	printf '2010-03,SRB,investigated,male,=cmd|x,1,1\r\n'
	printf '2010-03,SRB,investigated,male,national,1\r\n'
	printf '2010-03,SRB,acquitted,male,national,1,1,\r\n'
	printf '2010-03,SRB,prosecuted,male,nation\xe9l,1,1\r\n'
	printf '2010-03,SRB,"prose"cuted,male,national,1,1\r\n'
	printf '2010-03,SRB,prosecuted,male,national,1,1\r\n'
} >"$H/prosecutions.csv"
printf 'event_id,date,country,mechanism,agencies,referrals,participants,notes\nE1,2010-01-05,SRB,task_force,IOM,1,2,x\n' >"$H/coordination.csv"
printf 'activity_id,date_start,date_end,activity_type,target_group,participants_female,participants_male\n' >"$H/prevention.csv"
stage "$H" "$D" hand SRB GOV 2010Q1
run tip-validate -d "$D" --max-reject-share 1
expect_rc "hand-made defects exit 65" 65
for f in prosecutions.csv coordination.csv prevention.csv feedback.csv; do
	golden "hand golden $f" "$D/rejected/hand/$f" "$G/hand/$f"
done
golden "hand golden report.json" "$D/validated/hand/report.json" "$G/hand/report.json"
golden "hand golden accepted prosecutions" "$D/validated/hand/prosecutions.csv" "$G/hand/accepted-prosecutions.csv"
check "hand: rows read = accepted + rejected" rows_ok "$D" hand
