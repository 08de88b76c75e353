# linuxonly/build.mk — programs whose expected output is what Linux gives but not what
# qemu-user gives: qemu shows its host's /proc, and it does not pass some flags
# (SA_NOCLDWAIT) on to the host. They run under feuerbird exec only, from JUnit
# (LinuxOnlyProgramsTest), which holds the expected output.

LINUXONLY_SRCS := $(wildcard linuxonly/*.c)
LINUXONLY_ELFS := $(patsubst linuxonly/%.c,$(B)/linuxonly/%,$(LINUXONLY_SRCS))

$(B)/linuxonly/%: linuxonly/%.c linuxonly/build.mk
	@mkdir -p $(dir $@)
	$(CC) -static -O2 -g -Wall -Wextra -std=gnu11 -pthread -o $@ $<

.PHONY: linuxonly
linuxonly: $(LINUXONLY_ELFS)
tests: $(LINUXONLY_ELFS)
ALL_TARGETS += $(LINUXONLY_ELFS)
