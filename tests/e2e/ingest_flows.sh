#!/usr/bin/env bash
# tip-ingest flows: formats, naming, duplicates, resubmissions, FILE
# arguments, permissions, the lock, exit codes and the command-line contract.
. "$(dirname "$0")/lib.sh"

S=$T/src
mkdir -p "$S"
V='case_id,date_identified,country,sex
A1,2010-01-02,SRB,female
A2,2010-01-03,SRB,male
'
P='month,country,stage,offender_sex,offender_citizenship,persons,cases
2010-02,SRB,investigated,male,SRB,2,1
'
printf '%s' "$V" >"$S/victims.csv"
printf '%s' "$P" >"$S/prosecutions.csv"
cat >"$S/datapackage.json" <<'J'
{"name": "arg-bol-iom-2010q2", "programme": "ARG-BOL", "agency": "IOM",
 "period": "2010Q2",
 "resources": [{"name": "victims", "path": "data/v.csv", "schema": "victims"}]}
J
mkdir -p "$S/data"
cp "$S/victims.csv" "$S/data/v.csv"
(cd "$S" && tar cf plain.tar victims.csv prosecutions.csv &&
	tar czf gz.tgz victims.csv && tar cJf xz.tar.xz victims.csv &&
	zip -qX z.zip victims.csv prosecutions.csv &&
	tar czf dp.tar.gz datapackage.json data/v.csv &&
	gzip -nc victims.csv >v.csv.gz)

# --- every format -----------------------------------------------------------
d=$(newdata)
cp "$S/plain.tar" "$d/inbox/SRB_UNODC_2010Q1.tar"
cp "$S/gz.tgz" "$d/inbox/SRB_IOM_2010Q1.tgz"
cp "$S/xz.tar.xz" "$d/inbox/PAK_GOV_2010Q3.tar.xz"
cp "$S/z.zip" "$d/inbox/EGY_UNHCR_2010Q4.zip"
cp "$S/dp.tar.gz" "$d/inbox/upload-17.tar.gz"
cp "$S/v.csv.gz" "$d/inbox/casia_gov_2011q1_victims.csv.gz"
cp "$S/prosecutions.csv" "$d/inbox/RWA-BDI_UNODC_2011Q2.csv"
echo partial >"$d/inbox/.uploading.zip"
run tip-ingest -d "$d"
expect_rc "all formats: exit 0" 0
sort "$T/out" >"$T/got"
id() { printf '%s-%s' "$1" "$(sha256sum "$2" | cut -c1-12)"; }
{
	printf '%s\tstaged\n' "$(id SRB-UNODC-2010Q1 "$S/plain.tar")"
	printf '%s\tstaged\n' "$(id SRB-IOM-2010Q1 "$S/gz.tgz")"
	printf '%s\tstaged\n' "$(id PAK-GOV-2010Q3 "$S/xz.tar.xz")"
	printf '%s\tstaged\n' "$(id EGY-UNHCR-2010Q4 "$S/z.zip")"
	printf '%s\tstaged\n' "$(id ARG-BOL-IOM-2010Q2 "$S/dp.tar.gz")"
	printf '%s\tstaged\n' "$(id CASIA-GOV-2011Q1 "$S/v.csv.gz")"
	printf '%s\tstaged\n' "$(id RWA-BDI-UNODC-2011Q2 "$S/prosecutions.csv")"
} | sort >"$T/want"
same_file "all formats: one staged line each" "$T/got" "$T/want"
check "all formats: summary on stderr" grep -q '^tip-ingest: 7 staged, 0 duplicate, 0 quarantined$' "$T/err"
check "dot files are left alone" test -f "$d/inbox/.uploading.zip"
check "inbox emptied" test "$(ls "$d/inbox")" = ""
check "processed files archived" test "$(ls "$d/state/archive" | wc -l)" = 7
sid=$(id SRB-UNODC-2010Q1 "$S/plain.tar")
check "tables staged byte for byte" cmp "$d/staged/$sid/victims.csv" "$S/victims.csv"
check "second table staged" cmp "$d/staged/$sid/prosecutions.csv" "$S/prosecutions.csv"
check "datapackage path mapped to its table" cmp "$d/staged/$(id ARG-BOL-IOM-2010Q2 "$S/dp.tar.gz")/victims.csv" "$S/victims.csv"
check "header recognised without a _table suffix" test -f "$d/staged/$(id RWA-BDI-UNODC-2011Q2 "$S/prosecutions.csv")/prosecutions.csv"
check "ledger: header and 7 lines" test "$(wc -l <"$d/state/ledger.tsv")" = 8
bad=$(find "$d/staged" "$d/state/archive" "$d/state/ledger.tsv" \( -type f ! -perm 0600 \) -o \( -type d ! -perm 0700 \))
check "files 0600, folders 0700" test -z "$bad"

