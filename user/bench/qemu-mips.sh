#!/bin/bash
# qemu-mips.sh - guest MIPS of qemu-riscv64-static on the CPU-bound benchmarks.
#
# The board's figure is only meaningful beside a known emulator running the
# same binaries, so this runs each benchmark under qemu-user RUNS times,
# checks every run's verdict, takes the median time (wall clock unless
# -t cpu) and prints, after a header line starting with '#',
#     <name> <instret> <seconds> <MIPS>
# instret is the guest instructions retired by the benchmark's kernel, the
# figure the program prints on the board.  Under qemu-user that printed
# figure is host time-stamp-counter ticks (qemu answers rdinstret with
# cpu_get_host_ticks), so the count comes from elsewhere: a file given with
# -c (say, the board's exact counts), else qemu-count.sh, whose exact but
# slow result (minutes per full-size benchmark) is cached beside the
# binaries, keyed by the binary's SHA-256.  The wall time covers the whole
# process (qemu start-up and the benchmark's set-up, well under 1% of a
# full-size run), so the MIPS figure errs slightly low.
#
# Usage: qemu-mips.sh [-n RUNS] [-c COUNTS] [-d BINDIR] [-t CLOCK] [-q] [-v] [NAME...]
#   -n RUNS    timed runs per benchmark, median reported (default 5)
#   -c COUNTS  lines "<name> <instret> ..." overriding qemu-count.sh; a name
#              is the binary's file name (crc32, crc32-quick, ...)
#   -d BINDIR  the binaries (default: user/build/bench beside this folder)
#   -t CLOCK   wall (default) or cpu: qemu's user+system time, steadier
#              than wall time on a loaded machine (qemu-user is single-threaded
#              for these programs, so cpu is close to wall on an idle one)
#   -q         the -quick variants instead of the full-size ones
#   -v         each run's times (and qemu's meaningless instret) on stderr
#   NAME...    benchmarks to run (default: all five)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
runs=5 counts_file= bindir=$here/../build/bench suffix= verbose=0 clock=wall
TIMEFORMAT='%3R %3U %3S'
while getopts n:c:d:t:qv opt; do
    case $opt in
        n) runs=$OPTARG ;;
        c) counts_file=$OPTARG ;;
        d) bindir=$OPTARG ;;
        t) clock=$OPTARG ;;
        q) suffix=-quick ;;
        v) verbose=1 ;;
        *) sed -n '/^# Usage/,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
case $clock in wall | cpu) ;; *) echo "-t takes wall or cpu" >&2; exit 2 ;; esac
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(crc32 sieve qsort imatmul dmatmul)
cache=$bindir/instret-qemu.cache

# Prints the kernel instret of binary $1 (named $2).
instret_of() {
    local bin=$1 name=$2 sha line
    if [ -n "$counts_file" ]; then
        line=$(awk -v n="$name" '$1 == n { print $2; exit }' "$counts_file")
        if [ -n "$line" ]; then echo "$line"; return; fi
    fi
    sha=$(sha256sum "$bin" | cut -d' ' -f1)
    if [ -f "$cache" ]; then
        line=$(awk -v s="$sha" '$1 == s { print $3; exit }' "$cache")
        if [ -n "$line" ]; then echo "$line"; return; fi
    fi
    echo "counting $name's instructions with qemu-count.sh (slow, cached)..." >&2
    line=$("$here/qemu-count.sh" "$bin")
    echo "$sha $line" >>"$cache"
    echo "$line" | cut -d' ' -f2
}

# Runs binary $1 once, failing unless its checksum verdict is ok; prints the
# seconds of the chosen clock.
timed_run() {
    local bin=$1 out tf wall user sys cpu ok=1
    out=$(mktemp) tf=$(mktemp)
    { time qemu-riscv64-static "$bin" >"$out" 2>"$out.err"; } 2>"$tf" || ok=0
    if [ $ok = 0 ] || ! grep -q '^checksum .* ok$' "$out"; then
        echo "$bin failed or gave a wrong result:" >&2
        cat "$out" "$out.err" >&2; rm -f "$out" "$out.err" "$tf"; return 1
    fi
    read -r wall user sys <"$tf"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
    if [ $verbose = 1 ]; then
        echo "  $(basename "$bin"): wall $wall s, cpu $cpu s, qemu's instret (host ticks)" \
             "$(awk '$1 == "instret" { print $2 }' "$out")" >&2
    fi
    rm -f "$out" "$out.err" "$tf"
    if [ "$clock" = cpu ]; then echo "$cpu"; else echo "$wall"; fi
}

echo "# name instret ${clock}_seconds MIPS"
for base in "${names[@]}"; do
    name=$base$suffix
    bin=$bindir/$name
    [ -x "$bin" ] || { echo "no binary $bin (run make bench in user/)" >&2; exit 1; }
    instret=$(instret_of "$bin" "$name")
    times=()
    for ((i = 0; i < runs; i++)); do
        t=$(timed_run "$bin") || exit 1
        times+=("$t")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk -v name="$name" -v ir="$instret" '
        { t[NR] = $1 }
        END {
            med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
            printf "%s %s %.3f %.1f\n", name, ir, med, ir / med / 1e6
        }'
done
