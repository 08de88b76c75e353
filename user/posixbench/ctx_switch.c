/* ctx_switch — the cost of switching between two processes, both held on CPU 0 so that
 * every hand-over is a real switch (on a multi-core host they would otherwise run side by
 * side). Two figures:
 *   ctx_switch        a token passed back and forth through two pipes; ns per switch
 *                     (half a round trip: one pipe write, one read, one switch);
 *   ctx_switch_yield  two processes calling sched_yield in turn; ns per yield. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "posixbench.h"

/* CPU 0 only; where affinity does not exist the call fails harmlessly. */
static void pin(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    sched_setaffinity(0, sizeof set, &set);
}

static double token_pass(long n)
{
    int ab[2], ba[2];
    char c = 't';
    if (pipe(ab) || pipe(ba))
        pb_fail("pipe");
    pid_t child = fork();
    if (child < 0)
        pb_fail("fork");
    if (child == 0) {
        close(ab[1]);
        close(ba[0]);
        while (read(ab[0], &c, 1) == 1)
            if (write(ba[1], &c, 1) != 1)
                _exit(1);
        _exit(0);
    }
    close(ab[0]);
    close(ba[1]);
    long warm = n / 10 + 1;
    double t0 = 0;
    for (long i = 0; i < warm + n; i++) {
        if (i == warm)
            t0 = pb_now_ns();
        if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
            pb_fail("token");
    }
    double t1 = pb_now_ns();
    close(ab[1]);
    close(ba[0]);
    waitpid(child, NULL, 0);
    return (t1 - t0) / (2.0 * n);
}

/* The parent's yields are timed; the child yields until it is killed. When no other process
 * is runnable a yield returns at once, so this figure is the switch only on one CPU. */
static double yield_pass(long n)
{
    pid_t child = fork();
    if (child < 0)
        pb_fail("fork");
    if (child == 0)
        for (;;)
            sched_yield();
    for (long i = 0; i < n / 10 + 1; i++)
        sched_yield();
    double t0 = pb_now_ns();
    for (long i = 0; i < n; i++)
        sched_yield();
    double t1 = pb_now_ns();
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return (t1 - t0) / n;
}

int main(int argc, char **argv)
{
    long n = pb_iterations(argc, argv, 2000);
    pin();
    pb_report("ctx_switch", "ns", token_pass(n), n);
    pb_report("ctx_switch_yield", "ns", yield_pass(n), n);
    return 0;
}
