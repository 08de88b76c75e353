/*
 * bench.h - what the CPU-bound guest benchmarks share.
 *
 * On the guest the programs run on the freestanding runtime of user/lib
 * (rt.h: buffered printf, exit, mem*), since the board harness offers only
 * write and exit.  Compiled with -DBENCH_HOST the same sources build
 * natively against the host's libc instead: host-ref.sh does that to derive
 * the expected checksums from an execution that owes nothing to any RISC-V
 * implementation, neither qemu's nor ours.  Hence only the printf subset
 * both sides understand is used.
 *
 * Every benchmark times one kernel between two reads of instret and reports
 * in the same line-oriented form (see bench_report), parsed by the scripts.
 */
#ifndef BENCH_H
#define BENCH_H

#ifdef BENCH_HOST
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#else
#include "rt.h"
#endif

/*
 * Prints the report and returns the exit status for main: 0 when checksum
 * equals expected, 1 otherwise (the host build prints "reference" instead of
 * a verdict and returns 0).  instret is what the kernel retired.
 *   bench <name>
 *   iterations <n>
 *   checksum 0x<16 hex digits> ok | MISMATCH expected 0x<...> | reference
 *   instret <n>
 */
int bench_report(const char *name, uint64_t iterations, uint64_t checksum,
                 uint64_t expected, uint64_t instret);

/* Ends the program with status 2 and "self-check failed: <what>" on stderr. */
_Noreturn void bench_fail(const char *what);

/*
 * The retired-instruction counter; the host build has none and reads 0.
 * The "memory" clobber keeps the kernel's loads and stores on their side of
 * the read; the kernels are also noinline functions, so the whole call is.
 * Under qemu-user this reads the host's time-stamp counter, not instructions
 * (see qemu-count.sh).
 */
static inline uint64_t bench_instret(void)
{
#ifdef BENCH_HOST
    return 0;
#else
    uint64_t v;
    __asm__ volatile("rdinstret %0" : "=r"(v) : : "memory");
    return v;
#endif
}

/*
 * xorshift64* (Marsaglia's xorshift plus a multiplicative output step), with
 * the state passed explicitly so each benchmark owns its stream and the
 * host build needs nothing from rt.h.  The state must not be zero.
 */
static inline uint64_t prng_next(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* Mixes one value into a running hash; order-sensitive. */
static inline uint64_t hash_mix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x100000001B3ULL;
    return h ^ (h >> 29);
}

#endif
