/* fork, exit statuses, wait4 selectors, zombies, orphans. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sched.h>

static int global = 1;

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t me = getpid();
    pid_t c = fork();
    if (c == 0) {
        printf("child: ppid is parent: %s\n", getppid() == me ? "yes" : "no");
        printf("child: pid differs from parent: %s\n", getpid() != me ? "yes" : "no");
        global = 42;
        _exit(3);
    }
    int st;
    struct rusage ru;
    pid_t w = wait4(c, &st, 0, &ru);
    printf("wait4 returned child: %s\n", w == c ? "yes" : "no");
    printf("exited=%d status=%d signaled=%d\n", WIFEXITED(st), WEXITSTATUS(st), WIFSIGNALED(st));
    printf("parent global still %d\n", global);

    /* A child killed by a fault: WIFSIGNALED, WTERMSIG 11. */
    c = fork();
    if (c == 0) {
        volatile int *bad = NULL;
        __asm__ volatile("" : "+r"(bad));   /* hide the NULL from the optimiser */
        *bad = 1;
        _exit(0);
    }
    waitpid(c, &st, 0);
    printf("faulting child: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));

    /* Zombies stay until waited for, in any order; -1 takes any. */
    pid_t kids[3];
    for (int i = 0; i < 3; i++) {
        kids[i] = fork();
        if (kids[i] == 0) _exit(10 + i);
    }
    waitpid(kids[2], &st, 0);
    printf("second-born waited first: %d\n", WEXITSTATUS(st));
    int sum = 0;
    for (int i = 0; i < 2; i++) {
        waitpid(-1, &st, 0);
        sum += WEXITSTATUS(st);
    }
    printf("the other two: sum %d\n", sum);
    errno = 0;
    printf("no children left: %ld %s\n", (long)waitpid(-1, &st, WNOHANG), strerror(errno));

    /* Process groups: pid 0 waits in the caller's group, < -1 in another. */
    c = fork();
    if (c == 0) {
        setpgid(0, 0);
        _exit(5);
    }
    setpgid(c, c);
    errno = 0;
    printf("wait in my group for a child in another: %ld %s\n", (long)waitpid(0, &st, WNOHANG), strerror(errno));
    printf("wait in its group: %s\n", waitpid(-c, &st, 0) == c ? "yes" : "no");
    printf("its status: %d\n", WEXITSTATUS(st));

    /* waitid with P_PID and WEXITED. */
    c = fork();
    if (c == 0) _exit(9);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int r = waitid(P_PID, c, &si, WEXITED);
    printf("waitid: r=%d signo=%d code=%d status=%d pid ok=%s\n", r, si.si_signo, si.si_code, si.si_status,
           si.si_pid == c ? "yes" : "no");

    /* An orphan is re-parented; a shared page tells the grandparent when it has looked. */
    volatile int *flag = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    c = fork();
    if (c == 0) {
        pid_t mid = getpid();
        if (fork() == 0) {
            while (getppid() == mid) sched_yield();
            printf("grandchild: re-parented after its parent exited: yes\n");
            *flag = 1;
            _exit(0);
        }
        _exit(0);
    }
    waitpid(c, &st, 0);
    while (*flag == 0) sched_yield();
    printf("done\n");
    return 0;
}
