/* A read blocked on an empty pipe and a timer signal: EINTR without SA_RESTART; with it,
 * the read is restarted and returns what the handler wrote into the pipe. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static int fds[2];
static volatile int fired;

static void on_alarm(int sig) {
    (void)sig;
    fired++;
    if (write(fds[1], "!", 1) != 1) _exit(3);
}

static void arm(void) {
    struct itimerval t = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &t, NULL);
}

static void try_read(int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, NULL);
    char c = 0;
    arm();
    ssize_t n = read(fds[0], &c, 1);
    int e = errno;
    if (n < 0) {
        printf("%s: read -> -1 %s\n", flags ? "SA_RESTART" : "no SA_RESTART", strerror(e));
        if (read(fds[0], &c, 1) == 1) printf("  then the byte: %c\n", c);
    } else {
        printf("%s: read -> %zd '%c'\n", flags ? "SA_RESTART" : "no SA_RESTART", n, c);
    }
}

int main(void) {
    if (pipe(fds) != 0) return 1;
    try_read(0);
    try_read(SA_RESTART);
    printf("handler ran %d times\n", fired);
    return 0;
}
