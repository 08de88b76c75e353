/*
 * init — FeuerBird's process 1 (docs/BOOT.md).
 *
 *   init              run /etc/init.d/rcS, then a login-free shell (/bin/sh -l) on the
 *                     console; when the shell exits, init ends the system with its status
 *   init -c COMMAND   run /etc/init.d/rcS, then /bin/sh -c COMMAND on the inherited stdio;
 *                     init exits with the command's status (128+N, and the signal's name
 *                     on stderr, when signal N killed the shell)
 *
 * Either way init reaps every orphan, and busybox's poweroff, reboot and halt (which signal
 * process 1: SIGUSR2, SIGTERM, SIGUSR1) end the system: every other process gets SIGTERM,
 * then SIGKILL, then reboot(2) with the matching command.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RCS "/etc/init.d/rcS"
#define SHELL "/bin/sh"

static volatile sig_atomic_t shutdown_cmd;   /* 0, or the reboot(2) command asked for */

static void on_signal(int sig) {
    switch (sig) {
    case SIGUSR2: shutdown_cmd = RB_POWER_OFF; break;
    case SIGTERM: shutdown_cmd = RB_AUTOBOOT; break;
    case SIGUSR1: shutdown_cmd = RB_HALT_SYSTEM; break;
    default: break;   /* SIGCHLD: only wakes the main loop */
    }
}

static char *const shell_env[] = {
    "HOME=/root", "PATH=/sbin:/usr/sbin:/bin:/usr/bin", "SHELL=/bin/sh", "USER=root", "LOGNAME=root", NULL, NULL,
};

/* The environment for the shells init starts: ours, plus the TERM the boot gave init. */
static char **environment(void) {
    static char term[128];
    static char *env[sizeof shell_env / sizeof shell_env[0]];
    size_t n = 0;
    for (; shell_env[n]; n++) env[n] = shell_env[n];
    const char *t = getenv("TERM");
    snprintf(term, sizeof term, "TERM=%s", t && *t ? t : "vt100");
    env[n++] = term;
    env[n] = NULL;
    return env;
}

/* Starts argv as a child of init, with the signals init catches back at their defaults. */
static pid_t spawn(char *const argv[], int new_session) {
    pid_t pid = fork();
    if (pid < 0) {
        perror("init: fork");
        return -1;
    }
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        signal(SIGUSR1, SIG_DFL);
        signal(SIGUSR2, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGCHLD, SIG_DFL);
        signal(SIGINT, SIG_DFL);   /* ignored by init, and an ignored signal stays so across exec */
        signal(SIGHUP, SIG_DFL);
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (new_session) {
            /* Its own session with the console as controlling terminal, so the shell can
             * do job control; without a terminal that allows it, job control stays off. */
            setsid();
            if (ioctl(0, TIOCSCTTY, 0) != 0) setenv("FEUERBIRD_NO_JOBS", "1", 1);
        }
        if (chdir("/root") != 0 && chdir("/") != 0) _exit(127);
        char **env = environment();
        if (new_session && getenv("FEUERBIRD_NO_JOBS")) {
            /* sh -l +m: login shell, monitor (job control) off. */
            char *const nojobs[] = {argv[0], "-l", "+m", NULL};
            execve(argv[0], nojobs, env);
        } else {
            execve(argv[0], argv, env);
        }
        fprintf(stderr, "init: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    return pid;
}

/* Reaps every child that has ended; returns the status of `watch` if it was among them, else -1. */
static int reap(pid_t watch, int *gone) {
    int status, result = -1;
    pid_t pid;
    *gone = 0;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid == watch) result = status;
    }
    if (pid < 0 && errno == ECHILD) *gone = 1;
    return result;
}

/* Waits (signals blocked in `blocked`) until `watch` ends or a shutdown is asked for. */
static int wait_for(pid_t watch, const sigset_t *open) {
    for (;;) {
        int gone, st = reap(watch, &gone);
        if (st != -1) return st;
        if (shutdown_cmd) return -1;
        sigsuspend(open);
    }
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Every other process ends: SIGTERM (and SIGHUP, which an interactive shell does not
 * ignore), up to a second to go, then SIGKILL; zombies reaped. */
static void end_all(void) {
    int gone;
    if (kill(-1, SIGTERM) == 0) {
        kill(-1, SIGHUP);
        for (int i = 0; i < 50; i++) {
            reap(-1, &gone);
            if (gone) break;
            sleep_ms(20);
        }
    }
    kill(-1, SIGKILL);
    for (int i = 0; i < 50; i++) {
        reap(-1, &gone);
        if (gone) break;
        sleep_ms(20);
    }
}

static void shut_down(int cmd) {
    end_all();
    sync();
    reboot(cmd);
    perror("init: reboot");
    _exit(1);
}

/* A shell's wait status as an exit status: 128+N for signal N, whose name goes to stderr. */
static int exit_status(int st) {
    if (WIFSIGNALED(st)) {
        fprintf(stderr, "%s\n", strsignal(WTERMSIG(st)));
        return 128 + WTERMSIG(st);
    }
    return WEXITSTATUS(st);
}

int main(int argc, char **argv) {
    const char *command = NULL;
    if (argc == 3 && strcmp(argv[1], "-c") == 0) {
        command = argv[2];
    } else if (argc != 1) {
        fprintf(stderr, "usage: init [-c COMMAND]\n");
        return 2;
    }

    /* The signals that matter to init are blocked except inside sigsuspend: no race
     * between checking for work and waiting for it. */
    sigset_t mask, open;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    sigaddset(&mask, SIGUSR1);
    sigaddset(&mask, SIGUSR2);
    sigaddset(&mask, SIGTERM);
    sigprocmask(SIG_BLOCK, &mask, &open);
    sigdelset(&open, SIGCHLD);
    sigdelset(&open, SIGUSR1);
    sigdelset(&open, SIGUSR2);
    sigdelset(&open, SIGTERM);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGINT, SIG_IGN);   /* Ctrl-Alt-Del has no meaning here */
    signal(SIGHUP, SIG_IGN);
    reboot(RB_DISABLE_CAD);

    setenv("PATH", "/sbin:/usr/sbin:/bin:/usr/bin", 1);
    if (access(RCS, X_OK) == 0) {
        char *const rcs[] = {SHELL, RCS, NULL};
        pid_t pid = spawn(rcs, 0);
        if (pid > 0) {
            int st = wait_for(pid, &open);
            if (st == -1) shut_down(shutdown_cmd);
            if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) fprintf(stderr, "init: %s failed\n", RCS);
        }
    }

    pid_t shell;
    if (command) {
        char *const sh[] = {SHELL, "-c", (char *)command, NULL};
        shell = spawn(sh, 0);
    } else {
        char *const sh[] = {SHELL, "-l", NULL};
        shell = spawn(sh, 1);
    }
    if (shell < 0) return 127;
    int st = wait_for(shell, &open);
    if (st == -1) shut_down(shutdown_cmd);
    int code = exit_status(st);
    /* The shell is gone: whatever it left running ends with it, then so does init (and the run). */
    end_all();
    if (shutdown_cmd) shut_down(shutdown_cmd);
    return code;
}
