/* Hang-ups on the console terminal: a stopped job that its shell's end orphans gets SIGHUP and
 * SIGCONT (POSIX), and the session leader letting go of its terminal (TIOCNOTTY) hangs up the
 * foreground job. No typing needed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

static int which;

static void hup(int sig) {
    (void) sig;
    dprintf(1, "job %d got SIGHUP\n", which);
    if (which == 2) _exit(5);
}

static const char *how(int st) {
    static char buf[64];
    if (WIFEXITED(st)) snprintf(buf, sizeof buf, "exited %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) snprintf(buf, sizeof buf, "killed by %s", sigabbrev_np(WTERMSIG(st)));
    else if (WIFSTOPPED(st)) snprintf(buf, sizeof buf, "stopped by %s", sigabbrev_np(WSTOPSIG(st)));
    return buf;
}

int main(void) {
    int st;
    pid_t shell = fork();
    if (shell == 0) {
        setpgid(0, 0);
        pid_t job = fork();
        if (job == 0) {
            setpgid(0, 0);
            which = 1;
            signal(SIGHUP, hup);
            raise(SIGSTOP);
            dprintf(1, "job 1 continued, parent now %d\n", (int) getppid());
            _exit(7);
        }
        setpgid(job, job);
        waitpid(job, &st, WUNTRACED);
        dprintf(1, "shell: job 1 %s; shell exits\n", how(st));
        _exit(0);
    }
    waitpid(shell, &st, 0);
    pid_t j = wait(&st);   /* the orphaned job was given to the first process */
    dprintf(1, "first process reaped %s job 1: %s\n", j == 3 ? "its" : "another", how(st));

    int ready[2];
    pipe(ready);
    pid_t k = fork();
    if (k == 0) {
        setpgid(0, 0);
        which = 2;
        signal(SIGHUP, hup);
        close(ready[0]);
        write(ready[1], "x", 1);
        for (;;) pause();
    }
    setpgid(k, k);
    tcsetpgrp(0, k);
    char c;
    read(ready[0], &c, 1);
    dprintf(1, "TIOCNOTTY: %s\n", ioctl(0, TIOCNOTTY) == 0 ? "ok" : strerror(errno));
    pid_t got = waitpid(k, &st, 0);
    dprintf(1, "job 2 %s\n", got == k ? how(st) : "not reaped");
    errno = 0;
    int fg = tcgetpgrp(0);
    dprintf(1, "tcgetpgrp after: %d %s\n", fg, strerror(errno));
    dprintf(1, "/dev/tty after: %s\n", open("/dev/tty", O_RDWR) < 0 ? strerror(errno) : "opened");

    /* The console is free now: a new session takes it, as init gives it to the login shell. */
    pid_t s = fork();
    if (s == 0) {
        setsid();
        int r = ioctl(0, TIOCSCTTY, 0);
        dprintf(1, "new session: TIOCSCTTY %s, foreground %s, /dev/tty %s\n", r == 0 ? "ok" : strerror(errno),
                tcgetpgrp(0) == getpid() ? "its own" : "another", open("/dev/tty", O_RDWR) < 0 ? strerror(errno) : "opened");
        _exit(0);
    }
    waitpid(s, &st, 0);
    dprintf(1, "TIOCSCTTY by the first process after: %s\n", ioctl(0, TIOCSCTTY, 0) == 0 ? "ok" : strerror(errno));
    return 0;
}
