# hwtest/build.mk — the board's differential hardware tests (included by user/Makefile).
#
# Every program is freestanding (our _start, lib/ runtime, write/exit only) and is
# built in every flavour of FS_FLAVOURS, e.g. build/hwtest/int_alu,
# build/hwtest/int_alu-O0, build/hwtest/int_alu-rv64g. All flavours of a program
# must print the same bytes; the Java harness compares each ELF's stdout and exit
# status on the board against qemu-riscv64-static.

HWTEST_PROGRAMS := int_alu muldiv atomics fp_single fp_double compressed csr sort_crc

# compressed exercises c.* instructions by name, which an rv64g build cannot hold.
HWTEST_SKIP.g-O2 := compressed

HWTEST_ELFS :=
define HWTEST_ONE
$(eval $(call FS_PROGRAM,$(B)/hwtest/$(1)$(FS_SUFFIX.$(2)),hwtest/$(1).c,$(2)))
HWTEST_ELFS += $(B)/hwtest/$(1)$(FS_SUFFIX.$(2))
endef
$(foreach f,$(FS_FLAVOURS),\
  $(foreach p,$(filter-out $(HWTEST_SKIP.$(f)),$(HWTEST_PROGRAMS)),\
    $(eval $(call HWTEST_ONE,$(p),$(f)))))

.PHONY: hwtest run-hwtest
hwtest: $(HWTEST_ELFS)

run-hwtest: hwtest
	QEMU=$(QEMU) hwtest/run-qemu.sh -q
