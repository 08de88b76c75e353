#!/usr/bin/env bash
# user/busybox/build.sh — builds a static riscv64 busybox from Debian's source package.
#
# Fetches the `busybox` source package with `apt-get source` (adding a deb-src entry for
# the configured Debian mirror if none exists), configures it as `make defconfig` plus
# our fragment feuerbird.config, cross-compiles it with riscv64-linux-gnu-, and installs
# the binary to user/build/busybox/busybox. Sources and objects live in a cache outside
# the repository; a stamp (source version + config hash + compiler) lets a second run
# skip both the download and the compile.
#
# Not part of `make -C user` or `./feuerbird test`: CI does not build busybox yet.
#
# Environment: BUSYBOX_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/feuerbird/busybox),
# CROSS (default riscv64-linux-gnu-), JOBS (default 2).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
user=$(dirname "$here")
cache=${BUSYBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/feuerbird/busybox}
cross=${CROSS:-riscv64-linux-gnu-}
jobs=${JOBS:-2}
fragment=$here/feuerbird.config
out=$user/build/busybox/busybox

say() { echo "busybox: $*" >&2; }
die() { say "$*"; exit 1; }
# Root runs apt itself; anyone else goes through sudo (if present) for the apt steps only.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

command -v "${cross}gcc" >/dev/null || die "${cross}gcc not found (apt-get install gcc-riscv64-linux-gnu)"
command -v dpkg-source >/dev/null || die "dpkg-source not found (apt-get install dpkg-dev)"

# --- the deb-src entry ------------------------------------------------------------------
# `apt-cache showsrc` answers from the local lists, so it tells (offline) whether some
# deb-src entry already covers busybox; only then do we touch /etc/apt.
src_version() { { apt-cache showsrc busybox 2>/dev/null || true; } | awk '/^Version:/ { v = $2 } END { print v }'; }

add_deb_src() {
    local list=/etc/apt/sources.list.d/feuerbird-deb-src.sources
    local tmp; tmp=$(mktemp)
    # Copy every deb822 stanza of type deb (the configured mirrors, URIs, suites and
    # keys as they are) with the type changed to deb-src. Old one-line sources.list
    # entries are translated to deb822 the same way.
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -e "$f" ] && [ "$f" != "$list" ] || continue
        awk 'BEGIN { RS = ""; ORS = "\n\n" }
             /(^|\n)Types:[^\n]*(^| )deb( |\n|$)/ && /(^|\n)URIs:[^\n]*debian/ {
                 sub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src"); sub(/^\n/, ""); print }' "$f" >> "$tmp"
    done
    if [ -e /etc/apt/sources.list ]; then
        awk '$1 == "deb" && $2 !~ /^\[/ && $2 ~ /debian/ {
                 printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents:", $2, $3
                 for (i = 4; i <= NF; i++) printf " %s", $i
                 printf "\n\n" }' /etc/apt/sources.list >> "$tmp"
    fi
    [ -s "$tmp" ] || { rm -f "$tmp"; die "no Debian 'deb' entry found in /etc/apt to derive a deb-src entry from"; }
    say "adding $list and running apt-get update"
    as_root install -m 644 "$tmp" "$list"
    rm -f "$tmp"
    as_root apt-get update -qq
}

version=$(src_version)
if [ -z "$version" ]; then
    add_deb_src
    version=$(src_version)
    [ -n "$version" ] || die "apt-get still knows no busybox source package after adding deb-src"
fi

# --- the source -------------------------------------------------------------------------
# One directory per source version, extracted (with Debian's patches applied) by
# apt-get source; a marker file says the extraction finished, so an interrupted run
# starts over instead of building a half-unpacked tree.
# Make cannot work in a path with a colon, and Debian versions carry an epoch ("1:").
srcdir=$cache/src-${version//:/_}
mkdir -p "$cache"
if [ ! -e "$srcdir/.feuerbird-unpacked" ]; then
    say "fetching source package busybox $version"
    rm -rf "$srcdir"; mkdir -p "$srcdir/dl"
    # apt drops privileges to _apt for downloads and warns (harmlessly) when a cache
    # under /root is not writable for it.
    (cd "$srcdir/dl" && apt-get source -qq --only-source "busybox=$version" >&2)
    tree=$(find "$srcdir/dl" -mindepth 1 -maxdepth 1 -type d -name 'busybox-*' | head -n1)
    [ -n "$tree" ] || die "apt-get source left no busybox-* directory in $srcdir/dl"
    mv "$tree" "$srcdir/tree"
    touch "$srcdir/.feuerbird-unpacked"
fi
tree=$srcdir/tree

# --- the stamp --------------------------------------------------------------------------
# Whatever changes the binary: the source version, our fragment, this script's way of
# applying it, and the compiler.
stamp_text=$(printf 'version %s\nconfig %s\nscript %s\ncc %s\n' "$version" \
    "$(sha256sum < "$fragment" | cut -d' ' -f1)" \
    "$(sha256sum < "$0" | cut -d' ' -f1)" \
    "$("${cross}gcc" --version | head -n1)")
objdir=$cache/build
stamp=$objdir/.feuerbird-stamp

if [ -e "$stamp" ] && [ -x "$objdir/busybox" ] && [ "$(cat "$stamp")" = "$stamp_text" ]; then
    say "up to date ($version, cached in $objdir)"
else
    say "configuring busybox $version (defconfig + feuerbird.config)"
    # A fresh object directory: the config changed, so nothing in it can be trusted.
    rm -rf "$objdir"; mkdir -p "$objdir"
    mk() { make -C "$tree" O="$objdir" CROSS_COMPILE="$cross" ARCH=riscv "$@"; }
    mk -s defconfig >/dev/null
    # Each fragment line replaces the symbol's line in .config (or is appended).
    sym_re='^(CONFIG_[A-Za-z0-9_]+)=|^# (CONFIG_[A-Za-z0-9_]+) is not set'
    grep -E "$sym_re" "$fragment" | while IFS= read -r line; do
        [[ $line =~ $sym_re ]]; sym=${BASH_REMATCH[1]}${BASH_REMATCH[2]}
        sed -i -E "/^$sym=|^# $sym is not set/d" "$objdir/.config"
        printf '%s\n' "$line" >> "$objdir/.config"
    done
    # Answer every new question with its default (process substitution: under pipefail
    # the SIGPIPE that ends `yes` would count as a failure of a pipe).
    mk -s oldconfig < <(yes '') >/dev/null
    # A choice that oldconfig silently dropped (unmet dependency, misspelt name) is a
    # bug in the fragment: fail rather than build something else.
    missing=$(grep -E "$sym_re" "$fragment" | grep -vxF -f "$objdir/.config" || true)
    [ -z "$missing" ] || die "feuerbird.config lines not in the final .config:
$missing"
    say "compiling (make -j$jobs; a few minutes)"
    mk -j"$jobs" -s busybox >&2
    [ -x "$objdir/busybox" ] || die "no busybox binary after make"
    printf '%s\n' "$stamp_text" > "$stamp"
fi

# --- install ----------------------------------------------------------------------------
mkdir -p "$(dirname "$out")"
if ! cmp -s "$objdir/busybox" "$out"; then
    cp "$objdir/busybox" "$out"
    cp "$objdir/.config" "$(dirname "$out")/busybox.config"
fi
# Where the source tree is, for user/busybox/testsuite.sh (it runs the tree's testsuite/).
printf '%s\n' "$tree" > "$(dirname "$out")/busybox.source"
say "$out ($(stat -c %s "$out") bytes)"
