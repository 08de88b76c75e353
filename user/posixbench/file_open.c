/* file_open — open and close of an existing file (a fresh temporary one in $TMPDIR or /tmp),
 * which walks the path and allocates a descriptor. Figure: ns per open+close. */
#include <fcntl.h>
#include <unistd.h>
#include "posixbench.h"

int main(int argc, char **argv)
{
    long n = pb_iterations(argc, argv, 2000);
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[512];
    snprintf(path, sizeof path, "%s/posixbench-open-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        pb_fail("mkstemp");
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
    pb_report("file_open", "ns", (t1 - t0) / n, n);
    return 0;
}
