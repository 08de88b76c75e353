#!/usr/bin/env bash
# user/busybox/testsuite.sh — runs busybox's own test suite (testsuite/ of the Debian source
# package that build.sh fetched) with its own runner, `runtest`, inside FeuerBird and under
# qemu-riscv64-static, on the same busybox binary in the same guest tree, and compares the
# results test by test.
#
#   user/busybox/testsuite.sh [--fb | --qemu] [--limit S] [--out DIR] [APPLET...]
#
#   --fb, --qemu  run only one side (the comparison then reads the other side's last results
#                 from DIR, if any)
#   --limit S     seconds one applet's tests may take under FeuerBird (default 600; qemu
#                 gets a third of it, at least 60)
#   --out DIR     where logs and results go (default user/build/busybox/testsuite)
#   --skip A      leave applet A out of the default list (repeatable)
#   APPLET...     only these applets' tests (default: every built applet that has tests)
#
# Results: DIR/{fb,qemu}.log (the runner's output), DIR/{fb,qemu}.tsv (applet, test, PASS,
# FAIL or SKIP), then the totals of each side and the tests whose results differ on stdout.
# The exit status is 0 when no test differs.
#
# The guest tree (a temporary directory, used by both sides) is laid out as the suite
# expects busybox's build directory to be: /build holds busybox, its .config (runtest reads
# it to know what is built) and testsuite/ (a copy), so runtest's default bindir (the
# directory above testsuite/) is /build and tests that reach for ../busybox find it. /bin
# holds a symlink per applet (/bin/sh is busybox's ash); /tmp, /root, /usr/bin (cpio copies
# it), /etc/passwd and /etc/group (root only), empty /dev and /proc (FeuerBird mounts its
# devfs and procfs there, the qemu side binds the host's).
#
# How each side runs it:
#   FeuerBird: feuerbird exec --root TREE -- /bin/sh -c DRIVER
#   qemu:      a private user+mount+pid namespace with its own binfmt_misc that registers
#              qemu-riscv64-static with flags POCF (F: qemu is opened now, so it works
#              inside the chroot), then chroot TREE /bin/sh -c DRIVER
# Both start the driver through the guest's own `env -i PATH=/bin HOME=/root SHELL=/bin/sh
# LANG=C`, so the host's variables reach neither side.
#
# The DRIVER runs `./runtest APPLET` once per applet, each in its own session that is
# killed whole (SIGKILL to the group) when it outlives the limit, between
# marker lines, so that a test that hangs costs only the rest of its applet. The host
# watches the markers too: if an applet outlives its limit by a minute (a hang the guest's
# own timeout cannot end), the whole guest is killed and started again after that applet.
#
# One change to the copy of runtest (never to the Debian source): runtest deletes and
# re-creates /build/runtest-tempdir-links (one symlink per applet, ~400 `ln -s`
# processes) every time it starts, which under FeuerBird costs seconds per applet; the
# copy keeps a links directory that is already complete. What the tests see is the same.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

sides=(fb qemu)
limit=600
out=$repo/user/build/busybox/testsuite
applets=()
skip=()
while [ $# -gt 0 ]; do
    case $1 in
        --fb) sides=(fb) ;;
        --qemu) sides=(qemu) ;;
        --limit) limit=$2; shift ;;
        --out) out=$2; shift ;;
        --skip) skip+=("$2"); shift ;;
        -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "testsuite: unknown option $1" >&2; exit 2 ;;
        *) applets+=("$1") ;;
    esac
    shift
done
say() { echo "testsuite: $*" >&2; }
die() { say "$*"; exit 1; }

# --- busybox and its suite --------------------------------------------------------------
"$here/build.sh" >/dev/null 2>&1 || die "user/busybox/build.sh failed (run it to see why)"
bb=$repo/user/build/busybox/busybox
src=$(cat "$repo/user/build/busybox/busybox.source" 2>/dev/null) || die "build.sh left no busybox.source"
[ -d "$src/testsuite" ] || die "no testsuite/ in $src"
command -v qemu-riscv64-static >/dev/null || die "qemu-riscv64-static not found (apt-get install qemu-user-static)"

# --- the guest tree ---------------------------------------------------------------------
tree=$(mktemp -d "${TMPDIR:-/tmp}/bb-testsuite.XXXXXX")
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/build" "$tree/bin" "$tree/usr/bin" "$tree/tmp" "$tree/root" "$tree/etc" "$tree/dev" "$tree/proc"
chmod 1777 "$tree/tmp"
cp "$bb" "$tree/build/busybox"
cp "$repo/user/build/busybox/busybox.config" "$tree/build/.config"
list=$(qemu-riscv64-static "$bb" --list) || die "busybox --list failed under qemu"
for a in busybox $list; do [ -L "$tree/bin/$a" ] || ln -s /build/busybox "$tree/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$tree/etc/passwd"
printf 'root:x:0:\n' > "$tree/etc/group"
cp -a "$src/testsuite" "$tree/build/testsuite"
# runtest: keep a complete links directory instead of rebuilding it per applet (see above).
sed -i -e 's|^rm -rf "\$LINKSDIR" 2>/dev/null$|[ -e "$LINKSDIR/busybox" ] \|\| rm -rf "$LINKSDIR" 2>/dev/null|' \
       -e 's|^\tln -s "\$bindir/busybox" "\$LINKSDIR/\$i" 2>/dev/null$|\t[ -e "$LINKSDIR/$i" ] \|\| ln -s "$bindir/busybox" "$LINKSDIR/$i" 2>/dev/null|' \
       "$tree/build/testsuite/runtest"
