/* checksum — CRC-32 (reflected, polynomial 0xEDB88320, table-driven) over a 64 KiB buffer,
 * N times. Figure: MB/s (10^6 bytes) checksummed. */
#include <stdint.h>
#include "posixbench.h"

enum { SIZE = 64 * 1024 };
static uint8_t data[SIZE];
static uint32_t table[256];

int main(int argc, char **argv)
{
    long n = pb_iterations(argc, argv, 20);
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    uint32_t x = 12345;
    for (long i = 0; i < SIZE; i++) {          /* deterministic, not compressible */
        x = x * 1103515245u + 12345u;
        data[i] = (uint8_t)(x >> 16);
    }
    uint32_t crc = 0;
    double t0 = pb_now_ns();
    for (long r = 0; r < n; r++) {
        uint32_t c = ~crc;
        for (long i = 0; i < SIZE; i++)
            c = table[(c ^ data[i]) & 0xff] ^ (c >> 8);
        crc = ~c;
    }
    double t1 = pb_now_ns();
    pb_sink = crc;
    pb_report("checksum_crc32", "MB/s", (double)n * SIZE / 1e6 / ((t1 - t0) / 1e9), n);
    return 0;
}
