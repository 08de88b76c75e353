/* openat flags, read/write/readv/writev/pread/pwrite, lseek, ftruncate, fstat, O_APPEND, O_EXCL, fsync. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>
#include "fs_common.h"

/* A pointer the compiler cannot see through, so it does not warn about the wild accesses. */
static void *volatile wild = (void *)16;

int main(void) {
    char dir[] = "/tmp/fsfilesXXXXXX";
    if (!mkdtemp(dir)) return 1;
    if (chdir(dir) < 0) return 2;
    umask(022);
    int fd = open("a", O_RDWR | O_CREAT | O_EXCL, 0666);
    VALUE("open new", fd >= 0 ? 0 : -1);
    CHECK("open excl again", open("a", O_RDWR | O_CREAT | O_EXCL, 0666));
    CHECK("open missing", open("nope", O_RDONLY));
    CHECK("open dir for write", open(".", O_WRONLY));
    CHECK("open file as dir", open("a", O_RDONLY | O_DIRECTORY));
    CHECK("open in missing dir", open("x/y", O_RDONLY | O_CREAT, 0644));
    CHECK("open through file", open("a/y", O_RDONLY));
    struct stat st;
    fstat(fd, &st);
    printf("mode %o size %ld nlink %ld\n", st.st_mode, (long)st.st_size, (long)st.st_nlink);
    VALUE("write", write(fd, "hello world\n", 12));
    VALUE("lseek cur", lseek(fd, 0, SEEK_CUR));
    VALUE("lseek set", lseek(fd, 6, SEEK_SET));
    char buf[64] = {0};
    VALUE("read", read(fd, buf, sizeof buf));
    printf("got '%s'\n", buf);
    VALUE("read at eof", read(fd, buf, sizeof buf));
    VALUE("lseek end", lseek(fd, -3, SEEK_END));
    VALUE("lseek neg", lseek(fd, -100, SEEK_SET));
    VALUE("lseek whence", lseek(fd, 0, 7));
    VALUE("pwrite", pwrite(fd, "HELLO", 5, 0));
    memset(buf, 0, sizeof buf);
    VALUE("pread", pread(fd, buf, 5, 0));
    printf("pread '%s'\n", buf);
    VALUE("pread neg", pread(fd, buf, 5, -1));
    struct iovec iov[3] = {{"ab", 2}, {"", 0}, {"cdef", 4}};
    lseek(fd, 0, SEEK_END);
    VALUE("writev", writev(fd, iov, 3));
    char x[3] = {0}, y[20] = {0};
    struct iovec riov[2] = {{x, 2}, {y, 19}};
    lseek(fd, 0, SEEK_SET);
    VALUE("readv", readv(fd, riov, 2));
    printf("readv '%s' '%s'\n", x, y);
    VALUE("lseek past end", lseek(fd, 100, SEEK_SET));
    VALUE("write past end", write(fd, "Z", 1));
    fstat(fd, &st);
    printf("size after hole %ld\n", (long)st.st_size);
    CHECK("ftruncate", ftruncate(fd, 4));
    fstat(fd, &st);
    printf("size after truncate %ld\n", (long)st.st_size);
    CHECK("ftruncate neg", ftruncate(fd, -1));
    int avail = -1;
    lseek(fd, 1, SEEK_SET);
    CHECK("FIONREAD file", ioctl(fd, FIONREAD, &avail));
    printf("FIONREAD %d\n", avail);
    CHECK("TCGETS on file", ioctl(fd, TCGETS, buf));
    CHECK("fsync", fsync(fd));
    CHECK("fdatasync", fdatasync(fd));
    close(fd);
    fd = open("a", O_RDONLY);
    CHECK("write on rdonly", write(fd, "x", 1));
    CHECK("ftruncate on rdonly", ftruncate(fd, 0));
    close(fd);
    fd = open("a", O_WRONLY | O_APPEND);
    lseek(fd, 0, SEEK_SET);
    VALUE("append write", write(fd, "++", 2));
    VALUE("append pos", lseek(fd, 0, SEEK_CUR));
    CHECK("read on wronly", read(fd, buf, 1));
    close(fd);
    fd = open("a", O_RDWR | O_TRUNC);
    fstat(fd, &st);
    printf("size after O_TRUNC %ld\n", (long)st.st_size);
    close(fd);
    CHECK("close again", close(fd));
    CHECK("read bad fd", read(99, buf, 1));
    fd = open("b", O_WRONLY | O_CREAT, 0777);
    fstat(fd, &st);
    printf("umask applied %o\n", st.st_mode & 07777);
    umask(0);
    int fd2 = open("c", O_WRONLY | O_CREAT, 0741);
    fstat(fd2, &st);
    printf("umask 0 %o\n", st.st_mode & 07777);
    close(fd);
    close(fd2);
    fd = open("b", O_RDWR);
    write(fd, "data", 4);
    lseek(fd, 0, SEEK_SET);
    CHECK("read into wild pointer", read(fd, wild, 4));
    CHECK("write from wild pointer", write(fd, wild, 4));
    CHECK("open wild path", open((char *)wild, O_RDONLY));
    CHECK("fstat wild", fstat(fd, (struct stat *)wild));
    close(fd);
    unlink("a"); unlink("b"); unlink("c");
    chdir("/");
    CHECK("rmdir scratch", rmdir(dir));
    return 0;
}
