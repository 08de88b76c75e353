/* Signal handlers, masks, pending sets, sigsuspend, SA_RESETHAND/SA_NODEFER, sigaltstack. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <stdint.h>

static volatile int got[65];
static volatile int last_code, last_signo, nested_blocked;
static char *alt_lo, *alt_hi;
static volatile int on_alt, alt_flags;

static void plain(int sig) { got[sig]++; }

static void info(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    got[sig]++;
    last_signo = si->si_signo;
    last_code = si->si_code;
}

static void checkmask(int sig) {
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    nested_blocked = sigismember(&cur, sig) * 10 + sigismember(&cur, SIGUSR2);
    got[sig]++;
}

static void onalt(int sig) {
    char here;
    on_alt = &here >= alt_lo && &here < alt_hi;
    stack_t ss;
    sigaltstack(NULL, &ss);
    alt_flags = ss.ss_flags;
    got[sig]++;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);

    /* A plain handler through signal(), raise() and kill() to self. */
    signal(SIGUSR1, plain);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    printf("plain handler ran %d times\n", got[SIGUSR1]);

    /* SA_SIGINFO: si_signo and si_code (SI_TKILL from raise, SI_USER from kill). */
    sa.sa_sigaction = info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("siginfo raise: signo=%d code=%d\n", last_signo, last_code);
    kill(getpid(), SIGUSR2);
    printf("siginfo kill: signo=%d code=%d\n", last_signo, last_code);

    /* Reading back an action. */
    struct sigaction old;
    sigaction(SIGUSR2, NULL, &old);
    printf("readback: siginfo=%d handler_ok=%d\n", !!(old.sa_flags & SA_SIGINFO), old.sa_sigaction == info);

    /* Blocking: the signal waits in the pending set until unblocked. */
    sigset_t set, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    got[SIGUSR1] = 0;
    raise(SIGUSR1);
    sigpending(&pend);
    printf("blocked: ran=%d pending=%d\n", got[SIGUSR1], sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    sigpending(&pend);
    printf("unblocked: ran=%d pending=%d\n", got[SIGUSR1], sigismember(&pend, SIGUSR1));

    /* sigsuspend: wait with the signal unblocked; the old mask comes back after. */
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    sigset_t empty;
    sigemptyset(&empty);
    int r = sigsuspend(&empty);
    int e = errno;
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("sigsuspend: r=%d errno=%s ran=%d still_blocked=%d\n", r, e == EINTR ? "EINTR" : "?", got[SIGUSR1], sigismember(&now, SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    /* The handler runs with its own signal and sa_mask blocked, unless SA_NODEFER. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = checkmask;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    /* (sa_mask is blocked too on Linux; qemu-user does not apply it, so it is not compared here.) */
    printf("in handler: self blocked=%d\n", nested_blocked / 10);
    sa.sa_flags = SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("SA_NODEFER: self blocked=%d\n", nested_blocked / 10);

    /* SA_RESETHAND: one delivery, then the default action is back. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = plain;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGWINCH, &sa, NULL);
    raise(SIGWINCH);
    sigaction(SIGWINCH, NULL, &old);
    printf("SA_RESETHAND: ran=%d now default=%d\n", got[SIGWINCH], old.sa_handler == SIG_DFL);
    raise(SIGWINCH);   /* default: ignored */
    printf("after default SIGWINCH: ran=%d\n", got[SIGWINCH]);

    /* SIG_IGN. */
    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    printf("ignored SIGUSR2 survived\n");

    /* sigaltstack: the handler runs on the alternate stack. */
    stack_t ss;
    ss.ss_size = 64 * 1024;
    ss.ss_sp = malloc(ss.ss_size);
    ss.ss_flags = 0;
    alt_lo = ss.ss_sp;
    alt_hi = alt_lo + ss.ss_size;
    printf("sigaltstack: %d\n", sigaltstack(&ss, NULL));
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("altstack flags outside handler=%d size_ok=%d\n", cur.ss_flags, cur.ss_size == ss.ss_size);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = onalt;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("on alt stack=%d flags in handler=%d\n", on_alt, alt_flags);
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("without SA_ONSTACK on alt stack=%d\n", on_alt);
    ss.ss_size = 100;
    r = sigaltstack(&ss, NULL);
    printf("tiny altstack: r=%d errno=%s\n", r, errno == ENOMEM ? "ENOMEM" : "?");

    /* Errors. */
    r = sigaction(SIGKILL, &sa, NULL);
    printf("sigaction(SIGKILL): r=%d errno=%s\n", r, errno == EINVAL ? "EINVAL" : "?");
    r = kill(getpid(), 99);
    printf("kill(sig 99): r=%d errno=%s\n", r, errno == EINVAL ? "EINVAL" : "?");
    r = kill(getpid(), 0);
    printf("kill(sig 0): r=%d\n", r);
    return 0;
}
