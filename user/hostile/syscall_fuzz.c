/* syscall_fuzz: every system-call number from 0 to 460 with hostile arguments (wild and
 * kernel-half pointers, unmapped and read-only pages, -1, huge lengths). Calls that would end
 * the process, replace it, create others or wait forever are skipped. Prints only a summary:
 * the LibOS must answer each call with a result or an errno, never fail itself. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int skipped(long nr) {
    switch (nr) {
    case 93: case 94:           /* exit, exit_group */
    case 221: case 281:         /* execve, execveat */
    case 220: case 435:         /* clone, clone3 */
    case 139:                   /* rt_sigreturn */
    case 129: case 130: case 131: case 424: /* kill, tkill, tgkill, pidfd_send_signal */
    case 133:                   /* rt_sigsuspend: waits for a signal that never comes */
    case 98:                    /* futex: FUTEX_WAIT on a matching word sleeps forever */
    case 101: case 115:         /* nanosleep, clock_nanosleep: huge times */
    case 73: case 72:           /* ppoll, pselect6: may wait without end */
    case 134: case 135:         /* rt_sigaction, rt_sigprocmask: would change our own signals */
    case 132:                   /* sigaltstack */
    case 103:                   /* setitimer: an alarm would end us */
    case 96: case 99:           /* set_tid_address, set_robust_list: glibc's thread bookkeeping */
    case 214: case 215: case 216: case 222: case 226: case 227: case 233:
                                /* brk, munmap, mremap, mmap, mprotect, msync, madvise: covered below with care */
    case 154: case 157:         /* setpgid, setsid */
    case 57: case 23: case 24:  /* close, dup, dup3: would close or replace stdio */
    case 49: case 50:           /* chdir, fchdir */
    case 166:                   /* umask */
    case 34: case 35: case 36: case 37: case 38: case 276: case 53: case 54: case 52: case 55:
    case 88: case 46: case 56:  /* calls that could create, remove or change files the test runs beside */
    case 62:                    /* lseek of stdio is harmless but tested elsewhere */
    case 59:                    /* pipe2: a pipe we hold both ends of would make a later read wait forever */
    case 95: case 260:          /* wait4, waitid: no children, but keep them in the safe set below */
    case 164: case 261:         /* setrlimit, prlimit64: could lower our own limits */
        return 1;
    }
    return 0;
}

static long counts[4];   /* ok, EFAULT, ENOSYS, other errors */

static void record(long r) {
    if (r >= 0) counts[0]++;
    else if (r == -EFAULT) counts[1]++;
    else if (r == -ENOSYS) counts[2]++;
    else counts[3]++;
}

static long raw(long nr, long a, long b, long c, long d, long e, long f) {
    register long a0 asm("a0") = a, a1 asm("a1") = b, a2 asm("a2") = c;
    register long a3 asm("a3") = d, a4 asm("a4") = e, a5 asm("a5") = f, a7 asm("a7") = nr;
    asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7) : "memory");
    return a0;
}

