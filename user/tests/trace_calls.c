/* trace_calls: a fixed sequence of system calls for TraceTest to check in --trace output
 * (open, fstat, read, close, a failing open, mmap/munmap, a read of stdin, a signal, an
 * unknown call, exit 3). Raw syscall() keeps glibc from choosing other calls. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void on_alarm(int sig) { (void)sig; }

int main(void) {
    char buf[64];
    struct stat st;
    long fd = syscall(SYS_openat, AT_FDCWD, "data.txt", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        syscall(SYS_fstat, fd, &st);
        syscall(SYS_read, fd, buf, sizeof buf);
        syscall(SYS_close, fd);
    }
    syscall(SYS_openat, AT_FDCWD, "missing", O_RDONLY);
    void *p = (void *)syscall(SYS_mmap, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    syscall(SYS_munmap, p, 8192);
    long n = syscall(SYS_read, 0, buf, sizeof buf);
    if (n > 0) syscall(SYS_write, 1, buf, n);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, 0);
    syscall(SYS_kill, syscall(SYS_getpid), SIGALRM);
    syscall(999, 1, 2, 3, 4, 5, 6);
    syscall(SYS_exit_group, 3);
    return 0;
}
