#!/usr/bin/env bash
# Scale-out path: per-submission work runs in parallel processes (validate
# -j N, aggregate -j N bringing partials up to date), only the merge is
# serial, and the result is the same bytes as one worker. Times are printed
# as diagnostics (speed is measured by `make bench`, never asserted here).
. "$(dirname "$0")/lib.sh"

outputs_sum() {
	(cd "$1" && find aggregates validated rejected -type f -print0 |
	    sort -z | xargs -0 sha256sum)
}

D=$(newdata)
i=0
for spec in SRB:IOM PAK:IOM CASIA:UNHCR EGY:IOM; do
	i=$((i + 1))
	p=${spec%%:*} a=${spec##*:}
	"$TOP/scripts/gen-submissions" --format tar.gz --seed $((40 + i)) \
	    --rows 20000 --programme "$p" --agency "$a" --period 2010Q3 \
	    --errors 0.01 --out "$D/inbox/${p}_${a}_2010Q3.tar.gz" >/dev/null 2>&1
done
"$BIN/tip-ingest" -d "$D" -q >/dev/null 2>&1

ms() { echo $(( ($2 - $1) / 1000000 )); }

if "$BIN/tip-validate" --help | grep -q -- '--jobs'; then
	t0=$(date +%s%N)
	"$BIN/tip-validate" -d "$D" -q --force -j 1 >/dev/null 2>&1
	t1=$(date +%s%N)
	outputs_sum "$D" >"$T/v1"
	"$BIN/tip-validate" -d "$D" -q --force -j 2 >/dev/null 2>&1
	t2=$(date +%s%N)
	outputs_sum "$D" >"$T/v2"
	same_file "validate -j 2 writes the same bytes as -j 1" "$T/v2" "$T/v1"
	echo "# validate 4 x 20000 rows: -j 1 $(ms "$t0" "$t1") ms, -j 2 $(ms "$t1" "$t2") ms"
else
	"$BIN/tip-validate" -d "$D" -q >/dev/null 2>&1
	skip "validate -j 2 writes the same bytes as -j 1" "tip-validate has no --jobs"
fi

t0=$(date +%s%N)
run "$BIN/tip-aggregate" -d "$D" --force -j 1
t1=$(date +%s%N)
expect_rc "aggregate -j 1 succeeds" 0
outputs_sum "$D" >"$T/a1"
run "$BIN/tip-aggregate" -d "$D" --force -j 2
t2=$(date +%s%N)
expect_rc "aggregate -j 2 succeeds" 0
outputs_sum "$D" >"$T/a2"
same_file "aggregate -j 2 writes the same bytes as -j 1" "$T/a2" "$T/a1"
echo "# aggregate 4 x 20000 rows: -j 1 $(ms "$t0" "$t1") ms, -j 2 $(ms "$t1" "$t2") ms"
run "$BIN/tip-aggregate" -d "$D" -j 0
expect_rc "aggregate -j 0 is a usage error" 64

# The whole pipeline with 2 workers gives the bytes of 1 worker.
P1=$(newdata)
P2=$(newdata)
for d in "$D"/state/archive/*; do cp "$d" "$P1/inbox/${d##*/}"; cp "$d" "$P2/inbox/${d##*/}"; done
t0=$(date +%s%N)
"$BIN/tip-pipeline" -d "$P1" --to aggregate >/dev/null 2>&1
t1=$(date +%s%N)
"$BIN/tip-pipeline" -d "$P2" --to aggregate -j 2 >/dev/null 2>&1
t2=$(date +%s%N)
if grep -q -- "-j2" "$P2"/logs/run-*.log; then
	ok "pipeline -j 2 passes the workers to the stages"
else
	not_ok "pipeline -j 2 passes the workers to the stages"
fi
outputs_sum "$P1" >"$T/p1"
outputs_sum "$P2" >"$T/p2"
same_file "pipeline -j 2 writes the same bytes as -j 1" "$T/p2" "$T/p1"
echo "# pipeline ingest..aggregate 4 x 20000 rows: -j 1 $(ms "$t0" "$t1") ms, -j 2 $(ms "$t1" "$t2") ms"
