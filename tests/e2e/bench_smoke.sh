#!/usr/bin/env bash
# scripts/bench at a tiny size: it runs the stages and the quick peers, and
# writes the table, results.csv and the chart. Numbers are not checked.
. "$(dirname "$0")/lib.sh"

bench() {
	BENCH_INSTALL=0 BENCH_OUT="$T/bench" BENCH_WORK="$T/work" BIN="$BIN" \
	    "$TOP/scripts/bench" "$@"
}

run bench --help
if [ "$RC" = 0 ] && grep -q BENCH_ROWS "$T/out"; then
	ok "bench --help exits 0 and names the settings"
else
	not_ok "bench --help exits 0 and names the settings" "exit $RC"
fi
run bench --frobnicate
if [ "$RC" = 64 ] && [ ! -s "$T/out" ]; then
	ok "bench: unknown option exits 64, empty stdout"
else
	not_ok "bench: unknown option exits 64, empty stdout" "exit $RC"
fi
BENCH_ROWS=lots run bench
expect_rc "bench: a bad BENCH_ROWS exits 64" 64

# The peers that are quick at this size, when installed.
peers="" steps="" counters=""
for p in gzip sqlite3 mlr; do
	command -v "$p" >/dev/null 2>&1 || continue
	peers="$peers $p"
	case $p in
	gzip) steps="$steps gzip_-dc" ;;
	*) steps="$steps $p" counters="$counters $p" ;;
	esac
done
BENCH_ROWS="1500 3000" BENCH_REPEAT=2 BENCH_PARTS=sizes \
    BENCH_PEERS="${peers:-none}" run bench
expect_rc "bench at 1500 and 3000 rows exits 0" 0
res=$T/bench/results.csv
if head -n 1 "$res" 2>/dev/null | grep -qx \
    'rows,step,repeats,wall_s,cpu_s,mb_per_s,rows_per_s,peak_rss_mb,ratio_to_tip,status'; then
	ok "results.csv has its header"
else
	not_ok "results.csv has its header" "$(head -n 2 "$res" 2>&1)"
fi
missing=""
for n in 1500 3000; do
	for st in tip-ingest tip-validate tip-aggregate "tip validate+aggregate" \
	    "tip total from .gz" $steps; do
		st=${st//_/ }
		grep -q "^$n,\"$st\",2,[0-9.]*,.*,ok\$" "$res" 2>/dev/null ||
		    missing="$missing $n:$st"
	done
done
if [ -z "$missing" ]; then
	ok "results.csv: every step at both sizes, 2 runs, ok"
else
	not_ok "results.csv: every step at both sizes, 2 runs, ok" \
	    "missing:$missing" "$(head -20 "$res" 2>&1)"
fi
if grep -q '^3000,"tip validate+aggregate",2,.*,1\.00,ok$' "$res"; then
	ok "ratio of tip validate+aggregate to itself is 1.00"
else
	not_ok "ratio of tip validate+aggregate to itself is 1.00"
fi
if grep -q '^3000 rows: .* MB CSV' "$T/out" && grep -q '^tip-validate ' "$T/out"; then
	ok "the table is printed on stdout"
else
	not_ok "the table is printed on stdout" "$(head -c 600 "$T/out")"
fi
same_file "table.txt is what was printed" "$T/bench/table.txt" "$T/out"
if [ -n "$counters" ]; then
	if grep -q "^note: at 3000 rows tip's counts equal those of:$counters\$" \
	    "$T/out"; then
		ok "tip and the peers count the same"
	else
		not_ok "tip and the peers count the same" "$(grep note "$T/out")"
	fi
else
	skip "tip and the peers count the same" "no peer installed"
fi
if command -v gnuplot >/dev/null 2>&1; then
	if [ -s "$T/bench/bench.png" ] && [ -s "$T/bench/bench.svg" ] &&
	    grep -q '^"step" "1500 rows" "3000 rows"$' "$T/bench/bench.dat"; then
		ok "chart written (png, svg, dat with column headers)"
	else
		not_ok "chart written (png, svg, dat with column headers)" \
		    "$(ls "$T/bench")"
	fi
else
	skip "chart written" "gnuplot not installed"
fi
check "scratch data removed" test ! -e "$T/work"
