#!/bin/sh
# The Miller peer of scripts/bench: reads a victims .csv.gz, splits the
# '|'-separated forms of exploitation into one record each, and counts
# victims by year, sex and form (the programme is the file's: scripts/bench
# adds it when comparing).
# usage: mlr.sh FILE.csv.gz PROGRAMME OUT.csv
set -eu
[ $# = 3 ] || { echo 'usage: mlr.sh FILE.csv.gz PROGRAMME OUT.csv' >&2; exit 64; }
# Miller's verb chain: "then" is its word, and $year is Miller's variable.
# shellcheck disable=SC1010,SC2016
exec mlr --icsv --ocsv --gzin \
    nest --explode --values --across-records -f exploitation --nested-fs pipe \
    then put '$year = substr0($date_identified, 0, 3)' \
    then count -g year,sex,exploitation "$1" >"$3"
