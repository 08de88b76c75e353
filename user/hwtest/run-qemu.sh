#!/bin/sh
# run-qemu.sh — run the built hwtest programs under qemu-riscv64-static, for humans.
#
# There are no checked-in expected outputs: at test time qemu *is* the
# reference, and the Java harness compares the board against it. This script
# only shows what qemu says: each program's output (or, with -q, a one-line
# summary) and its exit status, plus three sanity checks that need no
# reference — exit status 0 with "done" as the last line, the same bytes on a
# second run (-d), and the same bytes from every build flavour of a program
# (<name>, <name>-O0, <name>-rv64g). It exits non-zero if any check fails.
#
# usage: hwtest/run-qemu.sh [-q] [-d] [program ...]   (run from anywhere; build first: make -C user)
#   -q   summary only: exit status, line count, sha256 and last line per program
#   -d   run each program twice and report whether the outputs are identical
#   program  names (int_alu, fp_double-O0, ...) or paths; default: every ELF in user/build/hwtest
# environment: QEMU (default qemu-riscv64-static), TIMEOUT seconds per run (default 60)

set -u
here=$(cd "$(dirname "$0")" && pwd)
build="$here/../build/hwtest"
qemu=${QEMU:-qemu-riscv64-static}
limit=${TIMEOUT:-60}
quiet=0
twice=0

while getopts qd opt; do
    case $opt in
    q) quiet=1 ;;
    d) twice=1 ;;
    *) sed -n '2,18s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))

command -v "$qemu" >/dev/null 2>&1 || { echo "run-qemu.sh: $qemu not found (apt-get install qemu-user-static)" >&2; exit 2; }

if [ $# -eq 0 ]; then
    [ -d "$build" ] || { echo "run-qemu.sh: $build missing; run make -C user first" >&2; exit 2; }
    set -- $(find "$build" -maxdepth 1 -type f -perm -u+x | sort)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0

for prog in "$@"; do
    case $prog in
    */*) elf=$prog ;;
    *) elf="$build/$prog" ;;
    esac
    name=$(basename "$elf")
    if [ ! -x "$elf" ]; then
        echo "== $name: not built ($elf)"
        failures=$((failures + 1))
        continue
    fi
    timeout "$limit" "$qemu" "$elf" >"$tmp/$name.out" 2>"$tmp/$name.err"
    status=$?
    last=$(tail -n 1 "$tmp/$name.out")
    verdict=ok
    if [ "$status" -ne 0 ] || [ "$last" != "done" ]; then
        verdict=BAD
        failures=$((failures + 1))
    fi
    if [ "$quiet" -eq 0 ]; then
        echo "== $name"
        cat "$tmp/$name.out"
        [ -s "$tmp/$name.err" ] && { echo "-- stderr:"; cat "$tmp/$name.err"; }
    fi
    lines=$(wc -l <"$tmp/$name.out")
    sum=$(sha256sum <"$tmp/$name.out" | cut -c1-16)
    extra=""
    if [ "$twice" -eq 1 ]; then
        timeout "$limit" "$qemu" "$elf" >"$tmp/$name.out2" 2>/dev/null
        if cmp -s "$tmp/$name.out" "$tmp/$name.out2"; then
            extra=", deterministic"
        else
            extra=", NOT DETERMINISTIC"
            failures=$((failures + 1))
        fi
    fi
    printf '%-20s %s: exit %d, %6d lines, sha256 %s, last line "%s"%s\n' \
        "$name" "$verdict" "$status" "$lines" "$sum" "$last" "$extra"
done

# Flavours of one program must agree: compare each <base>-<flavour> with <base>.
for out in "$tmp"/*.out; do
    [ -e "$out" ] || continue
    name=$(basename "$out" .out)
    base=${name%-*}
    [ "$base" != "$name" ] && [ -e "$tmp/$base.out" ] || continue
    if ! cmp -s "$out" "$tmp/$base.out"; then
        echo "flavours disagree: $name vs $base"
        failures=$((failures + 1))
    fi
done

if [ "$failures" -eq 0 ]; then
    echo "all $# programs: exit 0, ended with done; flavours agree"
else
    echo "$failures problem(s)"
fi
[ "$failures" -eq 0 ]
