/* Interval timers: alarm/setitimer interrupt pause() with EINTR; the default SIGALRM ends the process. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile int alarms;
static void onalarm(int sig) { (void)sig; alarms++; }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = onalarm;
    sigaction(SIGALRM, &sa, NULL);

    struct itimerval it = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
    int r = pause();
    printf("pause: r=%d errno=%s alarms=%d\n", r, errno == EINTR ? "EINTR" : "?", alarms);

    /* An interval timer fires again and again. */
    struct itimerval every = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_REAL, &every, NULL);
    while (alarms < 4) pause();
    struct itimerval cur;
    getitimer(ITIMER_REAL, &cur);
    printf("interval: alarms>=4 interval_usec=%ld armed=%d\n", (long)cur.it_interval.tv_usec, cur.it_value.tv_sec != 0 || cur.it_value.tv_usec != 0);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    getitimer(ITIMER_REAL, &cur);
    printf("disarmed: %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);

    /* alarm() returns the seconds left of the previous alarm. */
    alarm(100);
    printf("alarm left: %u\n", alarm(0));

    /* A signal arriving while the handler mask blocks nothing: busy loop until it comes. */
    setitimer(ITIMER_REAL, &it, NULL);
    int before = alarms;
    while (alarms == before) { }
    printf("busy loop interrupted\n");

    /* Default action: the process ends with SIGALRM (exit status 142). */
    signal(SIGALRM, SIG_DFL);
    setitimer(ITIMER_REAL, &it, NULL);
    pause();
    printf("not reached\n");
    return 0;
}
