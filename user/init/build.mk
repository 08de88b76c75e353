# init/build.mk — FeuerBird's init, process 1 of a booted system (included by user/Makefile).
# Static glibc like every guest program; it goes into the root image as /sbin/init.

INIT_ELF := $(B)/init/init

$(INIT_ELF): init/init.c init/build.mk
	@mkdir -p $(dir $@)
	$(CC) -static -O2 -g -Wall -Wextra -std=gnu11 -o $@ $<

.PHONY: init
init: $(INIT_ELF)
ALL_TARGETS += $(INIT_ELF)
