/* Wild pointers and bad arguments to the process, memory and thread calls: errors, no crash. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r) {
    printf("%-34s -> %ld %s\n", what, r, r < 0 ? strerror(errno) : "");
    errno = 0;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    void *bad = (void *)16;
    void *kernel = (void *)0xffffffffffff0000UL;
    pid_t c = fork();
    if (c == 0) _exit(1);
    show("wait4 status at bad pointer", syscall(SYS_wait4, c, bad, 0, NULL));
    show("wait4 bad options", syscall(SYS_wait4, -1, NULL, 0x1000, NULL));
    show("waitid bad idtype", syscall(SYS_waitid, 77, 0, NULL, WEXITED, NULL));
    show("waitid no WEXITED etc.", syscall(SYS_waitid, P_ALL, 0, NULL, 0, NULL));
    show("futex at bad address", syscall(SYS_futex, bad, FUTEX_WAIT, 0, NULL, NULL, 0));
    show("futex at kernel address", syscall(SYS_futex, kernel, FUTEX_WAIT, 0, NULL, NULL, 0));
    show("futex unaligned", syscall(SYS_futex, (char *)&c + 1, FUTEX_WAIT, 0, NULL, NULL, 0));
    int word = 5;
    show("futex value differs", syscall(SYS_futex, &word, FUTEX_WAIT, 4, NULL, NULL, 0));
    show("futex wake nobody", syscall(SYS_futex, &word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0));
    show("futex bad timeout pointer", syscall(SYS_futex, &word, FUTEX_WAIT, 5, bad, NULL, 0));
    struct timespec ts = {0, 0};
    show("futex zero timeout", syscall(SYS_futex, &word, FUTEX_WAIT, 5, &ts, NULL, 0));
    show("futex cmp_requeue mismatch", syscall(SYS_futex, &word, FUTEX_CMP_REQUEUE, 1, 1, &c, 9));
    show("futex unknown op", syscall(SYS_futex, &word, 99, 0, NULL, NULL, 0));
    show("futex realtime with wake", syscall(SYS_futex, &word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0));
    show("clone thread without sighand", syscall(SYS_clone, CLONE_THREAD | CLONE_VM, 0, NULL, NULL, NULL));
    show("clone sighand without vm", syscall(SYS_clone, CLONE_SIGHAND, 0, NULL, NULL, NULL));
    /* (clone3 is left out: qemu-user does not implement it.) */
    show("execve bad argv", syscall(SYS_execve, "/", bad, NULL));
    char *argv_bad[] = {"x", (char *)bad, NULL};
    show("execve bad argv string", syscall(SYS_execve, "/no/such", argv_bad, NULL));
    show("prlimit64 bad new", syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, bad, NULL));
    show("prlimit64 bad old", syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, bad));
    show("prlimit64 no such pid", syscall(SYS_prlimit64, 999999, RLIMIT_NOFILE, NULL, NULL));
    show("getresuid bad", syscall(SYS_getresuid, bad, bad, bad));
    show("getgroups bad", syscall(SYS_getgroups, 4, bad));
    show("set_tid_address anything", syscall(SYS_set_tid_address, bad) > 0 ? 1 : -1);
    show("mremap unmapped", (long)mremap((void *)0x10000000, 4096, 8192, MREMAP_MAYMOVE));
    show("mremap unaligned", (long)mremap((char *)&word, 4096, 8192, 0));
    show("mremap bad flags", (long)mremap((void *)0x10000000, 4096, 8192, 0x100));
    show("mremap fixed without maymove", (long)mremap((void *)0x10000000, 4096, 8192, MREMAP_FIXED, (void *)0x20000000));
    show("mmap zero length", (long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    show("mmap no type", (long)mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0));
    show("msync unaligned", msync((char *)&word, 4096, MS_SYNC));
    show("msync both async and sync", msync((void *)0x10000000, 4096, MS_SYNC | MS_ASYNC));
    show("msync unmapped", msync((void *)0x10000000, 4096, MS_SYNC));
    show("mprotect bad prot", mprotect((void *)0x10000000, 4096, 0x100));
    show("setpgid no such", setpgid(999999, 0));
    show("getsid no such", getsid(999999));
    printf("still alive\n");
    return 0;
}
