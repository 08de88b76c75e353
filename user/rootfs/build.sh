#!/usr/bin/env bash
# rootfs/build.sh — assembles the root image user/build/rootfs.cpio (make -C user rootfs).
#
# A newc cpio archive (what Linux unpacks as an initramfs, and what `feuerbird run` unpacks
# into its tmpfs root): the usual tree, /etc from user/rootfs/etc, our init as /sbin/init,
# busybox as /bin/busybox with one symbolic link per applet where busybox would install it.
# Written by mkcpio from a manifest, so every file is root:root without root privileges.
# The image is replaced only when its bytes change, else only touched.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
user=$(dirname "$here")
B=${B:-$user/build}
busybox=$B/busybox/busybox
init=$B/init/init
mkcpio=$B/host/mkcpio
out=$B/rootfs.cpio

die() { echo "rootfs: $*" >&2; exit 1; }
[ -x "$busybox" ] || die "$busybox is missing: build it first with: make -C user busybox"
[ -x "$init" ] || die "$init is missing: make -C user init"
[ -x "$mkcpio" ] || die "$mkcpio is missing: make -C user rootfs builds it"

# The applets and their places (/bin/ls, /usr/bin/wc, ...): busybox's own list, made in its
# cached build tree (busybox/build.sh) from the configuration the binary was built with.
cache=${BUSYBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/feuerbird/busybox}
objdir=$cache/build
version=$(sed -n 's/^version //p' "$objdir/.feuerbird-stamp" 2>/dev/null || true)
tree=$cache/src-${version//:/_}/tree
[ -n "$version" ] && [ -d "$tree" ] || die "no busybox build tree in $cache: run make -C user busybox"
cmp -s "$objdir/busybox" "$busybox" || die "$busybox is not the one built in $objdir: run make -C user busybox"
make -s -C "$tree" O="$objdir" ARCH=riscv busybox.links >/dev/null
links=$objdir/busybox.links
[ -s "$links" ] || die "busybox made no $links"

manifest=$B/rootfs.manifest
tmp=$(mktemp "$B/rootfs.XXXXXX")
trap 'rm -f "$tmp"' EXIT
{
    echo "dir / 0755"
    for d in /bin /sbin /usr /usr/bin /usr/sbin /etc /etc/init.d /dev /proc /home /var /var/log /mnt; do
        echo "dir $d 0755"
    done
    echo "dir /tmp 1777"
    echo "dir /root 0700"
    for f in passwd group hostname motd profile inittab shells fstab; do
        echo "file /etc/$f 0644 $here/etc/$f"
    done
    echo "file /etc/init.d/rcS 0755 $here/etc/init.d/rcS"
    echo "file /sbin/init 0755 $init"
    echo "file /bin/busybox 0755 $busybox"
    # Every applet a link to /bin/busybox; /sbin/init is ours, and /linuxrc (an old boot hook) is left out.
    grep -v -x -e /sbin/init -e /bin/busybox -e /linuxrc "$links" | sort -u | while read -r applet; do
        echo "slink $applet /bin/busybox"
    done
} > "$manifest"

export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$user" log -1 --format=%ct 2>/dev/null || date +%s)}
"$mkcpio" < "$manifest" > "$tmp"
chmod 644 "$tmp"
if cmp -s "$tmp" "$out"; then
    rm -f "$tmp"
    touch "$out"   # up to date with its inputs, for the launcher's staleness check
else
    mv "$tmp" "$out"
    echo "rootfs: $out ($(stat -c %s "$out") bytes, $(grep -c . "$manifest") entries)" >&2
fi
