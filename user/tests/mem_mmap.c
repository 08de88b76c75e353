/* mmap/munmap/mprotect/mremap, file mappings (private and shared), faults as SIGSEGV. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int faults(void (*fn)(void *), void *arg) {
    pid_t c = fork();
    if (c == 0) {
        fn(arg);
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

static void write_at(void *p) { *(volatile char *)p = 1; }
static void read_at(void *p) { (void)*(volatile char *)p; }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    long pg = sysconf(_SC_PAGESIZE);
    printf("page size %ld\n", pg);

    char *a = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("anonymous mapping reads zero: %s\n", a[0] == 0 && a[4 * pg - 1] == 0 ? "yes" : "no");
    strcpy(a, "hello");
    printf("mprotect read-only: %d\n", mprotect(a, pg, PROT_READ));
    printf("write to read-only page: signal %d\n", faults(write_at, a));
    printf("read of read-only page still works: %s\n", a);
    printf("mprotect none: %d, read: signal %d\n", mprotect(a, pg, PROT_NONE), faults(read_at, a));
    mprotect(a, pg, PROT_READ | PROT_WRITE);
    printf("munmap middle page: %d, touching it: signal %d\n", munmap(a + pg, pg), faults(read_at, a + pg));
    printf("pages around it still there: %s %d\n", a, a[2 * pg]);
    errno = 0;
    printf("mprotect over the hole: %d %s\n", mprotect(a, 3 * pg, PROT_READ), strerror(errno));
    errno = 0;
    printf("munmap unaligned: %d %s\n", munmap(a + 1, pg), strerror(errno));

    /* mremap: shrink, grow, move with contents. */
    char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    strcpy(m, "first");
    strcpy(m + pg, "second");
    char *s = mremap(m, 2 * pg, pg, 0);
    printf("shrink in place: %s, tail gone: signal %d\n", s == m ? "yes" : "no", faults(read_at, m + pg));
    char *blocker = mmap(m + pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    errno = 0;
    char *g = mremap(m, pg, 8 * pg, 0);
    printf("grow without MAYMOVE next to another area: %s %s\n", g == MAP_FAILED ? "failed" : "ok", strerror(errno));
    g = mremap(m, pg, 8 * pg, MREMAP_MAYMOVE);
    printf("grow with MAYMOVE: moved %s, content '%s', new tail zero %d\n", g != m ? "yes" : "no", g, g[7 * pg]);
    g[7 * pg] = 'x';
    printf("old address gone: signal %d\n", faults(read_at, m));
    munmap(blocker, pg);
    munmap(g, 8 * pg);

    /* File mappings. */
    const char *path = "/tmp/feuerbird-mem-mmap";
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    char buf[64];
    memset(buf, 0, sizeof buf);
    for (int i = 0; i < 2; i++) {
        snprintf(buf, sizeof buf, "page %d of the file", i);
        pwrite(fd, buf, strlen(buf) + 1, i * pg);
    }
    char *fp = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    printf("private file map: '%s' / '%s'\n", fp, fp + pg);
    strcpy(fp, "changed privately");
    pread(fd, buf, sizeof buf, 0);
    printf("file after private write: '%s'\n", buf);
    char *off = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, pg);
    printf("map at offset one page: '%s'\n", off);
    char *sh = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    strcpy(sh + pg, "written through MAP_SHARED");
    printf("msync: %d\n", msync(sh, 2 * pg, MS_SYNC));
    pread(fd, buf, sizeof buf, pg);
    printf("file after shared write: '%s'\n", buf);
    pid_t c = fork();
    if (c == 0) {
        strcpy(sh, "child wrote here");
        _exit(0);
    }
    waitpid(c, NULL, 0);
    printf("child's shared write seen by parent: '%s'\n", sh);
    close(fd);
    strcpy(sh, "after close");
    munmap(sh, 2 * pg);
    fd = open(path, O_RDONLY);
    pread(fd, buf, sizeof buf, 0);
    printf("file after munmap: '%s'\n", buf);
    errno = 0;
    printf("shared writable map of read-only fd: %s %s\n",
           mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED ? "failed" : "ok", strerror(errno));
    close(fd);
    unlink(path);
    errno = 0;
    printf("map of a bad fd: %s %s\n", mmap(NULL, pg, PROT_READ, MAP_PRIVATE, 77, 0) == MAP_FAILED ? "failed" : "ok", strerror(errno));

    /* A shared mapping belongs to the file its descriptor names, not to the path: moved
     * away and replaced by another file before the mmap, it still gets the writes. */
    const char *moved = "/tmp/feuerbird-mem-mmap-moved";
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    pwrite(fd, "the original file", 18, 0);
    rename(path, moved);
    int other = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    pwrite(other, "a new file at the old name", 27, 0);
    close(other);
    char *mv = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("shared map of a moved file: '%s'\n", mv);
    memcpy(mv, "THE", 3);
    close(fd);
    munmap(mv, pg);
    memset(buf, 0, sizeof buf);
    fd = open(moved, O_RDONLY);
    pread(fd, buf, sizeof buf, 0);
    close(fd);
    printf("the moved file after munmap: '%s'\n", buf);
    memset(buf, 0, sizeof buf);
    fd = open(path, O_RDONLY);
    pread(fd, buf, sizeof buf, 0);
    close(fd);
    printf("the file now at its old name: '%s'\n", buf);
    unlink(moved);
    unlink(path);
    return 0;
}
