/*
 * loadloop.c - the interpreter's cost per load: a loop of 64 loads through the TLB fast
 * path and a branch (docs/PERFORMANCE.md). The loads are independent (one base register,
 * one destination); the word read holds its own address, which the result checks.
 */
#include "bench.h"

#ifdef QUICK
#define PASSES 1000000ULL
#else
#define PASSES 20000000ULL
#endif

static uint64_t cell;

__attribute__((noinline)) static uint64_t kernel(void)
{
    uint64_t sum = 0;
    for (uint64_t pass = 0; pass < PASSES; pass++) {
        uint64_t v;
        __asm__ volatile(
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            "ld %0, 0(%1)\n"
            : "=&r"(v) : "r"(&cell) : "memory");
        sum += v == (uint64_t)&cell;
    }
    return sum;
}

int main(void)
{
    cell = (uint64_t)&cell;
    uint64_t start = bench_instret();
    uint64_t hits = kernel();
    uint64_t end = bench_instret();
    return bench_report("loadloop", PASSES, hits, PASSES, end - start);
}
