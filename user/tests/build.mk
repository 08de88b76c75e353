# tests/build.mk — the POSIX LibOS's test programs (included by user/Makefile).
#
# Ordinary C programs against glibc, linked static with the cross toolchain, one ELF per
# source: tests/foo.c -> build/tests/foo. The Java harness runs each under
# `feuerbird exec` and under qemu-riscv64-static and requires the same stdout and exit
# status. A program prints only what is deterministic on both (no pids, no times).
# Optional companions: foo.args (one argument per line) and foo.stdin (fed to stdin).

TESTS_SRCS   := $(wildcard tests/*.c)
TESTS_ELFS   := $(patsubst tests/%.c,$(B)/tests/%,$(TESTS_SRCS))
TESTS_CFLAGS := -static -O2 -g -Wall -Wextra -std=gnu11 -pthread

$(B)/tests/%: tests/%.c tests/build.mk
	@mkdir -p $(dir $@)
	$(CC) $(TESTS_CFLAGS) -o $@ $<

.PHONY: tests
tests: $(TESTS_ELFS)
ALL_TARGETS += $(TESTS_ELFS)
