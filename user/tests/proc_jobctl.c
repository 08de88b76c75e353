/* Job control seen by a parent: stopped and continued children in wait4/waitid
 * (WUNTRACED, WCONTINUED, WNOWAIT), and children that reap themselves when SIGCHLD is
 * ignored. (SA_NOCLDWAIT is user/linuxonly/proc_nocldwait: qemu-user does not pass it on.) */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, pid_t r, pid_t child, int st) {
    if (r < 0) {
        printf("%s: -1 %s\n", what, strerror(errno));
        return;
    }
    if (r == 0) {
        printf("%s: 0 (nothing to report)\n", what);
        return;
    }
    printf("%s: %s status 0x%x", what, r == child ? "child" : "other", st);
    if (WIFSTOPPED(st)) printf(" stopped by %d", WSTOPSIG(st));
    if (WIFCONTINUED(st)) printf(" continued");
    if (WIFSIGNALED(st)) printf(" killed by %d", WTERMSIG(st));
    if (WIFEXITED(st)) printf(" exited %d", WEXITSTATUS(st));
    printf("\n");
}

static void show_info(const char *what, int r, siginfo_t *si, pid_t child) {
    if (r < 0) {
        printf("%s: -1 %s\n", what, strerror(errno));
        return;
    }
    printf("%s: signo %d code %d status %d %s\n", what, si->si_signo, si->si_code, si->si_status,
           si->si_pid == child ? "child" : si->si_pid == 0 ? "none" : "other");
}

static pid_t sleeper(void) {
    pid_t c = fork();
    if (c == 0) {
        for (;;) pause();
    }
    return c;
}

static int jobs(void);

/* SIGTSTP to a process group that is orphaned (no member's parent in another group of the
 * session) is discarded, as POSIX says, so whether the stops below happen would depend on how
 * the test was started. The work runs in a child that leads a group of its own, whose parent
 * (this process) is in another group of the same session: never orphaned. */
int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t manager = fork();
    if (manager == 0) {
        if (setpgid(0, 0) != 0) {
            printf("setpgid: %s\n", strerror(errno));
            _exit(1);
        }
        _exit(jobs());
    }
    int st;
    if (waitpid(manager, &st, 0) != manager || !WIFEXITED(st)) return 1;
    return WEXITSTATUS(st);
}

static int jobs(void) {
    int st = 0;
    /* A child that stops itself. */
    pid_t c = fork();
    if (c == 0) {
        raise(SIGTSTP);
        _exit(7);
    }
    show("waitpid, child raised SIGTSTP", waitpid(c, &st, WUNTRACED), c, st);
    kill(c, SIGCONT);
    show("waitpid after SIGCONT", waitpid(c, &st, 0), c, st);

    /* SIGCHLD ignored: children reap themselves and wait fails with ECHILD once they are gone. */
    signal(SIGCHLD, SIG_IGN);
    for (int i = 0; i < 3; i++) {
        if (fork() == 0) _exit(i);
    }
    show("wait with SIGCHLD ignored", wait(&st), -1, st);
    show("waitpid(-1, WNOHANG) with SIGCHLD ignored", waitpid(-1, &st, WNOHANG), -1, st);

    /* Back to the default: children become zombies again. */
    signal(SIGCHLD, SIG_DFL);
    c = fork();
    if (c == 0) _exit(4);
    show("wait with SIGCHLD default", wait(&st), c, st);
    /* Stops and continues of a sleeping child. (A fork after killing a blocked child once broke
     * copy-on-write: a TLB tag bug below the LibOS, fixed; proc_kill_refork covers it.) */
    c = sleeper();

    kill(c, SIGSTOP);
    show("waitpid WUNTRACED after SIGSTOP", waitpid(c, &st, WUNTRACED), c, st);
    show("waitpid WUNTRACED|WNOHANG again", waitpid(c, &st, WUNTRACED | WNOHANG), c, st);
    show("waitpid WNOHANG (stops not asked for)", waitpid(c, &st, WNOHANG), c, st);
    kill(c, SIGCONT);
    show("waitpid WCONTINUED after SIGCONT", waitpid(c, &st, WCONTINUED), c, st);
    show("waitpid WCONTINUED|WNOHANG again", waitpid(c, &st, WCONTINUED | WNOHANG), c, st);
    kill(c, SIGCONT);   /* not stopped: nothing to report */
    show("waitpid after SIGCONT to a running child", waitpid(c, &st, WCONTINUED | WUNTRACED | WNOHANG), c, st);

    /* waitid: CLD_STOPPED and CLD_CONTINUED, WNOWAIT leaves the event to be seen again. */
    siginfo_t si;
    kill(c, SIGTSTP);
    memset(&si, 0, sizeof si);
    show_info("waitid WSTOPPED|WNOWAIT", waitid(P_PID, c, &si, WSTOPPED | WNOWAIT), &si, c);
    memset(&si, 0, sizeof si);
    show_info("waitid WSTOPPED", waitid(P_PID, c, &si, WSTOPPED), &si, c);
    memset(&si, 0, sizeof si);
    show_info("waitid WSTOPPED|WNOHANG again", waitid(P_PID, c, &si, WSTOPPED | WNOHANG), &si, c);
    kill(c, SIGCONT);
    memset(&si, 0, sizeof si);
    show_info("waitid WCONTINUED", waitid(P_PID, c, &si, WCONTINUED), &si, c);

    /* A stopped child killed: the exit is what is reported. */
    kill(c, SIGSTOP);
    show("waitpid WUNTRACED", waitpid(c, &st, WUNTRACED), c, st);
    kill(c, SIGKILL);
    show("waitpid after SIGKILL", waitpid(c, &st, WUNTRACED | WCONTINUED), c, st);

    return 0;
}
