# hostile/build.mk — programs that attack the system they run on (a fork bomb, unbounded
# recursion, credential changes only a real root may make). They run under feuerbird exec
# only, from JUnit (HostileProgramsTest): never under qemu, where they would hit the host.

HOSTILE_SRCS := $(wildcard hostile/*.c)
HOSTILE_ELFS := $(patsubst hostile/%.c,$(B)/hostile/%,$(HOSTILE_SRCS))

$(B)/hostile/%: hostile/%.c hostile/build.mk
	@mkdir -p $(dir $@)
	$(CC) -static -O2 -g -Wall -Wextra -std=gnu11 -o $@ $<

.PHONY: hostile
hostile: $(HOSTILE_ELFS)
tests: $(HOSTILE_ELFS)
ALL_TARGETS += $(HOSTILE_ELFS)
