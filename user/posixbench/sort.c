/* sort — libc qsort of 16,384 pseudo-random 32-bit integers, N times (each time from the same
 * unsorted array, copied). Figure: million elements sorted per second. The result is checked,
 * so a broken sort exits 1 instead of reporting. */
#include <stdint.h>
#include <string.h>
#include "posixbench.h"

enum { COUNT = 16384 };
static int32_t source[COUNT], work[COUNT];

static int by_value(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    long n = pb_iterations(argc, argv, 5);
    uint32_t x = 2463534242u;
    for (long i = 0; i < COUNT; i++) {         /* xorshift32 */
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        source[i] = (int32_t)x;
    }
    double spent = 0;
    for (long r = 0; r < n; r++) {
        memcpy(work, source, sizeof work);      /* the copy is not timed */
        double t0 = pb_now_ns();
        qsort(work, COUNT, sizeof work[0], by_value);
        spent += pb_now_ns() - t0;
        for (long i = 1; i < COUNT; i++)
            if (work[i - 1] > work[i]) {
                fprintf(stderr, "sort: not sorted at %ld\n", i);
                return 1;
            }
    }
    pb_report("sort_qsort", "Melem/s", (double)n * COUNT / 1e6 / (spent / 1e9), n);
    return 0;
}
