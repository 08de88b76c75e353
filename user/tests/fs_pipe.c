/* pipe2 within one process: data, EOF, EAGAIN, Linux's page-sized buffers, FIONREAD, fstat, dup, fcntl flags. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "fs_common.h"

static void *volatile wild = (void *)8;

int main(void) {
    int p[2];
    CHECK("pipe2", pipe2(p, O_CLOEXEC | O_NONBLOCK));
    printf("cloexec %d %d\n", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFD));
    printf("flags %o %o\n", fcntl(p[0], F_GETFL) & (O_ACCMODE | O_NONBLOCK), fcntl(p[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK));
    struct stat st;
    fstat(p[0], &st);
    printf("fifo %d\n", S_ISFIFO(st.st_mode));
    char buf[70000];
    VALUE("read empty nonblock", read(p[0], buf, 10));
    VALUE("write", write(p[1], "hello", 5));
    int avail = -1;
    CHECK("FIONREAD", ioctl(p[0], FIONREAD, &avail));
    printf("available %d\n", avail);
    VALUE("read", read(p[0], buf, 3));
    VALUE("read rest", read(p[0], buf, 100));
    CHECK("lseek pipe", lseek(p[0], 0, SEEK_SET));
    CHECK("pread pipe", pread(p[0], buf, 1, 0));
    CHECK("write read end", write(p[0], "x", 1));
    CHECK("read write end", read(p[1], buf, 1));
    /* fill it: 64 KiB, then EAGAIN; an atomic write that does not fit is refused whole */
    memset(buf, 'a', sizeof buf);
    long total = 0;
    for (;;) {
        long n = write(p[1], buf, 1000);
        if (n < 0) { printf("fill stops: %s\n", ename(errno)); break; }
        total += n;
    }
    printf("filled %ld\n", total);
    VALUE("small write on full", write(p[1], buf, 1));
    VALUE("drain 4096", read(p[0], buf, 4096));
    VALUE("write 4097 into 4096 free", write(p[1], buf, 4097));
    VALUE("write 4096", write(p[1], buf, 4096));
    long drained = 0, n;
    while ((n = read(p[0], buf, sizeof buf)) > 0) drained += n;
    printf("drained %ld then %s\n", drained, ename(errno));
    /* blocking mode: data then EOF */
    CHECK("clear nonblock", fcntl(p[0], F_SETFL, 0));
    write(p[1], "xyz", 3);
    struct iovec iov[2] = {{"12", 2}, {"345", 3}};
    VALUE("writev", writev(p[1], iov, 2));
    int d = dup(p[1]);
    close(p[1]);
    VALUE("read with a writer left", read(p[0], buf, 100));
    close(d);
    VALUE("read at EOF", read(p[0], buf, 100));
    close(p[0]);
    CHECK("pipe2 bad flags", pipe2(p, 0x1));
    CHECK("pipe2 wild", pipe2((int *)wild, 0));
    return 0;
}
