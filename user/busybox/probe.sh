#!/usr/bin/env bash
# user/busybox/probe.sh — runs busybox applets under `./feuerbird exec` and under
# qemu-riscv64-static with the same arguments, stdin and working directory, and says which
# differ (stdout or exit status). A survey for issue 5, not a test: qemu shows the host's
# /proc and pids, so some differences are expected (see README.md).
#
#   user/busybox/probe.sh [-v] [NAME...]   -v prints both outputs of every differing case
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bb=$repo/user/build/busybox/busybox
[ -x "$bb" ] || { echo "probe: $bb missing; run user/busybox/build.sh" >&2; exit 1; }
verbose=0; [ "${1:-}" = -v ] && { verbose=1; shift; }
limit=${PROBE_TIMEOUT:-30}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# A fixed little tree to work on, so find/tar/diff see the same files under both.
mkdir -p "$work/t/d" && printf 'alpha\nbeta\ngamma\n' > "$work/t/a" && printf 'alpha\nBETA\ngamma\n' > "$work/t/b" \
    && printf 'x\n' > "$work/t/d/c" && touch -d 2020-01-01 "$work/t/a" "$work/t/b" "$work/t/d/c" "$work/t/d" "$work/t"
printf 'hello\nworld\n' > "$work/in"
# Applets on PATH as in the booted system (symlinks to busybox, nothing else), so that
# what a shell, tar or xargs execs is our RISC-V busybox under both runners, never a
# host tool.
mkdir -p "$work/bin" && for a in $(qemu-riscv64-static "$bb" --list); do ln -s "$bb" "$work/bin/$a"; done
guest_path=$work/bin

