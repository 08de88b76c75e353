/* file_open — open and close of an existing file, which walks the path and allocates a
 * descriptor. Two figures, ns per open+close:
 *   file_open        a fresh temporary file in $TMPDIR or /tmp: on Linux the host's disk file
 *                    system; on FeuerBird `exec` the host directory passed through (hostfs),
 *                    so every open is also a host open(2).
 *   file_open_tmpfs  the same in /dev/shm: a memory file system everywhere (Linux's tmpfs,
 *                    FeuerBird's own tmpfs, the file system of the whole root under `run`).
 * A directory that cannot hold a temporary file gives no figure (a message on stderr). */
#include <fcntl.h>
#include <unistd.h>
#include "posixbench.h"

static void measure(const char *metric, const char *dir, long n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/posixbench-open-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0) {
        fprintf(stderr, "file_open: no temporary file in %s: %m; no %s figure\n", dir, metric);
        return;
    }
    close(fd);
    double t0 = 0;
    long warm = n / 10 + 1;
    for (long i = 0; i < warm + n; i++) {
        if (i == warm)
            t0 = pb_now_ns();
        fd = open(path, O_RDONLY);
        if (fd < 0)
            pb_fail("open");
        close(fd);
    }
    double t1 = pb_now_ns();
    unlink(path);
    pb_report(metric, "ns", (t1 - t0) / n, n);
}

int main(int argc, char **argv)
{
    long n = pb_iterations(argc, argv, 2000);
    measure("file_open", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", n);
    measure("file_open_tmpfs", "/dev/shm", n);
    return 0;
}
