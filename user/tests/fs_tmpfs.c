/* /dev/shm (tmpfs), /dev devices and /proc/self basics that qemu shows as Linux does. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fs_common.h"

int main(void) {
    char dir[] = "/dev/shm/fstmpXXXXXX";
    if (!mkdtemp(dir)) { printf("mkdtemp %s\n", ename(errno)); return 1; }
    if (chdir(dir) < 0) return 2;
    umask(022);
    int fd = open("f", O_CREAT | O_RDWR, 0666);
    VALUE("write", write(fd, "tmpfs data", 10));
    VALUE("pread", pread(fd, (char[8]){0}, 5, 6));
    struct stat st;
    fstat(fd, &st);
    printf("mode %o size %ld nlink %ld\n", st.st_mode, (long)st.st_size, (long)st.st_nlink);
    CHECK("ftruncate grow", ftruncate(fd, 8192));
    fstat(fd, &st);
    printf("size %ld\n", (long)st.st_size);
    CHECK("mkdir", mkdir("sub", 0700));
    CHECK("symlink", symlink("../f", "sub/l"));
    char buf[64] = {0};
    VALUE("readlink", readlink("sub/l", buf, sizeof buf));
    printf("target %s\n", buf);
    CHECK("stat via link", stat("sub/l", &st));
    printf("size via link %ld\n", (long)st.st_size);
    CHECK("link", link("f", "g"));
    stat("f", &st);
    printf("nlink %ld\n", (long)st.st_nlink);
    CHECK("unlink f", unlink("f"));
    CHECK("still readable", pread(fd, buf, 5, 0));
    CHECK("rename g f2", rename("g", "f2"));
    CHECK("rename into sub", rename("f2", "sub/f3"));
    CHECK("rmdir nonempty", rmdir("sub"));
    CHECK("rename across fs", rename("sub/f3", "/tmp/fs_tmpfs_cross"));
    CHECK("link across fs", link("sub/f3", "/tmp/fs_tmpfs_cross"));
    CHECK("chmod", chmod("sub/f3", 0400));
    stat("sub/f3", &st);
    printf("mode %o\n", st.st_mode & 07777);
    CHECK("access X", access("sub/f3", X_OK));
    close(fd);
    /* A shared mapping of a tmpfs file: its writes reach the file (after msync), and a
     * write to the file shows in a new mapping. */
    fd = open("m", O_CREAT | O_RDWR, 0600);
    CHECK("ftruncate for mmap", ftruncate(fd, 4096));
    char *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("mmap shared: %s\n", sh == MAP_FAILED ? ename(errno) : "ok");
    if (sh != MAP_FAILED) {
        strcpy(sh + 100, "through the map");
        CHECK("msync", msync(sh, 4096, MS_SYNC));
        memset(buf, 0, sizeof buf);
        CHECK("pread after msync", pread(fd, buf, 15, 100));
        printf("file reads '%s'\n", buf);
        CHECK("munmap", munmap(sh, 4096));
        CHECK("pwrite", pwrite(fd, "by write", 8, 200));
        sh = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
        printf("new map reads '%s'\n", sh == MAP_FAILED ? ename(errno) : sh + 200);
        if (sh != MAP_FAILED) munmap(sh, 4096);
    }
    close(fd);
    unlink("m");
    CHECK("dotdot crosses the mount", stat("../../shm", &st));
    printf("shm is dir %d\n", S_ISDIR(st.st_mode));
    unlink("sub/f3"); unlink("sub/l"); rmdir("sub");
    chdir("/");
    CHECK("rmdir scratch", rmdir(dir));
    /* devices */
    fd = open("/dev/null", O_RDWR);
    VALUE("null read", read(fd, buf, 10));
    VALUE("null write", write(fd, buf, 10));
    fstat(fd, &st);
    printf("null chr %d rdev %lx\n", S_ISCHR(st.st_mode), (long)st.st_rdev);
    close(fd);
    fd = open("/dev/zero", O_RDONLY);
    memset(buf, 1, 8);
    VALUE("zero read", read(fd, buf, 8));
    printf("zeros %d\n", buf[0] == 0 && buf[7] == 0);
    close(fd);
    fd = open("/dev/full", O_WRONLY);
    CHECK("full write", write(fd, "x", 1));
    close(fd);
    fd = open("/dev/urandom", O_RDONLY);
    VALUE("urandom read", read(fd, buf, 16));
    close(fd);
    CHECK("missing device", open("/dev/nonexistent-device", O_RDONLY));
    VALUE("readlink /dev/fd", readlink("/dev/fd", buf, sizeof buf));
    VALUE("readlink /dev/stdin", readlink("/dev/stdin", buf, sizeof buf));
    /* procfs */
    char path[64], want[64];
    snprintf(want, sizeof want, "%d", getpid());
    memset(buf, 0, sizeof buf);
    readlink("/proc/self", buf, sizeof buf);
    printf("/proc/self is pid %d\n", strcmp(buf, want) == 0);
    int p[2];
    pipe(p);
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
    memset(buf, 0, sizeof buf);
    readlink(path, buf, sizeof buf);
    printf("pipe link starts %.6s\n", buf);
    int w = open((snprintf(path, sizeof path, "/proc/self/fd/%d", p[1]), path), O_WRONLY);
    VALUE("write reopened pipe", write(w, "via proc", 8));
    memset(buf, 0, sizeof buf);
    VALUE("read pipe", read(p[0], buf, sizeof buf));
    printf("got %s\n", buf);
    chdir("/tmp");
    memset(buf, 0, sizeof buf);
    readlink("/proc/self/cwd", buf, sizeof buf);
    printf("cwd link %s\n", buf);
    fd = open("/proc/self/cmdline", O_RDONLY);
    long n = read(fd, buf, sizeof buf);
    printf("cmdline ends with NUL %d\n", n > 0 && buf[n - 1] == 0);
    close(fd);
    fd = open("/proc/self/stat", O_RDONLY);
    n = read(fd, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("stat starts with pid %d\n", strncmp(buf, want, strlen(want)) == 0 && buf[strlen(want)] == ' ');
    CHECK("create in /proc", open("/proc/self/newfile", O_CREAT | O_WRONLY, 0644));
    CHECK("fd link of closed fd", readlink("/proc/self/fd/99", buf, sizeof buf));
    return 0;
}