# feuerbird: built by the launcher once, then java directly, because the launcher itself
# needs the host's PATH while the guest gets only $guest_path.
"$repo/feuerbird" help >/dev/null || exit 1
java=""
for j in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java; do
    v=$("$j" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
    [ -n "$v" ] && [ "$v" -ge 25 ] && { java=$j; break; }
done
[ -n "$java" ] || { echo "probe: no JDK 25 (set JAVA_HOME)" >&2; exit 1; }
mp=$repo/hardware/target/classes:$repo/kernel/hal/target/classes:$repo/kernel/target/classes:$repo/libos/target/classes:$repo/cli/target/classes

# qemu: a guest's execve goes to the host kernel, which runs a RISC-V ELF only through
# binfmt_misc; a private user+mount namespace gets its own binfmt_misc (Linux 6.7+) with
# qemu registered (flags P: keep argv[0], O/C as Debian's, F: open qemu now). As in the
# JUnit tests' QemuBinfmt; without it, guest execs would silently run host tools.
elf_magic='\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xf3\x00'
elf_mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
binfmt=(unshare --user --map-root-user --mount /bin/sh -c "mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || exit 125; printf ':fb-probe-riscv64:M::$elf_magic:$elf_mask:'\"\$(command -v qemu-riscv64-static)\"':POCF' > /proc/sys/fs/binfmt_misc/register || exit 125; exec \"\$@\"" sh)
"${binfmt[@]}" true 2>/dev/null || { echo "probe: no private binfmt_misc; guest execs under qemu will fail" >&2; binfmt=(); }

# name | stdin file ("-" = none) | shell-quoted busybox arguments
cases=$(cat <<'CASES'
echo|-|echo hi
ls|-|ls /
ls-l|-|ls -l t
cat|-|cat /etc/passwd
sh-arith|-|sh -c 'echo $((1+2)); for i in 1 2 3; do echo $i; done'
sh-pipe|-|sh -c 'ls / | wc -l'
sh-sleep|-|sh -c 'sleep 0.1; echo done'
sh-subst|-|sh -c 'x=$(echo sub); echo "[$x]"; echo $(( $(echo 6) * 7 ))'
sh-bg-wait|-|sh -c 'sleep 0.2 & wait; echo waited $?'
sh-redir|-|sh -c 'echo to-file > f.txt; cat < f.txt; rm f.txt'
sh-heredoc|-|sh -c $'cat <<E\nhere $((2+2))\nE'
sh-exit|-|sh -c 'false; echo $?; (exit 7); echo $?'
sh-trap|-|sh -c 'trap "echo got USR1" USR1; kill -USR1 $$; echo after'
sh-stdin|in|sh -c 'while read l; do echo "<$l>"; done'
find|-|find /usr/share/doc -maxdepth 1 -name 'lib*c*' -type d
find-t|-|find t -type f
find-xargs|-|sh -c 'find t -type f | sort | xargs wc -l'
head|-|sh -c 'find /usr/share/doc -maxdepth 1 | head -3'
grep|-|grep -c root /etc/passwd
grep-E|-|grep -E '^(root|daemon):' /etc/passwd
sed|in|sed -e 's/o/0/g' -e 1d
awk|-|awk 'BEGIN{print 2*21}'
awk-file|-|awk -F: '$3 == 0 { print $1, $6 }' /etc/passwd
sort-uniq|-|sh -c 'printf "b\na\nb\n" | sort | uniq -c'
diff|-|diff -u t/a t/b
tar-roundtrip|-|sh -c 'tar -cf x.tar t && tar -tvf x.tar && rm x.tar'
tar-gz|-|sh -c 'tar -czf x.tgz t && tar -xzf x.tgz -O t/a && rm x.tgz'
gzip-pipe|in|sh -c 'gzip -c | gzip -dc'
gzip-direct|in|gzip -c
md5sum|in|md5sum
wc|in|wc
ps|-|ps
free|-|free
uptime|-|uptime
date|-|date +%Y
date-utc|-|date -u -d @0
env|-|env
id|-|id
uname|-|uname -a
hostname|-|hostname
pwd|-|pwd
df|-|df /
stat|-|stat -c '%s %F' t/a
mkdir-rm|-|sh -c 'mkdir -p q/r && touch q/r/s && ls -R q && rm -r q'
ln-readlink|-|sh -c 'ln -s t/a lnk && readlink lnk && cat lnk && rm lnk'
cp-mv|-|sh -c 'cp t/a z && mv z y && cat y && rm y'
chmod|-|sh -c 'cp t/a m && chmod 600 m && stat -c %a m && rm m'
kill|-|sh -c 'sleep 5 & kill $!; wait $!; echo status $?'
timeout|-|timeout 1 sleep 3
seq|-|seq 3
expr|-|expr 6 \* 7
printf|-|printf '%05.1f|%x\n' 3.14159 255
nproc|-|nproc
tty|-|tty
mount|-|mount
top|-|top -b -n 1
wget|-|wget -q -O - http://127.0.0.1:9/
nc-httpd|-|httpd -h t -p 127.0.0.1:0 -f -v
busybox|-|busybox --list
du|-|du -s t
dd|in|dd bs=1 count=3
od|in|od -c
mktemp|-|sh -c 'f=$(mktemp); test -f "$f" && echo made; rm "$f"'
proc-fd|-|sh -c 'ls /proc/self/fd'
proc-status|-|sh -c 'grep -c "^Pid:" /proc/self/status'
ps-o|-|ps -o pid,ppid,comm
sh-fd3|-|sh -c 'exec 3>f; echo x >&3; exec 3>&-; cat f; rm f'
sh-jobs|-|sh -c 'set -m; sleep 0.2 & jobs; wait'
sh-ulimit|-|sh -c 'umask; ulimit -n'
sh-cd|-|sh -c 'cd /usr/share && pwd && cd - >/dev/null && pwd'
sh-read|-|sh -c $'read a b <<E\none two three\nE\necho "$b"'
sh-case|-|sh -c 'for f in a.c b.h; do case $f in *.c) echo C;; *) echo other;; esac; done'
sh-func|-|sh -c 'f() { local x=$1; echo $((x*2)); }; f 21'
sh-test-t|-|sh -c 'test -t 0; echo $?'
sh-signal-exit|-|sh -c 'sh -c "kill -TERM \$\$"; echo $?'
realpath|-|realpath t/../t/a
touch-ls|-|sh -c 'touch -d 2021-02-03 n && ls -l --full-time n | cut -c1-10,43-; rm n'
install|-|sh -c 'install -m 755 t/a inst && stat -c %a inst && rm inst'
yes-head|-|sh -c 'yes | head -2'
CASES
)

# Runs busybox under runner $1 for one case; output in $work/$2.{out,err,rc}.
run() {
    local how=$1 tag=$2 input=$3; shift 3
    local cmd
    # The guest's PATH is set last, right before the program, since the wrappers need the host's.
    if [ "$how" = fb ]; then cmd=(env PATH="$guest_path" "$java" -p "$mp" -m org.feuerbird.cli/org.feuerbird.cli.Main exec "$bb" "$@")
    else cmd=("${binfmt[@]}" env PATH="$guest_path" "$(command -v qemu-riscv64-static)" "$bb" "$@"); fi
    (cd "$work" && timeout "$limit" "${cmd[@]}" < "$input" > "$work/$tag.out" 2> "$work/$tag.err"); echo $? > "$work/$tag.rc"
}

only=("$@")   # the argument list is reused per case below
printf '%-14s %-6s %s\n' CASE RESULT DETAIL
same=0; diff=0
while IFS='|' read -r name input args; do
    [ -n "$name" ] || continue
    if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qxF "$name"; then continue; fi
    eval "set -- $args" 2>/dev/null || { echo "probe: bad case $name" >&2; continue; }
    in=/dev/null; [ "$input" = - ] || in=$work/$input
    run fb fb "$in" "$@"; run qemu q "$in" "$@"
    fr=$(cat "$work/fb.rc"); qr=$(cat "$work/q.rc")
    if [ "$fr" = "$qr" ] && cmp -s "$work/fb.out" "$work/q.out"; then
        same=$((same + 1))
        note=""; cmp -s "$work/fb.err" "$work/q.err" || note="; stderr differs"
        printf '%-14s %-6s rc=%s%s\n' "$name" same "$fr" "$note"
        if [ $verbose = 1 ] && [ -n "$note" ]; then
            sed 's/^/  ! fb:   /' "$work/fb.err" | head -5; sed 's/^/  ! qemu: /' "$work/q.err" | head -5
        fi
    else
        diff=$((diff + 1))
        # Directory order is the file system's business (FeuerBird's hostfs lists sorted,
        # the host in hash order): say so when sorting the lines makes them equal.
        how=differs
        if cmp -s "$work/fb.out" "$work/q.out"; then how=same
        elif cmp -s <(sort "$work/fb.out") <(sort "$work/q.out"); then how="differs in line order only"; fi
        printf '%-14s %-6s rc fb=%s qemu=%s; stdout %s\n' "$name" DIFF "$fr" "$qr" "$how"
        if [ $verbose = 1 ]; then
            echo "  --- feuerbird stdout/stderr:"; sed 's/^/  | /' "$work/fb.out" | head -20; sed 's/^/  ! /' "$work/fb.err" | head -10
            echo "  --- qemu stdout/stderr:"; sed 's/^/  | /' "$work/q.out" | head -20; sed 's/^/  ! /' "$work/q.err" | head -10
        fi
    fi
done <<< "$cases"
echo "same: $same, differ: $diff"
