#define _GNU_SOURCE
/* Job control on the console terminal, the way a shell does it. The first process (pid 1,
 * the session leader) starts a "shell" in its own group, as init starts a login shell; the
 * shell starts jobs in groups of their own. The test types ^C and ^Z at the prompts. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static const char *how(int st) {
    static char buf[64];
    if (WIFEXITED(st)) snprintf(buf, sizeof buf, "exited %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) snprintf(buf, sizeof buf, "killed by %s", sigabbrev_np(WTERMSIG(st)));
    else if (WIFSTOPPED(st)) snprintf(buf, sizeof buf, "stopped by %s", sigabbrev_np(WSTOPSIG(st)));
    else if (WIFCONTINUED(st)) snprintf(buf, sizeof buf, "continued");
    return buf;
}

/* A job in a group of its own; the shell makes it the foreground if asked. */
static pid_t job(int foreground, void (*body)(void)) {
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        signal(SIGTTOU, SIG_DFL);   /* the shell's own ignoring is not the job's */
        body();
        _exit(0);
    }
    setpgid(pid, pid);
    if (foreground) tcsetpgrp(0, pid);
    return pid;
}

static void sleeper(void) { for (;;) pause(); }

static void line_reader(void) {
    char buf[64];
    int n = read(0, buf, sizeof buf);
    if (n < 0) {
        dprintf(1, "reader: %s\n", strerror(errno));
        _exit(1);
    }
    dprintf(1, "reader got %.*s", n, buf);
    _exit(0);
}

static void ignoring_reader(void) {
    signal(SIGTTIN, SIG_IGN);
    char c;
    int n = read(0, &c, 1);
    dprintf(1, "background read, SIGTTIN ignored: %d %s\n", n, n < 0 ? strerror(errno) : "");
    _exit(0);
}

static void writer(void) {
    dprintf(1, "writer wrote\n");
    _exit(0);
}

static void new_session(void) {
    setsid();
    int fd = open("/dev/tty", O_RDWR);
    dprintf(1, "after setsid: /dev/tty %s, TIOCSCTTY on the console %s\n", fd < 0 ? strerror(errno) : "opened",
            ioctl(1, TIOCSCTTY, 0) < 0 ? strerror(errno) : "ok");
    _exit(0);
}

static void shell(void) {
    int st;
    setpgid(0, 0);
    signal(SIGTTOU, SIG_IGN);   /* as shells do: it takes the terminal back from the background */
    tcsetpgrp(0, getpgrp());
    dprintf(1, "shell: pgrp %d, foreground %d, session %d\n", getpgrp(), tcgetpgrp(0), getsid(0));

    pid_t bg = job(0, sleeper);
    pid_t fg = job(1, sleeper);
    dprintf(1, "sleeper in the foreground: %s\n", tcgetpgrp(0) == fg ? "yes" : "no");
    dprintf(1, "type ^C> ");
    waitpid(fg, &st, 0);
    tcsetpgrp(0, getpgrp());
    dprintf(1, "\nforeground job %s\n", how(st));
    kill(bg, SIGTERM);
    waitpid(bg, &st, 0);
    dprintf(1, "background job %s\n", how(st));

    pid_t r = job(1, line_reader);
    dprintf(1, "type ^Z> ");
    waitpid(r, &st, WUNTRACED);
    tcsetpgrp(0, getpgrp());
    dprintf(1, "\nreader %s\n", how(st));
    tcsetpgrp(0, r);
    kill(-r, SIGCONT);
    waitpid(r, &st, WCONTINUED);
    dprintf(1, "reader %s; type a line> ", how(st));
    waitpid(r, &st, 0);
    tcsetpgrp(0, getpgrp());
    dprintf(1, "reader %s\n", how(st));

    pid_t b = job(0, line_reader);
    waitpid(b, &st, WUNTRACED);
    dprintf(1, "background reader %s\n", how(st));
    kill(-b, SIGKILL);
    waitpid(b, &st, 0);
    b = job(0, ignoring_reader);
    waitpid(b, &st, 0);

    struct termios t;
    tcgetattr(0, &t);
    t.c_lflag |= TOSTOP;
    tcsetattr(0, TCSANOW, &t);
    pid_t w = job(0, writer);
    waitpid(w, &st, WUNTRACED);
    dprintf(1, "background writer under TOSTOP %s\n", how(st));
    tcsetpgrp(0, w);
    kill(-w, SIGCONT);
    waitpid(w, &st, 0);
    tcsetpgrp(0, getpgrp());
    dprintf(1, "writer %s\n", how(st));
    t.c_lflag &= ~TOSTOP;
    tcsetattr(0, TCSANOW, &t);

    errno = 0;
    dprintf(1, "tcsetpgrp to no group: %s\n", tcsetpgrp(0, 9999) < 0 ? strerror(errno) : "ok");
    pid_t s = fork();
    if (s == 0) new_session();
    waitpid(s, &st, 0);
    pid_t other = 0;
    ioctl(0, TIOCGSID, &other);
    dprintf(1, "TIOCGSID %d\n", other);
    exit(0);
}

int main(void) {
    pid_t sh = fork();
    if (sh == 0) shell();
    setpgid(sh, sh);
    int st;
    waitpid(sh, &st, 0);
    dprintf(1, "shell %s\n", how(st));
    return 0;
}
