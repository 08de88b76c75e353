/*
 * crc32 - table-driven CRC-32 (the IEEE 802.3 / zlib polynomial, reflected)
 * over a 64 KiB pseudo-random buffer, many passes.
 *
 * The CRC is chained from pass to pass, so the result is the CRC of the
 * buffer repeated PASSES times and every pass contributes.  The hot loop is
 * byte loads, a table lookup, shifts and xors: the integer/load path of the
 * interpreter, about ten instructions per byte.  A check of the classic
 * test vector ("123456789" -> 0xCBF43926) runs first, so a wrong table or
 * shift shows up as a self-check failure before any long run.
 */
#include "bench.h"

#define BUF_LEN 65536
/* EXPECTED is printed by host-ref.sh: rerun it after changing a size. */
#ifdef QUICK
#define PASSES 150
#define EXPECTED 0x0000000057d0012fULL
#else
#define PASSES 3000
#define EXPECTED 0x000000000cb12ea5ULL
#endif

static uint32_t table[256];
static uint8_t buf[BUF_LEN];

static void make_table(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
}

static uint32_t crc_update(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--)
        crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

__attribute__((noinline)) static uint32_t kernel(void)
{
    uint32_t crc = 0;
    for (int pass = 0; pass < PASSES; pass++)
        crc = crc_update(crc, buf, BUF_LEN);
    return crc;
}

int main(void)
{
    make_table();
    if (crc_update(0, (const uint8_t *)"123456789", 9) != 0xCBF43926u)
        bench_fail("crc32 of \"123456789\" is not 0xCBF43926");

    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < BUF_LEN; i++)
        buf[i] = (uint8_t)(prng_next(&seed) >> 56);

    uint64_t start = bench_instret();
    uint32_t crc = kernel();
    uint64_t end = bench_instret();
    return bench_report("crc32", PASSES, crc, EXPECTED, end - start);
}
