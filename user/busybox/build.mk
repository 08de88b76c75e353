# busybox/build.mk — `make -C user busybox` runs busybox/build.sh (Debian's source
# package, cached outside the repository). Deliberately not in ALL_TARGETS: `make -C user`
# and `./feuerbird test` do not download or build busybox.

.PHONY: busybox
busybox:
	busybox/build.sh
