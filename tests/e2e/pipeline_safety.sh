#!/usr/bin/env bash
# tip-pipeline under stress: the lock (second run exits 75 naming the
# holder, --wait, a stage run by hand), SIGKILL at several points followed
# by a rerun (same outputs as an uninterrupted run, byte for byte), SIGTERM,
# and a full disk (74, previous outputs intact).
. "$(dirname "$0")/lib.sh"

outputs_sum() {
	(cd "$1" && find . -type f ! -path './logs/*' ! -path './state/lock' \
	    ! -path './state/last-run.json' ! -path './state/fingerprints.tsv' \
	    ! -path './charts/*.png' ! -path './charts/*.pdf' -print0 |
	    sort -z | xargs -0 sha256sum)
}

# A realistic night: several generated submissions, big enough that a run
# takes a noticeable moment.
IN=$T/in
mkdir -p "$IN"
i=0
for spec in SRB:UNODC PAK:IOM ARG-BOL:GOV RWA-BDI:IOM CASIA:UNHCR EGY:IOM; do
	i=$((i + 1))
	p=${spec%%:*} a=${spec##*:}
	"$TOP/scripts/gen-submissions" --format tar.gz --seed $i --rows 30000 \
	    --programme "$p" --agency "$a" --period 2010Q2 --errors 0.01 \
	    --out "$IN/${p}_${a}_2010Q2.tar.gz" >/dev/null 2>&1 ||
	    { not_ok "generate submissions" "gen-submissions failed"; exit 1; }
done
fresh() {
	local d
	d=$(newdata)
	cp "$IN"/* "$d/inbox/"
	echo "$d"
}

# Reference: one uninterrupted run.
REF=$(fresh)
t0=$(date +%s%N)
run "$BIN/tip-pipeline" -d "$REF"
t1=$(date +%s%N)
if [ "$RC" = 0 ] || [ "$RC" = 65 ]; then
	ok "reference run completes ($(( (t1 - t0) / 1000000 )) ms)"
else
	not_ok "reference run completes" "exit $RC: $(head -c 600 "$T/err")"
fi
outputs_sum "$REF" >"$T/ref.sum"

# Lock: a second run exits 75 at once, naming the holder.
D=$(fresh)
"$BIN/tip-pipeline" -d "$D" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do
	grep -q "pid $pid" "$D/state/lock" 2>/dev/null && break
	sleep 0.02
done
run "$BIN/tip-pipeline" -d "$D"
if [ "$RC" = 75 ] && grep -q "pid $pid" "$T/err"; then
	ok "second concurrent run exits 75 naming the holder's pid"
else
	not_ok "second concurrent run exits 75 naming the holder's pid" \
	    "exit $RC: $(cat "$T/err")"
fi
run "$BIN/tip-validate" -d "$D"
if [ "$RC" = 75 ] || ! kill -0 $pid 2>/dev/null; then
	ok "a stage run by hand during the pipeline exits 75"
else
	not_ok "a stage run by hand during the pipeline exits 75" "exit $RC"
fi
run "$BIN/tip-pipeline" -d "$D" --wait 120
if [ "$RC" = 0 ]; then
	ok "--wait waits for the holder, then finds nothing to do"
else
	not_ok "--wait waits for the holder" "exit $RC: $(cat "$T/err")"
fi
wait $pid
outputs_sum "$D" >"$T/d.sum"
same_file "concurrent attempts corrupted nothing" "$T/d.sum" "$T/ref.sum"

# SIGKILL at several points, then rerun: same outputs as the reference.
for delay in 0.05 0.2 0.4 0.8 1.5; do
	D=$(fresh)
	"$BIN/tip-pipeline" -d "$D" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	# The stage it was running dies with it (parent-death signal); wait
	# until it is gone, as after a crash of the machine.
	for _ in $(seq 1 100); do
		pgrep -f -- "-d $D" >/dev/null || break
		sleep 0.05
	done
	run "$BIN/tip-pipeline" -d "$D"
	rc1=$RC
	outputs_sum "$D" >"$T/k.sum"
	if [ "$rc1" = 0 ] || [ "$rc1" = 65 ]; then
		if diff -q "$T/k.sum" "$T/ref.sum" >/dev/null; then
			ok "kill -9 after ${delay}s then rerun: outputs identical"
		else
			not_ok "kill -9 after ${delay}s then rerun: outputs identical" \
			    "$(diff "$T/ref.sum" "$T/k.sum" | head -10)"
		fi
	else
		not_ok "kill -9 after ${delay}s then rerun" "exit $rc1: $(head -c 500 "$T/err")"
	fi
	check "kill -9 after ${delay}s: no temp leftovers after rerun" \
	    test -z "$(find "$D" -name '.*tmp*' ! -path '*/logs/*')"
done

# SIGTERM stops cleanly and says where.
D=$(fresh)
"$BIN/tip-pipeline" -d "$D" >"$T/term.out" 2>"$T/term.err" &
pid=$!
# Once a stage runs, the runner's handler is in place (slow under valgrind).
for _ in $(seq 1 200); do
	grep -q '^# ingest' "$D"/logs/run-*.log 2>/dev/null && break
	sleep 0.05
done
kill -TERM $pid
wait $pid
RC=$?
if [ "$RC" = 143 ] && grep -q "stopped by signal during stage" "$T/term.err"; then
	ok "SIGTERM stops with 143 and names the stage"
elif [ "$RC" = 0 ] || [ "$RC" = 65 ]; then
	skip "SIGTERM stops with 143 and names the stage" "run finished first"
else
	not_ok "SIGTERM stops with 143 and names the stage" "exit $RC: $(cat "$T/term.err")"
fi
run "$BIN/tip-pipeline" -d "$D"
outputs_sum "$D" >"$T/t.sum"
same_file "after SIGTERM a rerun finishes the job" "$T/t.sum" "$T/ref.sum"

# Full disk: a small tmpfs (needs root and mount); else skip.
M=$T/small
mkdir -p "$M"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=3m tmpfs "$M" 2>/dev/null; then
	D=$M/data
	mkdir -p "$D/inbox"
	cp "$TOP/samples/SRB_UNODC_2010Q1.tar.gz" "$D/inbox/"
	"$BIN/tip-pipeline" -d "$D" >/dev/null 2>&1
	before=$(outputs_sum "$D")
	# About 1 MB compressed, 10 MB of CSV: cannot fit in what is left.
	"$TOP/scripts/gen-submissions" --format tar.gz --seed 99 --rows 100000 \
	    --programme SRB --agency IOM --period 2010Q2 --tables victims \
	    --out "$T/SRB_IOM_2010Q2.tar.gz" >/dev/null 2>&1
	cp "$T/SRB_IOM_2010Q2.tar.gz" "$D/inbox/"
	run "$BIN/tip-pipeline" -d "$D"
	if [ "$RC" = 74 ]; then
		ok "full disk: the stage fails with 74"
	else
		not_ok "full disk: the stage fails with 74" "exit $RC: $(head -c 500 "$T/err")"
	fi
	after=$(outputs_sum "$D")
	if [ "$(echo "$before" | grep -v -e './inbox/' -e './state/ledger.tsv')" = \
	    "$(echo "$after" | grep -v -e './inbox/' -e './state/ledger.tsv')" ]; then
		ok "full disk: previous outputs intact"
	else
		not_ok "full disk: previous outputs intact" \
		    "$(diff <(echo "$before") <(echo "$after") | head)"
	fi
	umount "$M"
else
	skip "full disk: the stage fails with 74" "cannot mount a tmpfs here"
	skip "full disk: previous outputs intact" "cannot mount a tmpfs here"
fi
