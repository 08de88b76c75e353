#!/bin/sh
# host-ref.sh - derive the expected checksums of the guest benchmarks on the host.
#
# Compiles every benchmark natively with -DBENCH_HOST (libc instead of the
# lib/ runtime, no instret) in both sizes and prints "<name>[-quick] <checksum>".
# The EXPECTED constants in the sources are these values: they come from an
# execution that uses neither qemu nor our board, so a checksum that a RISC-V
# execution agrees with is the right one.  FP contraction is off so that the
# only fused operations are the explicit __builtin_fma calls of dmatmul.
#
# Usage: host-ref.sh [scratch-dir]   (default: a fresh temporary directory)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$(mktemp -d)}
mkdir -p "$out"
cc=${HOSTCC:-cc}
for name in crc32 sieve qsort imatmul dmatmul; do
    for variant in full quick; do
        suffix= def=
        if [ "$variant" = quick ]; then suffix=-quick def=-DQUICK; fi
        bin="$out/$name$suffix"
        $cc -O2 -std=gnu11 -ffp-contract=off -DBENCH_HOST $def -Wall -Wextra -o "$bin" \
            "$here/$name.c" "$here/report.c" -lm
        sum=$("$bin" | awk '$1 == "checksum" { print $2 }')
        echo "$name$suffix $sum"
    done
done
