#!/usr/bin/env bash
# tip-ingest against hostile submissions, built here from text (tar and zip
# both): each must be quarantined with a clear reason, write nothing outside
# the data directory (a sentinel outside stays the same), and leave the good
# submission in the same inbox staged.
. "$(dirname "$0")/lib.sh"

H=$T/hostile
OUT=$T/outside
mkdir -p "$H" "$OUT"
echo "do not touch" >"$T/sentinel"
cp "$T/sentinel" "$T/sentinel.orig"

python3 - "$H" "$T" "$TOP" <<'PY'
import gzip, io, os, struct, sys, tarfile, zipfile, zlib
H, T = sys.argv[1], sys.argv[2]
GOOD = b"case_id,date_identified,country,sex\nA1,2010-01-02,SRB,female\n"

# The archive builders of the hostile corpus: tar, zipf, put, bad_crc.
sys.path.insert(0, os.path.join(sys.argv[3], "tests", "hostile"))
from arc import tar, zipf, put, bad_crc
os.chdir(H)  # arc writes into the current folder

ok = {"name": "victims.csv", "data": GOOD}
put("good.tar.gz", b"")  # replaced below
tar("good.tar.gz", [ok])
# zip-slip and absolute paths
tar("slip.tar.gz", [ok, {"name": "../../../../slip.csv", "data": GOOD}])
zipf("slip.zip", [ok, {"name": "../../../../slip.csv", "data": GOOD}])
tar("abs.tar.gz", [{"name": T + "/abs.csv", "data": GOOD}])
zipf("abs.zip", [{"name": T + "/abs.csv", "data": GOOD}])
tar("backslash.tar.gz", [{"name": "..\\..\\bs.csv", "data": GOOD}])
# symlinks: pointing outside, and a write through a symlinked folder
tar("symlink.tar.gz", [{"name": "victims.csv", "type": tarfile.SYMTYPE,
                        "link": T + "/sentinel"}])
zipf("symlink.zip", [{"name": "victims.csv", "mode": 0o120777,
                      "data": (T + "/sentinel").encode()}])
tar("symwrite.tar.gz", [{"name": "d", "type": tarfile.SYMTYPE,
                         "link": T + "/outside"},
                        {"name": "d/victims.csv", "data": GOOD}])
zipf("symwrite.zip", [{"name": "d", "mode": 0o120777,
                       "data": (T + "/outside").encode()},
                      {"name": "d/victims.csv", "data": GOOD}])
# hardlink (CVE-2016-5418 shape), FIFO, device
tar("hardlink.tar.gz", [{"name": "victims.csv", "type": tarfile.LNKTYPE,
                         "link": T + "/sentinel"}])
tar("fifo.tar.gz", [ok, {"name": "prevention.csv", "type": tarfile.FIFOTYPE}])
tar("device.tar.gz", [{"name": "victims.csv", "type": tarfile.CHRTYPE}])
# duplicate names
tar("dup.tar.gz", [ok, ok])
import warnings
warnings.simplefilter("ignore")
zipf("dup.zip", [ok, ok])
# decompression bombs: 20 MB of zeros
zeros = b"0" * (20 << 20)
tar("bomb.tar.gz", [{"name": "victims.csv", "data": GOOD + zeros}])
zipf("bomb.zip", [{"name": "victims.csv", "data": GOOD + zeros}])
put("bomb.csv.gz", gzip.compress(GOOD + zeros))
# over-large entry (run with --max-entry-size 4K)
big = GOOD + b"A2,2010-01-03,SRB,male\n" * 400
tar("large.tar.gz", [{"name": "victims.csv", "data": big}])
zipf("large.zip", [{"name": "victims.csv", "data": big}])
# too many entries (run with --max-entries 3)
many = [{"name": t + ".csv", "data": GOOD} for t in
        ("victims", "prosecutions", "prevention", "coordination")]
tar("many.tar.gz", many)
zipf("many.zip", many)
# truncated and corrupt data
full = io.BytesIO()
with tarfile.open(fileobj=full, mode="w:gz") as t:
    ti = tarfile.TarInfo("victims.csv"); ti.size = len(big)
    t.addfile(ti, io.BytesIO(big))
