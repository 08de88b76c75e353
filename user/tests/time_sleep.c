/* nanosleep, clock_nanosleep (relative and absolute), clock_gettime monotonicity, sched_yield. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
    struct timespec a, b, d = {0, 2000000}, rem = {9, 9};
    clock_gettime(CLOCK_MONOTONIC, &a);
    printf("nanosleep: %d\n", nanosleep(&d, &rem));
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("slept at least 2ms: %d\n", ns(b) - ns(a) >= 2000000);
    printf("clock_nanosleep relative: %d\n", clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL));
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec until = a;
    until.tv_nsec += 3000000;
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    printf("clock_nanosleep absolute: %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL));
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("reached the deadline: %d\n", ns(b) >= ns(until));
    struct timespec past = {0, 1};
    printf("absolute in the past: %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL));
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    rt.tv_nsec += 1000000;
    if (rt.tv_nsec >= 1000000000) { rt.tv_sec++; rt.tv_nsec -= 1000000000; }
    printf("realtime absolute: %d\n", clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &rt, NULL));
    struct timespec zero = {0, 0};
    printf("zero sleep: %d\n", nanosleep(&zero, NULL));
    struct timespec bad = {0, 1000000000};
    int r = nanosleep(&bad, NULL);
    printf("bad nsec: r=%d errno=%s\n", r, errno == EINVAL ? "EINVAL" : "?");
    printf("bad clock: %d\n", clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &d, NULL) == EINVAL);

    int mono = 1;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (ns(b) < ns(a)) mono = 0;
        a = b;
    }
    printf("monotonic: %d\n", mono);
    printf("sched_yield: %d\n", sched_yield());
    return 0;
}
