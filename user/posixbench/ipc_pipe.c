/* ipc_pipe — an IPC round trip: the parent writes one byte into a pipe, the child reads it
 * and answers through a second pipe. Figure: ns per round trip (two messages, and on a
 * single CPU two context switches). */
#include <sys/wait.h>
#include <unistd.h>
#include "posixbench.h"

int main(int argc, char **argv)
{
    long n = pb_iterations(argc, argv, 2000);
    long warm = n / 10 + 1;
    int down[2], up[2];
    char c = 'x';
    if (pipe(down) || pipe(up))
        pb_fail("pipe");
    pid_t child = fork();
    if (child < 0)
        pb_fail("fork");
    if (child == 0) {                           /* echo until the parent closes its end */
        close(down[1]);
        close(up[0]);
        while (read(down[0], &c, 1) == 1)
            if (write(up[1], &c, 1) != 1)
                _exit(1);
        _exit(0);
    }
    close(down[0]);
    close(up[1]);
    double t0 = 0;
    for (long i = 0; i < warm + n; i++) {
        if (i == warm)
            t0 = pb_now_ns();
        if (write(down[1], &c, 1) != 1 || read(up[0], &c, 1) != 1)
            pb_fail("ping-pong");
    }
    double t1 = pb_now_ns();
    close(down[1]);
    waitpid(child, NULL, 0);
    pb_report("ipc_roundtrip", "ns", (t1 - t0) / n, n);
    return 0;
}