[ "$(grep -c 'LINKSDIR/busybox" \] ||\|LINKSDIR/\$i" \] ||' "$tree/build/testsuite/runtest")" = 2 ] \
    || die "runtest is not the one this script knows (the links-directory edit did not apply)"

# The applets runtest would run by default: the built ones that have tests (a directory of
# old-style cases or an APPLET.tests script), busybox itself included.
if [ ${#applets[@]} -eq 0 ]; then
    # (busybox --list names busybox itself when CONFIG_BUSYBOX is set; runtest always adds it)
    for a in $(printf '%s\n' busybox $list | awk '!seen[$0]++'); do
        printf '%s\n' "${skip[@]}" | grep -qxF -- "$a" && continue
        [ -d "$tree/build/testsuite/$a" ] || [ -f "$tree/build/testsuite/$a.tests" ] && applets+=("$a")
    done
fi

# The driver, run by the guest's /bin/sh with the applets as arguments.
driver='cd /build/testsuite || exit 1
export SKIP_KNOWN_BUGS=1
limit=$1; shift
for a; do
    echo "@@@ begin $a"
    # runtest in a session (so a process group) of its own; at the limit the whole group is
    # killed, so no test left behind (bc | bc | md5sum) goes on eating the next applet'"'"'s CPU.
    setsid ./runtest "$a" < /dev/null &
    pid=$!
    ( sleep "$limit"; kill -KILL -"$pid" ) 2>/dev/null &
    watch=$!
    wait "$pid"
    rc=$?
    kill "$watch" 2>/dev/null
    echo "@@@ end $a $rc"
done'

# --- the runners ------------------------------------------------------------------------
"$repo/feuerbird" help >/dev/null || die "building FeuerBird failed"
java=""
for j in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java; do
    v=$("$j" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
    [ -n "$v" ] && [ "$v" -ge 25 ] && { java=$j; break; }
done
[ -n "$java" ] || die "no JDK 25 (set JAVA_HOME)"
mp=$repo/hardware/target/classes:$repo/kernel/hal/target/classes:$repo/kernel/target/classes:$repo/libos/target/classes:$repo/cli/target/classes
# The host side runs with only a UTF-8 locale (the JVM takes the encoding of host file names
# from it: under C or POSIX it could not name a file "é"); the guest's own env applet then
# gives the driver its environment, so the variables it sees are the same on both sides.
host_env=(env -i LC_ALL=C.UTF-8)
guest_env=(/bin/env -i PATH=/bin HOME=/root SHELL=/bin/sh LANG=C)

elf_magic='\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xf3\x00'
elf_mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
qemu=$(command -v qemu-riscv64-static)
# In the namespace: binfmt_misc with qemu (F: opened now, so usable after chroot), the
# host's /dev and /proc bound into the tree, then the chroot. --kill-child ends every guest
# process when the host kills unshare.
ns_setup="PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || exit 125
printf ':fb-testsuite-riscv64:M::$elf_magic:$elf_mask:$qemu:POCF' > /proc/sys/fs/binfmt_misc/register || exit 125
mount --rbind /dev \"\$1/dev\" && mount --rbind /proc \"\$1/proc\" || exit 125
exec $(command -v chroot) \"\$@\""

# start SIDE LOG LIMIT APPLET...: starts the guest in the background; its pid in $pid.
start() {
    local side=$1 log=$2 lim=$3; shift 3
    if [ "$side" = fb ]; then
        (cd "$tree" && exec "${host_env[@]}" "$java" -p "$mp" -m org.feuerbird.cli/org.feuerbird.cli.Main \
            exec --root "$tree" -- "${guest_env[@]}" /bin/sh -c "$driver" sh "$lim" "$@") >> "$log" 2>&1 < /dev/null &
    else
        "${host_env[@]}" unshare --user --map-root-user --mount --pid --fork --kill-child \
            /bin/sh -c "$ns_setup" sh "$tree" "${guest_env[@]}" /bin/sh -c "$driver" sh "$lim" "$@" >> "$log" 2>&1 < /dev/null &
    fi
    pid=$!
}

# run SIDE: runs every applet on one side, restarting after an applet the host had to kill.
run() {
    local side=$1 log=$out/$1.log lim=$limit
    [ "$side" = qemu ] && { lim=$((limit / 3)); [ $lim -ge 60 ] || lim=60; }
    : > "$log"
    local todo=("${applets[@]}") t0=$SECONDS
    while [ ${#todo[@]} -gt 0 ]; do
        start "$side" "$log" "$lim" "${todo[@]}"
        local cur="" since=$SECONDS line
        while kill -0 "$pid" 2>/dev/null; do
            sleep 2
            line=$(grep -a '^@@@ ' "$log" | tail -n1)
            case $line in
                "@@@ begin "*) [ "$cur" = "${line#@@@ begin }" ] || { cur=${line#@@@ begin }; since=$SECONDS; } ;;
                *) cur="" ;;
            esac
            if [ -n "$cur" ] && [ $((SECONDS - since)) -gt $((lim + 60)) ]; then
                say "$side: $cur still running after $((SECONDS - since)) s; killing the guest"
                kill -KILL "$pid" 2>/dev/null
                echo "@@@ end $cur host-killed" >> "$log"
            fi
        done
        wait "$pid" 2>/dev/null
        # An applet begun and never ended: the guest died in it (or was killed above).
        line=$(grep -a '^@@@ ' "$log" | tail -n1)
        case $line in "@@@ begin "*) echo "@@@ end ${line#@@@ begin } guest-died" >> "$log" ;; esac
        # Go on after the applet that ended last in this session.
        local last rest=() seen=0 a
        last=$(sed -n 's/^@@@ end \([^ ]*\) .*/\1/p' "$log" | tail -n1)
        for a in "${todo[@]}"; do
            [ $seen = 1 ] && rest+=("$a")
            [ "$a" = "$last" ] && seen=1
        done
        if [ $seen = 0 ]; then
            # Not even the first applet began: the guest could not start at all.
            say "$side: the guest ended before ${todo[0]} began; see $log"
            echo "@@@ end ${todo[0]} guest-died" >> "$log"
            rest=("${todo[@]:1}")
        fi
        todo=("${rest[@]}")
    done
    say "$side: ${#applets[@]} applet(s) in $((SECONDS - t0)) s"
}

# tsv LOG: applet, test, result (PASS, FAIL or SKIP) per line. A test name that occurs twice
# in one applet gets " #2". An applet killed by a limit adds a FAIL named "(timeout)"; one
# whose guest died adds "(guest died)".
tsv() {
    awk '
        /^@@@ begin / { applet = $3; delete seen; next }
        /^@@@ end / {
            if ($4 == "137" || $4 == "host-killed") print $3 "\t(timeout)\tFAIL"
            else if ($4 == "guest-died") print $3 "\t(guest died)\tFAIL"
            applet = ""; next }
        applet != "" && match($0, /^(PASS|FAIL|SKIPPED|UNTESTED): /) {
            r = substr($0, 1, RLENGTH - 2); name = substr($0, RLENGTH + 1)
            if (r == "SKIPPED" || r == "UNTESTED") r = "SKIP"
            if (++seen[name] > 1) name = name " #" seen[name]
            print applet "\t" name "\t" r }' "$1"
}

mkdir -p "$out"
for s in "${sides[@]}"; do
    say "$s: ${#applets[@]} applet(s)"
    run "$s"
    tsv "$out/$s.log" > "$out/$s.tsv"
done

# --- report -----------------------------------------------------------------------------
totals() { awk -F'\t' '{ n[$3]++ } END { printf "PASS %d  FAIL %d  SKIP %d\n", n["PASS"], n["FAIL"], n["SKIP"] }' "$1"; }
for s in fb qemu; do
    [ -f "$out/$s.tsv" ] && printf '%-9s %s\n' "$([ $s = fb ] && echo FeuerBird || echo qemu)" "$(totals "$out/$s.tsv")"
done
[ -f "$out/fb.tsv" ] && [ -f "$out/qemu.tsv" ] || exit 0
# Only the applets of this run are compared (the other file may hold an older, wider run).
sel=$(printf '%s\n' "${applets[@]}")
differ=$(awk -F'\t' -v sel="$sel" '
    BEGIN { n = split(sel, a, "\n"); for (i = 1; i <= n; i++) want[a[i]] = 1 }
    !($1 in want) { next }
    FILENAME == ARGV[1] { fb[$1 "\t" $2] = $3; if (!(($1 "\t" $2) in order)) { order[$1 "\t" $2] = ++k; keys[k] = $1 "\t" $2 }; next }
    { q[$1 "\t" $2] = $3; if (!(($1 "\t" $2) in order)) { order[$1 "\t" $2] = ++k; keys[k] = $1 "\t" $2 } }
    END {
        for (i = 1; i <= k; i++) {
            f = (keys[i] in fb) ? fb[keys[i]] : "-"; g = (keys[i] in q) ? q[keys[i]] : "-"
            if (f != g) printf "%-5s %-5s %s\n", f, g, keys[i]
        }
    }' "$out/fb.tsv" "$out/qemu.tsv")
if [ -z "$differ" ]; then
    echo "no test differs"
    exit 0
fi
echo "differ (FeuerBird qemu applet test):"
printf '%s\n' "$differ" | sed 's/\t/: /'
exit 1
