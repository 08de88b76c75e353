#define _GNU_SOURCE
/* Timed waits: futex timeouts (relative and absolute, both clocks) under the pthread and
 * semaphore calls, and a signal cutting a futex wait short. Prints only whether each wait
 * timed out, never how long it took. */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *name(int e) {
    switch (e) {
    case 0: return "ok";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EINTR: return "EINTR";
    case EAGAIN: return "EAGAIN";
    case EINVAL: return "EINVAL";
    default: return strerror(e);
    }
}

/* A deadline ms milliseconds from now on clock c. */
static struct timespec after(clockid_t c, long ms) {
    struct timespec t;
    clock_gettime(c, &t);
    t.tv_sec += ms / 1000;
    t.tv_nsec += (ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

static long futex(int *addr, int op, int val, const struct timespec *ts, int val3) {
    return syscall(SYS_futex, addr, op, val, ts, NULL, val3);
}

static const char *futex_result(long r) { return r == 0 ? "ok" : name(errno); }

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int flag;
static sem_t sem;
static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static int word;

static void *signaller(void *arg) {
    (void)arg;
    usleep(20000);
    pthread_mutex_lock(&m);
    flag = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&m);
    return NULL;
}

static void *poster(void *arg) {
    (void)arg;
    usleep(20000);
    sem_post(&sem);
    return NULL;
}

static int hold_ms;
static void *holder(void *arg) {
    (void)arg;
    pthread_mutex_lock(&held);
    __atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
    usleep(hold_ms * 1000);
    pthread_mutex_unlock(&held);
    return NULL;
}

static long woke;
static void *waker(void *arg) {
    (void)arg;
    usleep(20000);
    __atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
    woke = futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, 0);   /* printed by main: no race on stdout */
    return NULL;
}

