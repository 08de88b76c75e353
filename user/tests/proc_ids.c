/* Identity, credentials, process groups and sessions, resource limits. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r) {
    printf("%-40s -> %ld %s\n", what, r, r < 0 ? strerror(errno) : "");
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("uid %d euid %d gid %d egid %d\n", getuid(), geteuid(), getgid(), getegid());
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    printf("resuid %d %d %d\n", r, e, s);
    show("setuid(0)", setuid(0));
    show("setgid(0)", setgid(0));
    printf("gettid equals getpid in main thread: %s\n", syscall(SYS_gettid) == getpid() ? "yes" : "no");
    printf("getpgrp equals getpgid(0): %s\n", getpgrp() == getpgid(0) ? "yes" : "no");
    printf("getsid(0) equals getsid(getpid()): %s\n", getsid(0) == getsid(getpid()) ? "yes" : "no");
    errno = 0;
    show("getpgid of no such process", getpgid(999999));
    show("setpgid(-1 pgid)", setpgid(0, -1));

    pid_t c = fork();
    if (c == 0) {
        pid_t me = getpid();
        show("setpgid of the parent (not a child)", setpgid(getppid(), getppid()));
        printf("child starts in parent's group: %s\n", getpgrp() != me ? "yes" : "no");
        printf("setsid: returns own pid %s\n", setsid() == me ? "yes" : "no");
        printf("now session and group leader: %s %s\n", getsid(0) == me ? "yes" : "no", getpgrp() == me ? "yes" : "no");
        errno = 0;
        show("setsid again (already leader)", setsid());
        show("setpgid of a session leader", setpgid(0, 0));
        _exit(0);
    }
    waitpid(c, NULL, 0);

    c = fork();
    if (c == 0) {
        show("child: setpgid(0,0)", setpgid(0, 0));
        printf("child: own group now: %s\n", getpgrp() == getpid() ? "yes" : "no");
        pid_t g = fork();
        if (g == 0) {
            printf("grandchild inherits the group: %s\n", getpgrp() == getppid() ? "yes" : "no");
            _exit(0);
        }
        waitpid(g, NULL, 0);
        _exit(0);
    }
    waitpid(c, NULL, 0);

    struct rlimit rl = {16, 16};
    show("setrlimit NOFILE 16", setrlimit(RLIMIT_NOFILE, &rl));
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("NOFILE now %ld/%ld\n", (long)rl.rlim_cur, (long)rl.rlim_max);
    show("dup2 onto fd 20", dup2(1, 20));
    show("fcntl F_DUPFD from 16", fcntl(1, F_DUPFD, 16));
    int fd = dup(1);
    printf("dup below the limit works: %s\n", fd >= 0 && fd < 16 ? "yes" : "no");
    rl.rlim_cur = 32;
    show("soft above hard", setrlimit(RLIMIT_NOFILE, &rl));
    struct rlimit st = {1 << 20, RLIM_INFINITY};
    show("setrlimit STACK 1 MiB", setrlimit(RLIMIT_STACK, &st));
    /* (Not read back: qemu-user keeps RLIMIT_STACK to itself.) */
    show("getrlimit bad resource", getrlimit(99, &st));
    c = fork();
    if (c == 0) {
        getrlimit(RLIMIT_NOFILE, &rl);
        printf("child inherits NOFILE %ld\n", (long)rl.rlim_cur);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    return 0;
}
