/* Faults become signals: SIGSEGV with si_code and si_addr, caught and left with siglongjmp. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>

static sigjmp_buf env;
static volatile int signo, code;
static volatile uintptr_t addr;

static void onfault(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    signo = si->si_signo;
    code = si->si_code;
    addr = (uintptr_t)si->si_addr;
    siglongjmp(env, 1);
}

static const char ro[4096] __attribute__((aligned(4096))) = "read only";

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = onfault;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);

    if (sigsetjmp(env, 1) == 0) {
        *(volatile int *)0x10 = 1;
        printf("no fault?\n");
    } else {
        printf("unmapped: signo=%d code=%s addr=0x%lx\n", signo, code == SEGV_MAPERR ? "SEGV_MAPERR" : "?", (unsigned long)addr);
    }
    if (sigsetjmp(env, 1) == 0) {
        *(volatile char *)&ro[8] = 'x';
        printf("no fault?\n");
    } else {
        printf("read-only: signo=%d code=%s addr_ok=%d\n", signo, code == SEGV_ACCERR ? "SEGV_ACCERR" : "?", addr == (uintptr_t)&ro[8]);
    }
    /* The mask was restored by siglongjmp: a second fault is caught too. */
    if (sigsetjmp(env, 1) == 0) {
        (void)*(volatile int *)0x20;
    } else {
        printf("again: signo=%d addr=0x%lx\n", signo, (unsigned long)addr);
    }
    /* Without a handler the process ends with SIGSEGV. */
    signal(SIGSEGV, SIG_DFL);
    printf("now dying\n");
    *(volatile int *)0x30 = 1;
    return 0;
}
