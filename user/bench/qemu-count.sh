#!/bin/bash
# qemu-count.sh - exact guest instruction counts of benchmark binaries, from qemu.
#
# qemu-user cannot count for us: its rdinstret (and rdcycle, rdtime) returns
# the host's time-stamp counter (cpu_get_host_ticks), so the "instret" line a
# benchmark prints under qemu-riscv64-static is host ticks, not instructions.
# Our qemu is a static build without plugin support, so this script counts
# from qemu's own logs instead: "-d in_asm" shows every translated block
# with its instructions and "-d exec,nochain" logs every block executed
# (nochain makes qemu log each one, chained jumps included).  Summing block
# sizes over the execution log is exact; counting only from the first
# rdinstret up to the second gives the same figure as the board's instret
# delta (checked against a hand count of crc32-quick's disassembly: equal).
# It is slow (qemu writes ~100 bytes of log per block: 10-20 million guest
# instructions a second here, minutes for a full-size benchmark), which is
# why qemu-mips.sh caches its results.
#
# Usage: qemu-count.sh BINARY...
# Prints per binary: <name> <kernel instret> <total instructions>
set -euo pipefail

# Blocks are keyed by their start pc, as the exec log names them.  A block
# holding an rdinstret at position p (1-based) contributes its instructions
# from p on when the kernel starts there, and those before p when it ends.
read -r -d '' COUNT_AWK <<'AWK' || true
function close_tb() {
    if (first != "") { size[first] = n; rpos[first] = rp }
    first = ""; n = 0; rp = 0; intb = 0
}
/^IN:/ { close_tb(); intb = 1; next }
intb && /^0x[0-9a-f]+:/ {
    n++
    if (first == "") first = substr($1, 3, length($1) - 3)
    if ($3 == "rdinstret") rp = n
    next
}
/^Trace / {
    close_tb()
    split($4, f, "/")
    pc = f[2]
    if (!(pc in size)) { missing++; next }
    s = size[pc]; total += s
    if (region == 1) {
        if (rpos[pc] > 0) { kern += rpos[pc] - 1; region = 2 } else kern += s
    } else if (region == 0 && rpos[pc] > 0) {
        kern += s - rpos[pc] + 1; region = 1
    }
    next
}
intb { close_tb() }
END {
    if (missing > 0 || region != 2) {
        printf "bad trace: %d unknown blocks, rdinstret region state %d\n", missing, region > "/dev/stderr"
        exit 1
    }
    printf "%.0f %.0f\n", kern, total
}
AWK

if [ $# -eq 0 ]; then
    echo "usage: $0 BINARY..." >&2
    exit 2
fi
for bin in "$@"; do
    out=$(mktemp)
    # The log goes to fd 3, a pipe into awk; the program's own output to a file.
    if ! counts=$(qemu-riscv64-static -d in_asm,exec,nochain -D /dev/fd/3 "$bin" 3>&1 >"$out" \
                  | awk "$COUNT_AWK") \
       || ! grep -q '^checksum .* ok$' "$out"; then
        echo "$bin: the counting run failed; program output:" >&2
        cat "$out" >&2
        rm -f "$out"
        exit 1
    fi
    rm -f "$out"
    echo "$(basename "$bin") $counts"
done
