/*
 * qsort - quicksort of pseudo-random 32-bit keys, repeated.
 *
 * Every round fills the array from a continuing PRNG stream, sorts it and
 * checks that the result is ordered.  The sort is the textbook one tuned the
 * usual way (median-of-three pivot, Hoare partition, insertion sort below a
 * cut-off, recursion on the smaller side only so the stack stays shallow):
 * data-dependent branches, calls and returns, and loads/stores of words,
 * which is the control-flow-heavy counterpart to the other kernels.  The
 * checksum folds in a sample of each sorted round.
 */
#include "bench.h"

#define KEYS 100000
#define SMALL 16
/* EXPECTED is printed by host-ref.sh: rerun it after changing a size. */
#ifdef QUICK
#define ROUNDS 6
#define EXPECTED 0xbf98224eaa887beaULL
#else
#define ROUNDS 120
#define EXPECTED 0x9480e161b6ad8423ULL
#endif

static uint32_t keys[KEYS];

static void insertion_sort(uint32_t *a, long n)
{
    for (long i = 1; i < n; i++) {
        uint32_t v = a[i];
        long j = i;
        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

static void swap(uint32_t *a, uint32_t *b)
{
    uint32_t t = *a;
    *a = *b;
    *b = t;
}

static void quicksort(uint32_t *a, long n)
{
    while (n > SMALL) {
        /* Median of three, left in a[mid], brackets the partition. */
        long mid = n / 2;
        if (a[mid] < a[0])
            swap(&a[mid], &a[0]);
        if (a[n - 1] < a[mid]) {
            swap(&a[n - 1], &a[mid]);
            if (a[mid] < a[0])
                swap(&a[mid], &a[0]);
        }
        uint32_t pivot = a[mid];
        long i = -1, j = n;
        for (;;) {
            do
                i++;
            while (a[i] < pivot);
            do
                j--;
            while (a[j] > pivot);
            if (i >= j)
                break;
            swap(&a[i], &a[j]);
        }
        /* a[0..j] <= pivot <= a[j+1..n-1]; recurse into the smaller part. */
        long left = j + 1, right = n - left;
        if (left < right) {
            quicksort(a, left);
            a += left;
            n = right;
        } else {
            quicksort(a + left, right);
            n = left;
        }
    }
    insertion_sort(a, n);
}

__attribute__((noinline)) static uint64_t kernel(void)
{
    uint64_t seed = 0xD1B54A32D192ED03ULL;
    uint64_t h = 0;
    for (int round = 0; round < ROUNDS; round++) {
        for (long i = 0; i < KEYS; i++)
            keys[i] = (uint32_t)(prng_next(&seed) >> 32);
        quicksort(keys, KEYS);
        for (long i = 1; i < KEYS; i++)
            if (keys[i - 1] > keys[i])
                bench_fail("qsort: result not in order");
        for (long i = 0; i < KEYS; i += KEYS / 64)
            h = hash_mix(h, keys[i]);
        h = hash_mix(h, keys[KEYS - 1]);
    }
    return h;
}

int main(void)
{
    uint64_t start = bench_instret();
    uint64_t h = kernel();
    uint64_t end = bench_instret();
    return bench_report("qsort", ROUNDS, h, EXPECTED, end - start);
}
