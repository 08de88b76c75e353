/* file_rw — file throughput: write N blocks of 64 KiB to a temporary file, then read them
 * back from the start. Figures: MB/s (10^6 bytes) for each direction; the data stays in the
 * host's page cache, so this measures the system's copy path, not a disk. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "posixbench.h"

enum { BLOCK = 64 * 1024 };
static char buf[BLOCK];

int main(int argc, char **argv)
{
    long n = pb_iterations(argc, argv, 64);
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[512];
    snprintf(path, sizeof path, "%s/posixbench-rw-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        pb_fail("mkstemp");
    unlink(path);                               /* gone when the descriptor closes */
    memset(buf, 'a', sizeof buf);

    double t0 = pb_now_ns();
    for (long i = 0; i < n; i++)
        if (write(fd, buf, BLOCK) != BLOCK)
            pb_fail("write");
    double t1 = pb_now_ns();
    if (lseek(fd, 0, SEEK_SET) != 0)
        pb_fail("lseek");
    double t2 = pb_now_ns();
    for (long i = 0; i < n; i++)
        if (read(fd, buf, BLOCK) != BLOCK)
            pb_fail("read");
    double t3 = pb_now_ns();
    close(fd);
    double mb = (double)n * BLOCK / 1e6;
    pb_report("file_write", "MB/s", mb / ((t1 - t0) / 1e9), n);
    pb_report("file_read", "MB/s", mb / ((t3 - t2) / 1e9), n);
    return 0;
}
