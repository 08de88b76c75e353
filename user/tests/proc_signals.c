/* Signals across fork and exec: actions and the mask are inherited by fork, pending signals
 * are not; exec resets caught signals to their default (ignored ones stay ignored); SIGCHLD
 * reaches the parent with the child's status. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int got_usr1, got_chld;
static void on_usr1(int s) { (void)s; got_usr1++; }
static void on_chld(int s) { (void)s; got_chld++; }

static void report(const char *what, int st) {
    if (WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: killed by signal %d\n", what, WTERMSIG(st));
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "after-exec") == 0) {
        /* SIGUSR2 was ignored before exec and stays ignored; SIGUSR1 had a handler: default now. */
        raise(SIGUSR2);
        printf("after exec: SIGUSR2 still ignored\n");
        fflush(stdout);
        raise(SIGUSR1);
        printf("not reached\n");
        return 0;
    }
    signal(SIGUSR1, on_usr1);
    signal(SIGCHLD, on_chld);
    signal(SIGUSR2, SIG_IGN);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGUSR1);                           /* pending in the parent only */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        sigset_t pending, mask;
        sigpending(&pending);
        sigprocmask(SIG_SETMASK, NULL, &mask);
        printf("child: SIGUSR1 pending=%d blocked=%d\n", sigismember(&pending, SIGUSR1), sigismember(&mask, SIGUSR1));
        sigprocmask(SIG_UNBLOCK, &block, NULL);
        raise(SIGUSR1);
        printf("child: handler ran %d time(s)\n", got_usr1);
        exit(7);
    }
    int st;
    waitpid(pid, &st, 0);
    report("first child", st);
    printf("parent: SIGCHLD handled %d time(s)\n", got_chld);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    printf("parent: its own pending SIGUSR1 handled: %d\n", got_usr1);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        execl(argv[0], argv[0], "after-exec", (char *)NULL);
        _exit(99);
    }
    waitpid(pid, &st, 0);
    report("exec'd child", st);
    return 0;
}
