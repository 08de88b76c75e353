/* mem_alloc — memory allocation, two ways:
 *   mmap_page    mmap one anonymous page, touch it (so it is really backed), munmap it;
 *   malloc_free  malloc and free of small blocks (16..256 bytes), 64 live at a time,
 *                i.e. the allocator's fast path, where most programs' allocations go.
 * Figures: ns per page cycle and ns per malloc+free pair. */
#include <sys/mman.h>
#include <unistd.h>
#include "posixbench.h"

static void mmap_cycle(long page)
{
    char *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        pb_fail("mmap");
    p[0] = 1;
    pb_sink += p[0];
    if (munmap(p, page))
        pb_fail("munmap");
}

int main(int argc, char **argv)
{
    long n = pb_iterations(argc, argv, 2000);
    long page = sysconf(_SC_PAGESIZE);

    for (long i = 0; i < n / 10 + 1; i++)
        mmap_cycle(page);
    double t0 = pb_now_ns();
    for (long i = 0; i < n; i++)
        mmap_cycle(page);
    double t1 = pb_now_ns();
    pb_report("mmap_page", "ns", (t1 - t0) / n, n);

    enum { LIVE = 64 };
    void *slot[LIVE] = { 0 };
    long pairs = n * 10;                       /* cheap enough to run ten times as many */
    long warm = pairs / 10 + 1;
    for (long i = 0; i < LIVE; i++)
        slot[i] = malloc(16 + (i * 37) % 241);
    for (long i = 0; i < warm + pairs; i++) {
        if (i == warm)
            t0 = pb_now_ns();
        long k = i % LIVE;
        free(slot[k]);
        slot[k] = malloc(16 + (i * 37) % 241);
        if (!slot[k])
            pb_fail("malloc");
    }
    t1 = pb_now_ns();
    for (long i = 0; i < LIVE; i++)
        free(slot[i]);
    pb_report("malloc_free", "ns", (t1 - t0) / pairs, pairs);
    return 0;
}
