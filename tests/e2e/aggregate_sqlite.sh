#!/usr/bin/env bash
# Recomputes several indicators of generated data with sqlite3 (import the
# validated CSVs, GROUP BY) and compares them with indicators.csv.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/golden/aggregate/fixture.bash"

if ! command -v sqlite3 >/dev/null; then
	skip "sqlite3 cross-check" "no sqlite3"
	exit 0
fi
d=$(newdata)
ledger_init "$d"
mk_sub "$d" s1 SRB UNODC 2010Q1 11 400
mk_sub "$d" s2 ARG-BOL IOM 2010Q2 12 600
mk_sub "$d" s3 CASIA UNODC 2010Q3 13 500
mk_sub "$d" s4 SRB UNODC 2010Q1 14 300   # supersedes s1
run tip-aggregate -d "$d" --schemas "$TOP/schemas"
expect_rc "aggregate generated data" 0

db=$T/x.db
for t in victims prosecutions prevention coordination; do
	for s in s2 s3 s4; do
		f=$d/validated/$s/$t.csv
		[ -f "$f" ] || continue
		prog=$(sed -n 's/.*"programme": "\([^"]*\)".*/\1/p' "$d/validated/$s/report.json")
		# add the programme as a column
		awk -v p="$prog" 'NR == 1 { print "programme," $0; next } { print p "," $0 }' "$f" >"$T/$s-$t.csv"
		if [ -f "$T/have-$t" ]; then
			sqlite3 "$db" ".mode csv" ".import --skip 1 $T/$s-$t.csv $t"
		else
			sqlite3 "$db" ".mode csv" ".import $T/$s-$t.csv $t"
			touch "$T/have-$t"
		fi
	done
done
Q="(substr(%s,1,4) || 'Q' || ((cast(substr(%s,6,2) as int) + 2) / 3))"
qv=$(printf "$Q" date_identified date_identified)
ind=$d/aggregates/indicators.csv

# compare NAME SQL AWK: both sides as sorted "key,value" lines
compare() {
	sqlite3 -csv "$db" "$2" | sort >"$T/want"
	awk -F, "$3" "$ind" | sort >"$T/got"
	if [ -s "$T/want" ] && diff -u "$T/want" "$T/got" >"$T/diff"; then
		ok "$1 ($(wc -l <"$T/want") cells)"
	else
		not_ok "$1" "$(head -c 1500 "$T/diff")"
	fi
}

compare "victims identified by programme, country, quarter" \
    "select programme, country, $qv, count(*) from victims group by 1, 2, 3" \
    '$1 == "victims_identified" && $3 != "_T" && $4 != "_T" && $5 ~ /Q/ && $6 == "_T" && $7 == "_T" && $8 == "_T" { print $3 "," $4 "," $5 "," $13 }'

compare "victims identified by sex and year, all programmes" \
    "select sex, substr(date_identified,1,4), count(*) from victims group by 1, 2" \
    '$1 == "victims_identified" && $3 == "_T" && $5 !~ /Q/ && $6 != "_T" && $7 == "_T" && $8 == "_T" { print $6 "," $5 "," $13 }'

compare "victims by form of exploitation (multi-valued)" \
    "with f(x) as (values('sexual'),('forced_labour'),('forced_begging'),('forced_criminality'),('forced_marriage'),('domestic_servitude'),('organ_removal'),('other'))
     select programme, x, count(*) from victims, f where '|' || exploitation || '|' like '%|' || x || '|%' and substr(date_identified,1,4) = '2010' group by 1, 2" \
    '$1 == "victims_identified" && $3 != "_T" && $4 == "_T" && $5 == "2010" && $6 == "_T" && $7 == "_T" && $8 != "_T" { print $3 "," $8 "," $13 }'

compare "child victims (age 0-17) by country and year" \
    "select country, substr(date_identified,1,4), count(*) from victims where age != '' and cast(age as int) <= 17 group by 1, 2" \
    '$1 == "victims_identified" && $4 != "_T" && $5 !~ /Q/ && $6 == "_T" && $7 == "Y0T17" && $8 == "_T" { print $4 "," $5 "," $13 }'

compare "persons convicted by country, year, citizenship" \
    "select country, substr(month,1,4), offender_citizenship, sum(persons) from prosecutions where stage = 'convicted' group by 1, 2, 3" \
    '$1 == "persons_convicted" && $4 != "_T" && $5 !~ /Q/ && $6 == "_T" && $10 != "_T" { print $4 "," $5 "," $10 "," $13 }'

compare "prevention participants by target group and sex" \
    "select target_group, 'female', sum(participants_female) from prevention where substr(date_start,1,4)='2010' group by 1
     union all select target_group, 'male', sum(participants_male) from prevention where substr(date_start,1,4)='2010' group by 1" \
    '$1 == "prevention_participants" && $3 == "_T" && $5 == "2010" && $6 != "_T" && $11 != "_T" { print $11 "," $6 "," $13 }'

compare "coordination events and referrals by mechanism" \
    "select 'e', mechanism, count(*) from coordination group by 2 union all select 'r', mechanism, sum(referrals) from coordination group by 2" \
    '($1 == "coordination_events" || $1 == "nrm_referrals") && $3 == "_T" && $5 ~ /Q/ && $12 != "_T" { k[($1 == "nrm_referrals" ? "r" : "e") "," $12] += $13 } END { for (x in k) print x "," k[x] }'

compare "conviction ratio by programme and year" \
    "select programme, substr(month,1,4), printf('%.2f', 100.0 * sum(case when stage='convicted' then persons else 0 end) / sum(case when stage='prosecuted' then persons else 0 end)) from prosecutions group by 1, 2 having sum(case when stage='prosecuted' then persons else 0 end) > 0" \
    '$1 == "conviction_ratio" && $3 != "_T" && $4 == "_T" && $5 !~ /Q/ && $6 == "_T" && $10 == "_T" && $17 == "ok" { print $3 "," $5 "," $13 }'
