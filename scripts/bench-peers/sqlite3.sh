#!/bin/sh
# The sqlite3 peer of scripts/bench: imports a victims .csv.gz into an
# in-memory table, then counts victims by programme, year, sex and form of
# exploitation, each form of the '|'-separated list once (json_each over the
# list turned into a JSON array: right for the enum values, which hold no
# '"' or '\').
# usage: sqlite3.sh FILE.csv.gz PROGRAMME OUT.csv
set -eu
[ $# = 3 ] || { echo 'usage: sqlite3.sh FILE.csv.gz PROGRAMME OUT.csv' >&2; exit 64; }
case $1$2$3 in
*"'"*) echo "sqlite3 peer: no quotes in arguments, please" >&2; exit 64 ;;
esac
exec sqlite3 :memory: <<SQL
.bail on
.mode csv
.import '|gzip -dc $1' victims
.once $3
SELECT '$2', substr(v.date_identified, 1, 4) AS yr, v.sex, j.value AS form,
       count(*)
FROM victims AS v,
     json_each('["' || replace(v.exploitation, '|', '","') || '"]') AS j
GROUP BY yr, v.sex, form ORDER BY 1, 2, 3, 4;
SQL
