/* fork_wait — process creation and teardown: fork, the child _exits at once, the parent
 * waits for it. Figure: ns per fork+exit+wait. */
#include <sys/wait.h>
#include <unistd.h>
#include "posixbench.h"

static void cycle(void)
{
    pid_t child = fork();
    if (child < 0)
        pb_fail("fork");
    if (child == 0)
        _exit(0);
    if (waitpid(child, NULL, 0) != child)
        pb_fail("waitpid");
}

int main(int argc, char **argv)
{
    long n = pb_iterations(argc, argv, 100);
    for (long i = 0; i < n / 10 + 1; i++)
        cycle();
    double t0 = pb_now_ns();
    for (long i = 0; i < n; i++)
        cycle();
    double t1 = pb_now_ns();
    pb_report("fork_exit_wait", "ns", (t1 - t0) / n, n);
    return 0;
}
