/* null_syscall — the cheapest round trip into the system: getpid through syscall(2), so
 * that no libc caches the answer. Figure: ns per call. */
#include <sys/syscall.h>
#include <unistd.h>
#include "posixbench.h"

int main(int argc, char **argv)
{
    long n = pb_iterations(argc, argv, 20000);
    for (long i = 0; i < n / 10 + 1; i++)        /* warm-up: translators and JITs settle */
        pb_sink += syscall(SYS_getpid);
    double t0 = pb_now_ns();
    for (long i = 0; i < n; i++)
        pb_sink += syscall(SYS_getpid);
    double t1 = pb_now_ns();
    pb_report("null_syscall", "ns", (t1 - t0) / n, n);
    return 0;
}
