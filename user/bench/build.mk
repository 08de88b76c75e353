# bench/build.mk - the CPU-bound guest benchmarks (included by user/Makefile).
#
# Each benchmark is one C file plus report.c on the lib/ runtime, built in the
# gc-O2 flavour only (-march=rv64gc -O2: what a speed figure should be quoted
# for) and in two sizes: build/bench/<name>, meant to run 1-3 billion guest
# instructions, and build/bench/<name>-quick, compiled with -DQUICK and about
# 20 times smaller, for tests.  Each checks its result against a checksum
# derived on the host (host-ref.sh), prints it and its kernel's instret, and
# exits non-zero on a mismatch.
#
# Targets: bench (all ten ELFs), run-bench (the quick ones under $(QEMU),
# each must say ok), bench-ref (prints the host reference checksums).
# Speed under qemu: bench/qemu-mips.sh.

BENCH_PROGRAMS := crc32 sieve qsort imatmul dmatmul addloop loadloop

# The -quick objects come from the same source with -DQUICK; no bench/<name>-quick.c
# exists, so only this rule can make them.
$(B)/obj/gc-O2/bench/%-quick.o: bench/%.c $(B)/flags/gc-O2
	@mkdir -p $(@D)
	$(CC) $(FS_FLAGS.gc-O2) $(FS_CFLAGS) -DQUICK -MMD -MP -c -o $@ $<

BENCH_ELFS :=
define BENCH_ONE
$(eval $(call FS_PROGRAM,$(B)/bench/$(1),bench/$(1).c bench/report.c,gc-O2))
$(eval $(call FS_PROGRAM,$(B)/bench/$(1)-quick,bench/$(1)-quick.c bench/report.c,gc-O2))
BENCH_ELFS += $(B)/bench/$(1) $(B)/bench/$(1)-quick
endef
$(foreach p,$(BENCH_PROGRAMS),$(eval $(call BENCH_ONE,$(p))))

.PHONY: bench run-bench bench-ref
bench: $(BENCH_ELFS)

run-bench: $(filter %-quick,$(BENCH_ELFS))
	@for elf in $^; do \
	    $(QEMU) $$elf > $$elf.out || { cat $$elf.out; echo "FAIL $$elf"; exit 1; }; \
	    echo "ok $$elf: $$(grep '^checksum' $$elf.out)"; \
	done

bench-ref:
	bench/host-ref.sh
