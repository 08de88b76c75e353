/*
 * report.c - the common report and failure path of every benchmark.
 *
 * Compiled into the guest programs (on user/lib's printf, whose output is
 * flushed by exit) and into the host reference build (on libc), so both
 * print the same report apart from the instret line and the verdict.
 */
#include "bench.h"

int bench_report(const char *name, uint64_t iterations, uint64_t checksum,
                 uint64_t expected, uint64_t instret)
{
    int status = 0;
    printf("bench %s\niterations %llu\nchecksum 0x%016llx", name,
           (unsigned long long)iterations, (unsigned long long)checksum);
#ifdef BENCH_HOST
    (void)expected;
    printf(" reference\n");
#else
    if (checksum == expected) {
        printf(" ok\n");
    } else {
        printf(" MISMATCH expected 0x%016llx\n", (unsigned long long)expected);
        status = 1;
    }
#endif
    printf("instret %llu\n", (unsigned long long)instret);
    return status;
}

_Noreturn void bench_fail(const char *what)
{
#ifdef BENCH_HOST
    fprintf(stderr, "self-check failed: %s\n", what);
#else
    static const char prefix[] = "self-check failed: ";
    char line[128];
    size_t n = 0;
    for (const char *s = prefix; *s && n < sizeof line - 1; s++)
        line[n++] = *s;
    for (const char *s = what; *s && n < sizeof line - 1; s++)
        line[n++] = *s;
    line[n] = '\0';
    eputs(line); /* flushes stdout first, so the order of lines is kept */
#endif
    exit(2);
}
