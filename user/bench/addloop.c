/*
 * addloop.c - the interpreter's cost per instruction with nothing else in the way: a loop
 * of 64 dependent addi instructions and a branch. It isolates dispatch and the pc chain
 * (docs/PERFORMANCE.md); its result (64 per pass) checks that every addi ran.
 */
#include "bench.h"

#ifdef QUICK
#define PASSES 1000000ULL
#else
#define PASSES 20000000ULL
#endif

__attribute__((noinline)) static uint64_t kernel(void)
{
    uint64_t v = 0;
    for (uint64_t pass = 0; pass < PASSES; pass++) {
        __asm__ volatile(
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            "addi %0, %0, 1\n"
            : "+r"(v));
    }
    return v;
}

int main(void)
{
    uint64_t start = bench_instret();
    uint64_t v = kernel();
    uint64_t end = bench_instret();
    return bench_report("addloop", PASSES, v, 64 * PASSES, end - start);
}
