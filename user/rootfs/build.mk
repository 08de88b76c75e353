# rootfs/build.mk — the root image user/build/rootfs.cpio (included by user/Makefile).
# `make -C user rootfs` builds busybox (cached), init and the host tool mkcpio, then
# rootfs/build.sh writes the newc cpio archive that `feuerbird run` boots. Not in `all`:
# it needs busybox, which is not either.

MKCPIO := $(B)/host/mkcpio
HOSTCC ?= gcc

$(MKCPIO): rootfs/mkcpio.c rootfs/build.mk
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -Wall -Wextra -std=gnu11 -o $@ $<

.PHONY: rootfs
rootfs: busybox $(INIT_ELF) $(MKCPIO)
	B=$(abspath $(B)) rootfs/build.sh