int main(void) {
    /* A page that is mapped read-only (for output arguments) and one that is not mapped. */
    char *ro = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *gone = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(gone, 4096);
    /* A buffer that calls may fill however long they are told it is: the page after it is
     * unmapped, so a huge length ends there (EFAULT) instead of in glibc's data. */
    char *buf = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(buf + 2 * 4096, 4096);
    /* Calls that write to descriptors 1 and 2 go to /dev/null; the summary goes to the saved stdout. */
    int saved = fcntl(1, F_DUPFD, 100);
    int null = open("/dev/null", O_RDWR);
    dup2(null, 1);
    dup2(null, 2);
    close(null);
    long vals[] = {0, -1, 1, 2, 3, 7, 64, 0x8, 0x1000, 0x3fffffffffL, 1L << 38, -4096, (long)0xffffffc000000000UL,
                   (long)ro, (long)gone, (long)ro + 4090, 0x7fffffffffffffffL, (long)buf, 1L << 31, 0x100};
    int nvals = sizeof vals / sizeof vals[0];
    long calls = 0;
    for (long nr = 0; nr <= 460; nr++) {
        if (skipped(nr)) continue;
        for (int i = 0; i < nvals; i++) {
            for (int j = 0; j < nvals; j += 3) {
                long v = vals[i], w = vals[j];
                /* fds 0-2 stay usable: never give our stdio descriptors as the first argument with a
                 * buffer we own (a read would wait for stdin, which is empty and so returns 0). */
                record(raw(nr, v, w, vals[(i + j) % nvals], w, v, vals[(i * 7 + j) % nvals]));
                record(raw(nr, w, v, -1, 1L << 40, 0, v));
                calls += 2;
            }
        }
    }
    /* Memory calls with wild addresses and lengths, away from our own image and stack. */
    long addrs[] = {0, 0x8, 0x1000, 0x3fffffffffL, 1L << 38, -4096, (long)0xffffffc000000000UL, (long)gone, (long)ro};
    long lens[] = {0, 1, 4096, -1, 1L << 40, -4096, 0x7fffffffffffffffL};
    for (unsigned i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        for (unsigned j = 0; j < sizeof lens / sizeof lens[0]; j++) {
            long a = addrs[i], l = lens[j];
            int small = (unsigned long)l <= 4096;   /* never a range over our own image and stack */
            /* MAP_FIXED only where it must fail: a mapping at a low address would make later wild
             * pointers valid (a clone_args of zeros is a fork, a timespec there a long sleep). */
            int mappable = a == 0x1000 || a == (long)ro || a == (long)gone;
            if (!mappable) record(raw(SYS_mmap, a, l, 7, 0x32, -1, 0)); /* MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED */
            record(raw(SYS_mmap, a, l, -1, -1, 99, -1));
            record(raw(SYS_mremap, (long)gone, l, l, 3, a, 0));
            record(raw(SYS_msync, a, l, 4, 0, 0, 0));
            if (small) record(raw(SYS_madvise, (long)gone, l, 4, 0, 0, 0));
            record(raw(SYS_mprotect, (long)gone, l, -1, 0, 0, 0));
            if (small) record(raw(SYS_munmap, (long)gone, l, 0, 0, 0, 0));
            record(raw(SYS_pipe2, a, (long)l, 0, 0, 0, 0));
            record(raw(SYS_wait4, -1, a, (long)l, a, 0, 0));
            record(raw(SYS_waitid, 0, 0, a, 4 | 1, a, 0));
            record(raw(SYS_rt_sigaction, 10, a, a, 8, 0, 0));    /* SIGUSR1 only: bad struct pointers */
            record(raw(SYS_rt_sigprocmask, 0, a, a, l, 0, 0));
            record(raw(SYS_sigaltstack, a, a, 0, 0, 0, 0));
            record(raw(SYS_futex, a, 0, 12345, a, a, 0));        /* FUTEX_WAIT whose word cannot match */
            record(raw(SYS_futex, a, (long)l, 1, a, a, 0));
            record(raw(SYS_nanosleep, a, a, 0, 0, 0, 0));
            record(raw(SYS_clock_nanosleep, l, 0, a, a, 0, 0));
            if (a != 0) record(raw(SYS_ppoll, a, l, a, a, 8, 0));   /* a NULL timeout would wait forever */
            if (a != 0) record(raw(SYS_pselect6, (long)l, a, a, a, a, a));
            record(raw(SYS_prlimit64, 0, 7, 0, a, 0, 0));        /* read-only query */
            record(raw(SYS_openat, -100, a, 0, 0, 0, 0));
            record(raw(SYS_openat, (long)l, a, 0, 0, 0, 0));
            record(raw(SYS_chdir, a, 0, 0, 0, 0, 0));
            record(raw(SYS_mkdirat, -100, a, 0755, 0, 0, 0));
            record(raw(SYS_unlinkat, -100, a, 0, 0, 0, 0));
            record(raw(SYS_renameat2, -100, a, -100, a, 0, 0));
            record(raw(SYS_symlinkat, a, -100, a, 0, 0, 0));
            record(raw(SYS_linkat, -100, a, -100, a, 0, 0));
            record(raw(SYS_fchmodat, -100, a, 0644, 0, 0, 0));
            record(raw(SYS_fchownat, -100, a, 0, 0, 0, 0));
            record(raw(SYS_utimensat, -100, a, a, 0, 0, 0));
            record(raw(SYS_lseek, 0, l, (long)(i % 6), 0, 0, 0));
            record(raw(SYS_execve, a, a, a, 0, 0, 0));           /* fails before the point of no return */
            if (a != (long)ro) record(raw(SYS_clone3, a, l, 0, 0, 0, 0));   /* zeros there would be a fork */
            calls += 33;
        }
    }
    /* Still alive and still able to do ordinary things. */
    dup2(saved, 1);
    char msg[] = "still here\n";
    int wrote = write(1, msg, strlen(msg)) == (long)strlen(msg);
    printf("calls %ld: succeeded %ld, EFAULT %ld, ENOSYS %ld, other errors %ld\n", calls, counts[0], counts[1],
           counts[2], counts[3]);
    printf("write works: %s\n", wrote ? "yes" : "no");
    return 0;
}