# submission.json, exactly
cat >"$T/want" <<EOF2
{
  "agency": "UNODC",
  "format": "tar",
  "id": "$sid",
  "ingested_at": "2010-07-01T00:00:00Z",
  "period": "2010Q1",
  "programme": "SRB",
  "sha256": "$(sha256sum "$S/plain.tar" | cut -d' ' -f1)",
  "size": $(stat -c %s "$S/plain.tar"),
  "source": "SRB_UNODC_2010Q1.tar",
  "supersedes": null,
  "tables": [
    {
      "bytes": $(stat -c %s "$S/prosecutions.csv"),
      "file": "prosecutions.csv",
      "name": "prosecutions",
      "rows": 1,
      "sha256": "$(sha256sum "$S/prosecutions.csv" | cut -d' ' -f1)"
    },
    {
      "bytes": $(stat -c %s "$S/victims.csv"),
      "file": "victims.csv",
      "name": "victims",
      "rows": 2,
      "sha256": "$(sha256sum "$S/victims.csv" | cut -d' ' -f1)"
    }
  ]
}
EOF2
same_file "submission.json contract" "$d/staged/$sid/submission.json" "$T/want"

# --- idempotency, duplicates, resubmissions ------------------------------------
run tip-ingest -d "$d"
expect_rc "rerun on an empty inbox: exit 0" 0
check "rerun: nothing on stdout" test ! -s "$T/out"
cp "$S/plain.tar" "$d/inbox/SRB_UNODC_2010Q1.tar"
run tip-ingest -d "$d"
expect_rc "same bytes again: exit 0" 0
printf 'SRB_UNODC_2010Q1.tar\tduplicate\tduplicate of %s\n' "$sid" >"$T/want"
same_file "same bytes again: duplicate of the first" "$T/out" "$T/want"
check "duplicate: still one staged folder for it" test "$(ls "$d/staged" | grep -c '^SRB-UNODC-2010Q1-')" = 1
check "duplicate: archived under another name" test "$(ls "$d/state/archive" | grep -c 'SRB_UNODC_2010Q1.tar')" = 2
check "duplicate: ledger line" grep -q "	SRB_UNODC_2010Q1.tar	$sid	SRB	UNODC	2010Q1	duplicate		duplicate of $sid\$" "$d/state/ledger.tsv"

# corrected resubmission: different bytes, same programme/agency/period
printf '%sA3,2010-01-04,SRB,female\n' "$V" >"$S/victims.csv"
(cd "$S" && tar cf fixed.tar victims.csv)
cp "$S/fixed.tar" "$d/inbox/SRB_UNODC_2010Q1_corrected.tar"
run tip-ingest -d "$d"
expect_rc "resubmission: exit 0" 0
nid=$(id SRB-UNODC-2010Q1 "$S/fixed.tar")
printf '%s\tstaged\tsupersedes %s\n' "$nid" "$sid" >"$T/want"
same_file "resubmission: staged, supersedes the first" "$T/out" "$T/want"
check "resubmission: ledger supersedes column" grep -q "	$nid	SRB	UNODC	2010Q1	staged	$sid	\$" "$d/state/ledger.tsv"
check "resubmission: submission.json supersedes" grep -q "\"supersedes\": \"$sid\"" "$d/staged/$nid/submission.json"
check "resubmission: the first stays staged" test -d "$d/staged/$sid"

# --- FILE arguments -----------------------------------------------------------
d=$(newdata)
cp "$S/gz.tgz" "$d/inbox/SRB_IOM_2010Q1.tgz"
cp "$S/z.zip" "$d/inbox/EGY_UNHCR_2010Q4.zip"
run tip-ingest -d "$d" EGY_UNHCR_2010Q4.zip
expect_rc "FILE: exit 0" 0
check "FILE: only that one" test "$(ls "$d/inbox")" = SRB_IOM_2010Q1.tgz
run tip-ingest -d "$d" nosuch.zip
expect_rc "FILE missing: exit 66" 66
check "FILE missing: message" grep -q "no submission 'nosuch.zip'" "$T/err"

