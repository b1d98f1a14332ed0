#!/usr/bin/env bash
# make install PREFIX=... DESTDIR=... puts binaries, man pages and the
# default schemas in place; the installed tools find their schemas.
. "$(dirname "$0")/lib.sh"

R=$T/root
rel_bin=$(realpath --relative-to="$TOP" "$BIN" 2>/dev/null || echo bin)
rel_build=$(realpath --relative-to="$TOP" "$BUILD" 2>/dev/null || echo build)
# Under TIP_MEMCHECK BIN is a wrapper folder; install from the real one.
[ -n "${TIP_REAL_BIN:-}" ] && rel_bin=$(realpath --relative-to="$TOP" "$TIP_REAL_BIN")
if make -s -C "$TOP" install BIN="$rel_bin" BUILD="$rel_build" PREFIX=/usr \
    DESTDIR="$R" >"$T/out" 2>"$T/err"; then
	ok "make install DESTDIR PREFIX succeeds"
else
	not_ok "make install DESTDIR PREFIX succeeds" "$(tail -5 "$T/err")"
fi
for p in ingest validate aggregate chart report pipeline; do
	check "installed tip-$p" test -x "$R/usr/bin/tip-$p"
	check "installed man page tip-$p.1" test -f "$R/usr/share/man/man1/tip-$p.1"
done
check "installed schemas" test -f "$R/usr/share/tip/schemas/victims.json"
check "installed reference data" test -f "$R/usr/share/tip/schemas/reference/countries.csv"
if command -v mandoc >/dev/null 2>&1; then
	for m in "$R"/usr/share/man/man1/*.1; do
		check "man page $(basename "$m") lints clean" \
		    sh -c "mandoc -T lint -W warning '$m' >/dev/null"
	done
fi
if make -s -C "$TOP" uninstall BIN="$rel_bin" BUILD="$rel_build" PREFIX=/usr \
    DESTDIR="$R" >/dev/null 2>&1 && [ -z "$(find "$R" -type f)" ]; then
	ok "make uninstall removes what install put there"
else
	not_ok "make uninstall removes what install put there" "$(find "$R" -type f | head)"
fi
