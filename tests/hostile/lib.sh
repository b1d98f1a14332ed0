# Helpers for hostile cases (sourced by tests/hostile/run.sh).

# rows_ok REPORT: rows_read = accepted + rejected, overall and per table.
rows_ok() {
	python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
def ok(o):
    return o.get("rows_read") == o.get("accepted", 0) + o.get("rejected", 0)
sys.exit(0 if ok(r) and all(ok(t) for t in r.get("tables", {}).values()) else 1)
PY
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

# stage_table PROG AGENCY PERIOD TABLE CONTENT: a staged submission, as if
# tip-ingest had made it, for cases aimed at later stages.
stage_table() {
	local prog=$1 agency=$2 period=$3 table=$4 content=$5
	local f
	f=$(mktemp -d)/${prog}_${agency}_${period}_${table}.csv
	printf '%b' "$content" >"$f"
	cp "$f" "$D/inbox/"
	"$BIN/tip-ingest" -d "$D" -q >/dev/null 2>&1
}

VICTIMS_HEADER='case_id,date_identified,country,sex,age,citizenship,exploitation,status,identified_by,referred_nrm,assistance,asylum_channel'
VICTIM_ROW='V1,2010-02-01,SRB,female,24,SRB,sexual,actual,police,true,shelter|medical,false'