put("trunc.tar.gz", full.getvalue()[: len(full.getvalue()) // 2])
put("trunc.csv.gz", gzip.compress(big)[:-10])
zipf("crc.zip", [{"name": "victims.csv", "data": GOOD,
                  "comp": zipfile.ZIP_STORED}], fix=bad_crc)
def encrypt(b):
    b[6] |= 1
    c = b.find(b"PK\x01\x02")
    b[c + 8] |= 1
zipf("encrypted.zip", [{"name": "victims.csv", "data": GOOD}], fix=encrypt)
# trailing garbage
put("garbage.csv.gz", gzip.compress(GOOD) + b"garbage\n")
tar("garbage.tar.gz", [ok], tail=b"garbage\n")
tar("garbage.tar", [ok], mode="w", tail=b"garbage\n")
# garbage hidden in the zero padding after the end-of-archive blocks
g = bytearray(open(os.path.join(H, "garbage.tar"), "rb").read()[:-8])
g[-100] = 0x41
put("padding.tar", bytes(g))
put("padding.tar.gz", gzip.compress(bytes(g)))
# content that does not match the name
put("plain.csv.gz", GOOD)
put("gzip.csv", gzip.compress(GOOD))
put("zipnamed.tar.gz", open(os.path.join(H, "slip.zip"), "rb").read())
# empty archives
tar("empty.tar.gz", [])
tar("empty.tar", [], mode="w")
zipf("empty.zip", [])
put("empty.csv.gz", b"")
# nested archives: by name, and by content under a table's name
tar("nested.tar.gz", [ok, {"name": "inner.tar.gz",
                           "data": open(os.path.join(H, "good.tar.gz"), "rb").read()}])
zipf("nested.zip", [{"name": "victims.csv",
                     "data": open(os.path.join(H, "good.tar.gz"), "rb").read()}])
put("nested.csv.gz", gzip.compress(open(os.path.join(H, "good.tar.gz"), "rb").read()))
# unknown members
tar("unknown.tar.gz", [ok, {"name": "notes.txt", "data": b"hello\n"}])
zipf("unknown.zip", [ok, {"name": "__MACOSX/._victims.csv", "data": b"x"}])
PY

# case FILE EXT REASON-PATTERN [OPTIONS...]: FILE is renamed
# PAK_IOM_2010Q1.EXT in an inbox beside a good submission.
case_() {
	local file=$1 ext=$2 pat=$3 name="PAK_IOM_2010Q1.$2"
	shift 3
	local d
	d=$(newdata)
	cp "$H/good.tar.gz" "$d/inbox/SRB_UNODC_2010Q1.tar.gz"
	cp "$H/$file" "$d/inbox/$name"
	run tip-ingest -d "$d" "$@"
	local why=""
	[ "$RC" = 65 ] || why="exit $RC, want 65"
	[ -z "$why" ] && ! grep -q "^SRB-UNODC-2010Q1-[0-9a-f]*	staged$" "$T/out" &&
		why="good submission not staged"
	[ -z "$why" ] && [ "$(ls "$d/staged")" != "$(sed -n 's/	staged$//p' "$T/out")" ] &&
		why="staged/ holds more than the good submission: $(ls "$d/staged")"
	[ -z "$why" ] && ! [ -f "$d/quarantine/$name" ] && why="not in quarantine"
	[ -z "$why" ] && ! grep -qE -- "$pat" "$d/quarantine/$name.reason" &&
		why="reason '$(cat "$d/quarantine/$name.reason")' !~ /$pat/"
	[ -z "$why" ] && [ "$(wc -l <"$d/quarantine/$name.reason")" != 1 ] &&
		why="reason is not one line"
	[ -z "$why" ] && ! grep -q "^$name	quarantined	" "$T/out" &&
		why="no quarantined line on stdout"
	[ -z "$why" ] && [ -n "$(ls -A "$d/inbox")" ] && why="inbox not empty"
	[ -z "$why" ] && ! cmp -s "$T/sentinel" "$T/sentinel.orig" &&
		why="sentinel changed"
	[ -z "$why" ] && [ -n "$(ls -A "$OUT")" ] && why="wrote into outside/"
	[ -z "$why" ] && [ -n "$(find "$T" -name 'slip.csv' -o -name 'abs.csv' -o -name 'bs.csv' | head -1)" ] &&
		why="wrote outside the data directory"
	[ -z "$why" ] && [ -n "$(find "$d/staged" -name '.tmp-*')" ] &&
		why="temp folder left"
	if [ -z "$why" ]; then
		ok "hostile $file: $(cat "$d/quarantine/$name.reason")"
	else
		not_ok "hostile $file" "$why" "stdout: $(cat "$T/out")" \
			"stderr: $(head -c 600 "$T/err")"
	fi
}

case_ slip.tar.gz tar.gz "unsafe member name.*'\.\.' in path"
case_ slip.zip zip "unsafe member name.*'\.\.' in path"
case_ abs.tar.gz tar.gz "unsafe member name.*absolute path"
case_ abs.zip zip "unsafe member name.*absolute path"
case_ backslash.tar.gz tar.gz "backslash in path"
case_ symlink.tar.gz tar.gz "symlink member 'victims.csv'"
case_ symlink.zip zip "symlink member 'victims.csv'"
case_ symwrite.tar.gz tar.gz "symlink member 'd'"
case_ symwrite.zip zip "symlink member 'd'"
case_ hardlink.tar.gz tar.gz "hardlink member 'victims.csv'"
case_ fifo.tar.gz tar.gz "FIFO member 'prevention.csv'"

case_ device.tar.gz tar.gz "device member 'victims.csv'"
case_ dup.tar.gz tar.gz "duplicate member 'victims.csv'"
case_ dup.zip zip "duplicate member 'victims.csv'"
case_ bomb.tar.gz tar.gz "compression ratio above 200:1"
case_ bomb.zip zip "compression ratio above 200:1"
case_ bomb.csv.gz csv.gz "compression ratio above 200:1"
case_ large.tar.gz tar.gz "member 'victims.csv' is larger than 4096 bytes" \
	--max-entry-size 4K
case_ large.zip zip "member 'victims.csv' is larger than 4096 bytes" \
	--max-entry-size 4K
case_ large.tar.gz tar.gz "larger than 2048 bytes in total" \
	--max-total-size 2K
case_ many.tar.gz tar.gz "more than 3 entries" --max-entries 3
case_ many.zip zip "more than 3 entries" --max-entries 3
case_ trunc.tar.gz tar.gz "corrupt.*(truncated|Truncated)"
case_ trunc.csv.gz csv.gz "corrupt.*(truncated|Truncated)"
case_ crc.zip zip "corrupt data in 'victims.csv'.*CRC"
case_ encrypted.zip zip "encrypted member 'victims.csv'"
case_ garbage.csv.gz csv.gz "trailing garbage after the gzip stream"
case_ garbage.tar.gz tar.gz "trailing garbage after the gzip stream"
case_ garbage.tar tar "trailing garbage after the end of the tar archive"
case_ padding.tar tar "trailing garbage after the end of the tar archive"
case_ padding.tar.gz tar.gz "trailing garbage after the end of the tar archive"
case_ plain.csv.gz csv.gz "content is not compressed \(plain text\?\), not the gzip"
case_ gzip.csv csv "content is gzip data"
case_ zipnamed.tar.gz tar.gz "content is zip, not the gzip"
case_ empty.tar.gz tar.gz "empty archive"
case_ empty.tar tar "empty archive|content is"
case_ empty.zip zip "empty archive"
case_ empty.csv.gz csv.gz "empty file"
case_ nested.tar.gz tar.gz "nested archive 'inner.tar.gz'"
case_ nested.zip zip "nested archive: member 'victims.csv' (holds gzip data|compressed more than once)"
case_ nested.csv.gz csv.gz "nested archive: compressed more than once"
case_ unknown.tar.gz tar.gz "unknown member 'notes.txt'"
case_ unknown.zip zip "unknown member '__MACOSX/._victims.csv'"
