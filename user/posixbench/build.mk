# posixbench/build.mk — the POSIX benchmark programs of `feuerbird bench` (included by
# user/Makefile).
#
# Ordinary C programs against glibc, each built twice from the same source:
#   build/posixbench/foo         static riscv64 (cross toolchain): run on FeuerBird and qemu-user
#   build/posixbench-native/foo  the host's gcc -O2: the native reference
# Both use -O2 and no -march tuning for the host, so the native figure is what a plain
# distribution build would reach.

POSIXBENCH_SRCS    := $(wildcard posixbench/*.c)
POSIXBENCH_ELFS    := $(patsubst posixbench/%.c,$(B)/posixbench/%,$(POSIXBENCH_SRCS))
POSIXBENCH_NATIVE  := $(patsubst posixbench/%.c,$(B)/posixbench-native/%,$(POSIXBENCH_SRCS))
POSIXBENCH_CFLAGS  := -O2 -g -Wall -Wextra -std=gnu11
HOSTCC             ?= gcc

$(B)/posixbench/%: posixbench/%.c posixbench/posixbench.h posixbench/build.mk
	@mkdir -p $(dir $@)
	$(CC) -static $(POSIXBENCH_CFLAGS) -o $@ $<

$(B)/posixbench-native/%: posixbench/%.c posixbench/posixbench.h posixbench/build.mk
	@mkdir -p $(dir $@)
	$(HOSTCC) $(POSIXBENCH_CFLAGS) -o $@ $<

.PHONY: posixbench
posixbench: $(POSIXBENCH_ELFS) $(POSIXBENCH_NATIVE)
ALL_TARGETS += $(POSIXBENCH_ELFS) $(POSIXBENCH_NATIVE)
