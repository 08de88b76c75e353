/*
 * dmatmul - double-precision matrix multiply, 200 x 200, chained.
 *
 * The FP counterpart of imatmul: P = A x B, then P becomes the next A.
 * The dot product is written with __builtin_fma, which is fmadd.d on
 * RV64GC (what a compiler allowed to contract would emit anyway) and a
 * correctly rounded fma() on the host, so the reference build computes the
 * very same IEEE operations and the result is bit-for-bit comparable; a
 * plain a*b+s would be contracted on one side and not the other.  B's
 * entries are scaled (uniform in [-1/8, 1/8)) so that one product keeps the
 * magnitude of A: the values neither overflow nor sink into subnormals,
 * while every fmadd rounds, as in real numeric code.  The checksum hashes
 * the bit patterns of the final matrix.
 */
#include "bench.h"

#define N 200
/* EXPECTED is printed by host-ref.sh: rerun it after changing a size. */
#ifdef QUICK
#define ROUNDS 2
#define EXPECTED 0xd0ca144f598950c3ULL
#else
#define ROUNDS 40
#define EXPECTED 0x1bb54656df2bdc49ULL
#endif

static double a[N][N], b[N][N], p[N][N];

static void multiply(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0.0;
            for (int k = 0; k < N; k++)
                s = __builtin_fma(a[i][k], b[k][j], s);
            p[i][j] = s;
        }
}

/* Uniform in [-1, 1): 53 random bits, exact on every IEEE machine. */
static double uniform(uint64_t *seed)
{
    int64_t bits = (int64_t)(prng_next(seed) >> 11) - (1LL << 52);
    return (double)bits * 0x1p-52;
}

static uint64_t bits_of(double d)
{
    union { double d; uint64_t u; } v = { .d = d };
    return v.u;
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
            h = hash_mix(h, bits_of(a[i][j]));
    return h;
}

int main(void)
{
    uint64_t seed = 0x13198A2E03707344ULL;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = uniform(&seed);
            b[i][j] = uniform(&seed) * 0.125;
        }

    uint64_t start = bench_instret();
    uint64_t h = kernel();
    uint64_t end = bench_instret();
    return bench_report("dmatmul", ROUNDS, h, EXPECTED, end - start);
}