static volatile sig_atomic_t alarms;
static void on_alarm(int s) { (void)s; alarms++; }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pthread_t th;
    struct timespec ts;

    /* Condition variables: the default clock (realtime), a monotonic one, and a wake before the deadline. */
    pthread_mutex_lock(&m);
    ts = after(CLOCK_REALTIME, 30);
    printf("cond_timedwait realtime, nobody signals: %s\n", name(pthread_cond_timedwait(&cv, &m, &ts)));
    pthread_mutex_unlock(&m);

    pthread_condattr_t ca;
    pthread_cond_t mcv;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&mcv, &ca);
    pthread_mutex_lock(&m);
    ts = after(CLOCK_MONOTONIC, 30);
    printf("cond_timedwait monotonic, nobody signals: %s\n", name(pthread_cond_timedwait(&mcv, &m, &ts)));
    pthread_mutex_unlock(&m);

    pthread_create(&th, NULL, signaller, NULL);
    pthread_mutex_lock(&m);
    ts = after(CLOCK_REALTIME, 20000);
    int r = 0;
    while (!flag && r == 0) r = pthread_cond_timedwait(&cv, &m, &ts);
    printf("cond_timedwait signalled in time: %s, flag %d\n", name(r), flag);
    pthread_mutex_unlock(&m);
    pthread_join(th, NULL);

    ts = after(CLOCK_REALTIME, -1000);
    pthread_mutex_lock(&m);
    printf("cond_timedwait deadline passed: %s\n", name(pthread_cond_timedwait(&cv, &m, &ts)));
    pthread_mutex_unlock(&m);

    /* Semaphores. */
    sem_init(&sem, 0, 0);
    ts = after(CLOCK_REALTIME, 30);
    r = sem_timedwait(&sem, &ts);
    printf("sem_timedwait, nobody posts: %s\n", r == 0 ? "ok" : name(errno));
    pthread_create(&th, NULL, poster, NULL);
    ts = after(CLOCK_REALTIME, 20000);
    r = sem_timedwait(&sem, &ts);
    printf("sem_timedwait posted in time: %s\n", r == 0 ? "ok" : name(errno));
    pthread_join(th, NULL);
    ts = after(CLOCK_MONOTONIC, 30);
    r = sem_clockwait(&sem, CLOCK_MONOTONIC, &ts);
    printf("sem_clockwait monotonic, nobody posts: %s\n", r == 0 ? "ok" : name(errno));

    /* Mutexes held by another thread: give up at the deadline, or get it when released. */
    word = 0;
    hold_ms = 300;
    pthread_create(&th, NULL, holder, NULL);
    while (!__atomic_load_n(&word, __ATOMIC_SEQ_CST)) sched_yield();
    ts = after(CLOCK_REALTIME, 30);
    printf("mutex_timedlock, still held: %s\n", name(pthread_mutex_timedlock(&held, &ts)));
    ts = after(CLOCK_REALTIME, 20000);
    r = pthread_mutex_timedlock(&held, &ts);
    printf("mutex_timedlock, released in time: %s\n", name(r));
    if (r == 0) pthread_mutex_unlock(&held);
    pthread_join(th, NULL);

    /* The futex calls themselves. */
    word = 0;
    struct timespec rel = {0, 20000000};
    printf("FUTEX_WAIT relative: %s\n", futex_result(futex(&word, FUTEX_WAIT_PRIVATE, 0, &rel, 0)));
    printf("FUTEX_WAIT value differs: %s\n", futex_result(futex(&word, FUTEX_WAIT_PRIVATE, 5, &rel, 0)));
    struct timespec bad = {0, 1000000000L};
    printf("FUTEX_WAIT bad timeout: %s\n", futex_result(futex(&word, FUTEX_WAIT_PRIVATE, 0, &bad, 0)));
    ts = after(CLOCK_MONOTONIC, 20);
    printf("FUTEX_WAIT_BITSET monotonic: %s\n",
           futex_result(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &ts, FUTEX_BITSET_MATCH_ANY)));
    ts = after(CLOCK_REALTIME, 20);
    printf("FUTEX_WAIT_BITSET realtime: %s\n",
           futex_result(futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &ts, FUTEX_BITSET_MATCH_ANY)));
    ts = after(CLOCK_MONOTONIC, -5);
    printf("FUTEX_WAIT_BITSET past: %s\n",
           futex_result(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &ts, FUTEX_BITSET_MATCH_ANY)));
    pthread_create(&th, NULL, waker, NULL);
    rel.tv_sec = 20;
    rel.tv_nsec = 0;
    printf("FUTEX_WAIT woken before the timeout: %s\n", futex_result(futex(&word, FUTEX_WAIT_PRIVATE, 0, &rel, 0)));
    pthread_join(th, NULL);
    printf("the waker woke %ld\n", woke);

    /* A signal ends a timed futex wait with EINTR; the wait is then over for good. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    word = 0;
    struct itimerval it = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
    rel.tv_sec = 20;
    printf("FUTEX_WAIT with a signal: %s, handler ran %d\n", futex_result(futex(&word, FUTEX_WAIT_PRIVATE, 0, &rel, 0)), (int)alarms);
    printf("waiters left after EINTR: %ld\n", (long)futex(&word, FUTEX_WAKE_PRIVATE, 10, NULL, 0));
    /* With SA_RESTART a timed futex wait still fails with EINTR (Linux restarts only untimed waits). */
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    setitimer(ITIMER_REAL, &it, NULL);
    ts = after(CLOCK_MONOTONIC, 20000);
    printf("FUTEX_WAIT_BITSET with a signal, SA_RESTART: %s, handler ran %d\n",
           futex_result(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &ts, FUTEX_BITSET_MATCH_ANY)), (int)alarms);
    printf("waiters left: %ld\n", (long)futex(&word, FUTEX_WAKE_PRIVATE, 10, NULL, 0));

    /* A stop and continue in the middle of a timed wait: it goes on and times out (no EINTR). */
    pid_t c = fork();
    if (c == 0) {
        word = 0;
        rel.tv_sec = 0;
        rel.tv_nsec = 300000000;
        long fr = futex(&word, FUTEX_WAIT_PRIVATE, 0, &rel, 0);
        printf("child's FUTEX_WAIT across a stop: %s\n", futex_result(fr));
        _exit(0);
    }
    usleep(50000);
    kill(c, SIGSTOP);
    int st;
    waitpid(c, &st, WUNTRACED);
    printf("child stopped: %s\n", WIFSTOPPED(st) ? "yes" : "no");
    kill(c, SIGCONT);
    waitpid(c, &st, 0);
    printf("child exited %d\n", WEXITSTATUS(st));
    return 0;
}
