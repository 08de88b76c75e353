# tty/build.mk — programs that use the console terminal (line discipline, termios, job
# control). qemu-user has no terminal of ours to compare with, so they run under feuerbird
# only, from JUnit (TerminalProgramsTest), which types their input on the board's console
# and holds the expected output.

TTY_SRCS := $(wildcard tty/*.c)
TTY_ELFS := $(patsubst tty/%.c,$(B)/tty/%,$(TTY_SRCS))

$(B)/tty/%: tty/%.c tty/build.mk
	@mkdir -p $(dir $@)
	$(CC) -static -O2 -g -Wall -Wextra -std=gnu11 -o $@ $<

.PHONY: tty
tty: $(TTY_ELFS)
tests: $(TTY_ELFS)
ALL_TARGETS += $(TTY_ELFS)
