# Fixture helpers for the aggregate end-to-end tests (sourced, not run):
# build a data directory as tip-ingest and tip-validate would leave it,
# from gen-submissions output, so the aggregate tests do not depend on
# the other stages.
GEN=${GEN:-$BUILD/gen-submissions}

# ledger_init DATA: an empty ledger with its header.
ledger_init() {
	mkdir -p "$1/state" "$1/validated" "$1/staged"
	printf 'seq\ttime\tsha256\tsize\tsource\tid\tprogramme\tagency\tperiod\toutcome\tsupersedes\treason\n' \
	    >"$1/state/ledger.tsv"
}

# mk_sub DATA ID PROGRAMME AGENCY PERIOD SEED ROWS [STATUS] [TABLES]:
# generates a submission and files it as staged + validated (accepted
# unless STATUS says rejected), appending it to the ledger.
mk_sub() {
	local d=$1 id=$2 prog=$3 ag=$4 per=$5 seed=$6 rows=$7
	local status=${8:-accepted} tables=${9:-victims,prosecutions,prevention,coordination}
	local g="$d/.gen-$id" seq prev
	rm -rf "$g"
	"$GEN" --seed "$seed" --rows "$rows" --programme "$prog" --agency "$ag" \
	    --period "$per" --tables "$tables" --out "$g" >/dev/null || return 1
	mkdir -p "$d/validated/$id" "$d/staged/$id"
	cp "$g"/*.csv "$d/validated/$id/"
	cp "$g"/*.csv "$d/staged/$id/"
	rm -rf "$g"
	printf '{"id": "%s", "programme": "%s", "agency": "%s", "period": "%s", "status": "%s"}\n' \
	    "$id" "$prog" "$ag" "$per" "$status" >"$d/validated/$id/report.json"
	seq=$(($(wc -l <"$d/state/ledger.tsv")))
	printf '{"id": "%s", "programme": "%s", "agency": "%s", "period": "%s", "ingested_at": "2010-07-%02dT00:00:00Z", "supersedes": null}\n' \
	    "$id" "$prog" "$ag" "$per" "$seq" >"$d/staged/$id/submission.json"
	prev=$(awk -F'\t' -v p="$prog" -v a="$ag" -v q="$per" \
	    '$7 == p && $8 == a && $9 == q && $10 == "staged" { id = $6 } END { print id }' \
	    "$d/state/ledger.tsv")
	printf '%s\t2010-07-%02dT00:00:00Z\t%s\t1\t%s.tar.gz\t%s\t%s\t%s\t%s\tstaged\t%s\t\n' \
	    "$seq" "$seq" "$(printf %s "$id" | sha256sum | cut -c1-64)" "$id" \
	    "$id" "$prog" "$ag" "$per" "$prev" >>"$d/state/ledger.tsv"
}
