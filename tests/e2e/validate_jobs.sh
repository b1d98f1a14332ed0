#!/usr/bin/env bash
# tip-validate -j N: every sample ingested, then validated one at a time
# and with 2 and 3 workers; the outputs, messages and exit status must be
# the same. Also the option's misuse.
. "$(dirname "$0")/lib.sh"
export TIP_SCHEMAS=$TOP/schemas

run tip-validate -j 0
expect_rc "-j 0 is a usage error" 64
check "-j 0 prints nothing on stdout" test ! -s "$T/out"
run tip-validate --jobs x
expect_rc "--jobs x is a usage error" 64

A=$(newdata)
cp "$TOP"/samples/* "$A/inbox/" 2>/dev/null
run tip-ingest -d "$A" -q
cp -r "$A" "$T/b"
cp -r "$A" "$T/c"
run tip-validate -d "$A" -j 1
rc1=$RC
sort "$T/err" >"$T/err1"
run tip-validate -d "$T/b" -j 2
expect_rc "-j 2 exits as -j 1" "$rc1"
sort "$T/err" >"$T/err2"
same_file "-j 2 says the same (in any order)" "$T/err2" "$T/err1"
if diff -r "$A/validated" "$T/b/validated" >"$T/diff" &&
    diff -r "$A/rejected" "$T/b/rejected" >>"$T/diff"; then
	ok "-j 2 writes the same validated/ and rejected/"
else
	not_ok "-j 2 writes the same validated/ and rejected/" "$(head -c 2000 "$T/diff")"
fi
run tip-validate -d "$T/c" --jobs 3 -q
expect_rc "--jobs 3 exits as -j 1" "$rc1"
if diff -r "$A/validated" "$T/c/validated" >"$T/diff" &&
    diff -r "$A/rejected" "$T/c/rejected" >>"$T/diff"; then
	ok "--jobs 3 writes the same validated/ and rejected/"
else
	not_ok "--jobs 3 writes the same validated/ and rejected/" "$(head -c 2000 "$T/diff")"
fi
n=$(find "$T/c/validated" "$T/c/rejected" -name '.tmp-*' | wc -l)
check "no temp folders left" test "$n" = 0
