#!/usr/bin/env bash
# tip-ingest killed with SIGKILL at various moments of a large ingest, then
# run again, ends with the same staged/, quarantine/, archive and ledger as
# an uninterrupted run; the repair of each window between the last steps
# (staged folder renamed / ledger appended / inbox file moved) is also
# checked on states built by hand.
. "$(dirname "$0")/lib.sh"

S=$T/src
mkdir -p "$S/big"
if [ -x "$BUILD/gen-submissions" ]; then
	"$BUILD/gen-submissions" --rows 300000 --tables victims --seed 7 \
		--out "$S/big" >/dev/null
else
	awk 'BEGIN { print "case_id,date_identified,country,sex";
		for (i = 0; i < 300000; i++)
			printf "C%d,2010-01-%02d,SRB,female\n", i, i % 28 + 1 }' \
		>"$S/big/victims.csv"
fi
(cd "$S/big" && tar czf "$S/SRB_UNODC_2010Q1.tar.gz" victims.csv)
printf 'case_id,date_identified,country,sex\nA1,2010-01-02,SRB,female\n' \
	>"$S/victims.csv"
(cd "$S" && tar czf PAK_IOM_2010Q2.tgz victims.csv &&
	cp PAK_IOM_2010Q2.tgz PAK_IOM_2010Q3.tgz &&
	gzip -nc victims.csv >EGY_GOV_2010Q1_victims.csv.gz &&
	printf 'not gzip\n' >EGY_GOV_2010Q2_victims.csv.gz)

fill() {
	cp "$S"/*.tar.gz "$S"/*.tgz "$S"/*.csv.gz "$1/inbox/"
}
# snapshot DIR: everything a run leaves, as text
snapshot() {
	(cd "$1" && find inbox staged quarantine state/archive -mindepth 1 \
		\( -type f -o -type d \) -printf '%y %p\n' | sort &&
		find staged quarantine state/archive -type f -print0 | sort -z |
		xargs -0 -r sha256sum && cat state/ledger.tsv &&
		ls -A state | grep -v '^lock$')
}

ref=$(newdata)
fill "$ref"
run tip-ingest -q -d "$ref"
expect_rc "uninterrupted run: exit 65 (one quarantined)" 65
snapshot "$ref" >"$T/want"

n=0
for delay in 0.005 0.02 0.04 0.07 0.1 0.13 0.17 0.22 0.3; do
	d=$(newdata)
	fill "$d"
	tip-ingest -q -d "$d" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	run tip-ingest -q -d "$d"
	if [ "$RC" != 65 ] && [ "$RC" != 0 ]; then
		not_ok "kill -9 after ${delay}s: rerun exit $RC" "$(cat "$T/err")"
		continue
	fi
	snapshot "$d" >"$T/got"
	same_file "kill -9 after ${delay}s, rerun: same result" "$T/got" "$T/want"
	n=$((n + 1))
done

# The last submission of the reference run is the big one (name order).
# Window 1: staged/<id>/ renamed, no ledger line yet: build that state
# from a finished run by dropping the last ledger line and un-moving its
# file.
finished() {
	local d
	d=$(newdata)
	fill "$d"
	tip-ingest -q -d "$d" >/dev/null
	echo "$d"
}
d=$(finished)
head -n -1 "$d/state/ledger.tsv" >"$d/state/l" && mv "$d/state/l" "$d/state/ledger.tsv"
mv "$d/state/archive/"*-SRB_UNODC_2010Q1.tar.gz "$d/inbox/SRB_UNODC_2010Q1.tar.gz"
run tip-ingest -q -d "$d"
snapshot "$d" >"$T/got"
same_file "staged but not recorded: recorded, not staged twice" "$T/got" "$T/want"
check "staged but not recorded: stdout says staged" grep -q '^SRB-UNODC-2010Q1-.*	staged$' "$T/out"

# Window 2: ledger line appended, inbox file not moved (ingest.pending says
# where it goes).
d=$(finished)
a=$(ls "$d/state/archive/"*-SRB_UNODC_2010Q1.tar.gz)
printf '%s\n%s\n%s\n' "$(sha256sum "$a" | cut -d' ' -f1)" SRB_UNODC_2010Q1.tar.gz "$a" \
	>"$d/state/ingest.pending"
mv "$a" "$d/inbox/SRB_UNODC_2010Q1.tar.gz"
run tip-ingest -q -d "$d"
snapshot "$d" >"$T/got"
same_file "recorded but not moved: moved, not recorded twice" "$T/got" "$T/want"
check "recorded but not moved: stdout says staged" grep -q '^SRB-UNODC-2010Q1-.*	staged$' "$T/out"

# Window 2 for a quarantined file.
d=$(finished)
q=$d/quarantine/EGY_GOV_2010Q2_victims.csv.gz
printf '%s\n%s\n%s\n' "$(sha256sum "$q" | cut -d' ' -f1)" EGY_GOV_2010Q2_victims.csv.gz "$q" \
	>"$d/state/ingest.pending"
# make it the last ledger line, as it would be after a crash there
grep -v EGY_GOV_2010Q2 "$d/state/ledger.tsv" >"$T/l1"
grep EGY_GOV_2010Q2 "$d/state/ledger.tsv" >"$T/l2"
cat "$T/l1" "$T/l2" >"$d/state/ledger.tsv"
cp "$d/state/ledger.tsv" "$T/ledger.want"
mv "$q" "$d/inbox/"
run tip-ingest -q -d "$d"
check "quarantined, not moved: moved" test -f "$q" -a -z "$(ls "$d/inbox")"
same_file "quarantined, not moved: ledger unchanged" "$d/state/ledger.tsv" "$T/ledger.want"

# Window 3: a temp staging folder and temp files of a dead run are swept.
d=$(newdata)
fill "$d"
mkdir -p "$d/staged/.tmp-0123456789ab-99999" "$d/state"
echo x >"$d/staged/.tmp-0123456789ab-99999/.m0"
echo x >"$d/state/.ledger.tsv.tmp.99999"
run tip-ingest -q -d "$d"
snapshot "$d" >"$T/got"
same_file "leftover temp files: swept" "$T/got" "$T/want"
