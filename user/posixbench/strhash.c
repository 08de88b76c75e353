/* strhash — FNV-1a hashes of 4,096 NUL-terminated strings of 4..35 characters (about 80 KB),
 * N times, walking each string to its end as a hash table's lookup would. Figure: MB/s of
 * string bytes hashed. */
#include <stdint.h>
#include "posixbench.h"

enum { STRINGS = 4096, MAXLEN = 36 };
static char text[STRINGS][MAXLEN];

int main(int argc, char **argv)
{
    long n = pb_iterations(argc, argv, 10);
    uint32_t x = 88172645u;
    long bytes = 0;
    for (int s = 0; s < STRINGS; s++) {
        x = x * 1664525u + 1013904223u;
        int len = 4 + (int)(x >> 27);           /* 4..35 */
        for (int i = 0; i < len; i++) {
            x = x * 1664525u + 1013904223u;
            text[s][i] = (char)('a' + (x >> 24) % 26);
        }
        text[s][len] = 0;
        bytes += len;
    }
    uint64_t acc = 0;
    double t0 = pb_now_ns();
    for (long r = 0; r < n; r++)
        for (int s = 0; s < STRINGS; s++) {
            uint64_t h = 0xcbf29ce484222325ull;
            for (const unsigned char *p = (const unsigned char *)text[s]; *p; p++)
                h = (h ^ *p) * 0x100000001b3ull;
            acc += h;
        }
    double t1 = pb_now_ns();
    pb_sink = acc;
    pb_report("strhash_fnv1a", "MB/s", (double)n * bytes / 1e6 / ((t1 - t0) / 1e9), n);
    return 0;
}
