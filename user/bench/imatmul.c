/*
 * imatmul - 32-bit integer matrix multiply, 200 x 200, chained.
 *
 * Each round computes P = A x B with the plain i-j-k triple loop and then
 * makes P the next A, so the final matrix depends on every round and a
 * single wrong product anywhere changes the checksum.  Arithmetic is on
 * uint32_t, whose wrap-around is defined in C and identical on every
 * machine.  The inner loop is two loads (one of them striding down a
 * column), a mulw and an addw: the M-extension and load path.
 */
#include "bench.h"

#define N 200
/* EXPECTED is printed by host-ref.sh: rerun it after changing a size. */
#ifdef QUICK
#define ROUNDS 2
#define EXPECTED 0x02dec8663911c7ddULL
#else
#define ROUNDS 36
#define EXPECTED 0x8db8e6ebd1d6e486ULL
#endif

static uint32_t a[N][N], b[N][N], p[N][N];

static void multiply(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            uint32_t s = 0;
            for (int k = 0; k < N; k++)
                s += a[i][k] * b[k][j];
            p[i][j] = s;
        }
}

__attribute__((noinline)) static uint64_t kernel(void)
{
    for (int round = 0; round < ROUNDS; round++) {
        multiply();
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                a[i][j] = p[i][j];
    }
    uint64_t h = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            h = hash_mix(h, a[i][j]);
    return h;
}

int main(void)
{
    uint64_t seed = 0x243F6A8885A308D3ULL;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (uint32_t)(prng_next(&seed) >> 32);
            b[i][j] = (uint32_t)(prng_next(&seed) >> 32);
        }

    uint64_t start = bench_instret();
    uint64_t h = kernel();
    uint64_t end = bench_instret();
    return bench_report("imatmul", ROUNDS, h, EXPECTED, end - start);
}
