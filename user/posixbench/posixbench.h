/* posixbench.h — what every POSIX benchmark program shares: the iteration count from argv,
 * a monotonic clock in nanoseconds, and the one-line report that `feuerbird bench` parses.
 *
 * Output format (one line per figure, nothing else on stdout):
 *   metric=NAME unit=ns value=123.456 iterations=N   (three decimals: rates can be below 1)
 * unit "ns" means nanoseconds per operation (lower is better); a unit ending in "/s" is a
 * throughput (higher is better). The programs never judge their figures. */
#ifndef POSIXBENCH_H
#define POSIXBENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* argv[1] if it is a positive number, else the quick default of the program. */
static inline long pb_iterations(int argc, char **argv, long quick)
{
    if (argc > 1) {
        long n = strtol(argv[1], NULL, 10);
        if (n > 0)
            return n;
    }
    return quick;
}

static inline double pb_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static inline void pb_report(const char *metric, const char *unit, double value, long iterations)
{
    printf("metric=%s unit=%s value=%.3f iterations=%ld\n", metric, unit, value, iterations);
    fflush(stdout);
}

/* Stops the run with a message on stderr: a benchmark whose system call failed has no figure. */
static inline void pb_fail(const char *what)
{
    perror(what);
    exit(1);
}

/* Keeps the compiler from deleting a computation whose result is otherwise unused. */
static volatile unsigned long pb_sink;

#endif