# --- naming failures and -q ---------------------------------------------------
d=$(newdata)
cp "$S/gz.tgz" "$d/inbox/victims-march.tgz"
printf 'a,b\n1,2\n' >"$d/inbox/SRB_GOV_2010Q1.csv"
cp "$S/gz.tgz" "$d/inbox/SRB_UNODC_2010Q1.rar"
run tip-ingest -q -d "$d"
expect_rc "bad names: exit 65" 65
check "-q: nothing on stderr" test ! -s "$T/err"
check "no convention, no datapackage" grep -q "^victims-march.tgz	quarantined	cannot tell programme, agency and period" "$T/out"
check "unknown header" grep -q "^SRB_GOV_2010Q1.csv	quarantined	cannot tell the table" "$T/out"
check "unsupported type" grep -q "^SRB_UNODC_2010Q1.rar	quarantined	unsupported file type" "$T/out"
check "quarantine ledger lines" test "$(grep -c '	quarantined	' "$d/state/ledger.tsv")" = 3
# the same name quarantined again gets the sha prefix
printf 'a,c\n1,2\n' >"$d/inbox/SRB_GOV_2010Q1.csv"
run tip-ingest -q -d "$d"
h=$(printf 'a,c\n1,2\n' | sha256sum | cut -c1-12)
check "quarantine name taken: sha prefix" test -f "$d/quarantine/$h-SRB_GOV_2010Q1.csv" -a -f "$d/quarantine/$h-SRB_GOV_2010Q1.csv.reason"

# --- lock, data directory, contract --------------------------------------------
d=$(newdata)
run tip-ingest -d "$T/nosuch"
expect_rc "missing data directory: exit 66" 66
mkdir -p "$d/state" && : >"$d/state/lock"
# Held until we are done (a slow start under valgrind must still meet it).
flock -n "$d/state/lock" sleep 60 &
holder=$!
sleep 0.3
run tip-ingest -d "$d"
expect_rc "lock held: exit 75" 75
check "lock held: holder named" grep -q "another run holds the lock" "$T/err"
pkill -P $holder 2>/dev/null
kill $holder 2>/dev/null
wait $holder 2>/dev/null
run tip-ingest --bogus
expect_rc "unknown option: exit 64" 64
check "unknown option: empty stdout" test ! -s "$T/out"
check "unknown option: named" grep -q "unknown option '--bogus'" "$T/err"
run tip-ingest --max-ratio 0
expect_rc "bad cap: exit 64" 64
run tip-ingest --help
expect_rc "--help: exit 0" 0
check "--help: usage on stdout" grep -q '^usage: tip-ingest' "$T/out"
run tip-ingest -V
expect_rc "-V: exit 0" 0
d=$(newdata)
cp "$S/gz.tgz" "$d/inbox/SRB_IOM_2010Q1.tgz"
tip-ingest -d "$d" >/dev/full 2>"$T/err"
RC=$?
expect_rc "stdout on a full disk: exit 74" 74

# --- odd inbox entries and bad schemas -------------------------------------------
d=$(newdata)
ln -s /etc/passwd "$d/inbox/SRB_GOV_2010Q1.csv"
mkfifo "$d/inbox/SRB_GOV_2010Q2.csv"
mkdir "$d/inbox/SRB_GOV_2010Q3.zip"
run timeout 10 tip-ingest -d "$d"
expect_rc "symlink, FIFO, folder in the inbox: exit 65" 65
check "symlink, FIFO, folder: quarantined, not followed" test "$(grep -c '	quarantined	not a regular file$' "$T/out")" = 3
check "symlink moved as a link" test -L "$d/quarantine/SRB_GOV_2010Q1.csv"
d=$(newdata)
printf '%s' "$V" >"$d/inbox/SRB_GOV_2010Q1.csv"
run tip-ingest -d "$d" --schemas "$T/nosuch"
expect_rc "unreadable schemas: exit 78" 78
check "unreadable schemas: submission stays in the inbox" test -f "$d/inbox/SRB_GOV_2010Q1.csv"
check "unreadable schemas: nothing staged or quarantined" test -z "$(find "$d/staged" "$d/quarantine" -mindepth 1)"
run tip-ingest -d "$d" --schemas "$TOP/schemas"
expect_rc "schemas back: staged" 0
