/*
 * sieve - the sieve of Eratosthenes up to one million, repeated.
 *
 * Each round clears a byte per number, strikes out multiples and then walks
 * the table again to count and sum the primes: stores with a large stride,
 * a byte scan and well-predicted branches.  The answer is known from number
 * theory (78498 primes below 10^6, summing to 37550402023), so every round
 * checks itself; the checksum folds in each round's result in order.
 */
#include "bench.h"

#define LIMIT 1000000
/* EXPECTED is printed by host-ref.sh: rerun it after changing a size. */
#ifdef QUICK
#define ROUNDS 6
#define EXPECTED 0x456d05359c8721bfULL
#else
#define ROUNDS 120
#define EXPECTED 0x2ca7bd88df295bddULL
#endif

static uint8_t composite[LIMIT];

/* Sieves below LIMIT; returns the number of primes, their sum in *sum. */
static uint64_t sieve_once(uint64_t *sum)
{
    for (uint32_t i = 0; i < LIMIT; i++)
        composite[i] = 0;
    composite[0] = composite[1] = 1;
    for (uint32_t i = 2; i * i < LIMIT; i++) {
        if (composite[i])
            continue;
        for (uint32_t j = i * i; j < LIMIT; j += i)
            composite[j] = 1;
    }
    uint64_t count = 0, total = 0;
    for (uint32_t i = 0; i < LIMIT; i++) {
        if (!composite[i]) {
            count++;
            total += i;
        }
    }
    *sum = total;
    return count;
}

__attribute__((noinline)) static uint64_t kernel(void)
{
    uint64_t h = 0;
    for (int round = 0; round < ROUNDS; round++) {
        uint64_t sum;
        uint64_t count = sieve_once(&sum);
        if (count != 78498 || sum != 37550402023ULL)
            bench_fail("sieve: wrong prime count or sum below 10^6");
        h = hash_mix(h, count);
        h = hash_mix(h, sum);
    }
    return h;
}

int main(void)
{
    uint64_t start = bench_instret();
    uint64_t h = kernel();
    uint64_t end = bench_instret();
    return bench_report("sieve", ROUNDS, h, EXPECTED, end - start);
}
