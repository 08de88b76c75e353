/* Small process calls glibc programs use: affinity, getcpu, getrusage, times, prctl names,
 * membarrier, tkill, robust futex lists (a robust mutex whose owner thread died). Prints
 * only what does not depend on the machine (not how many CPUs, not times). */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <unistd.h>

static const char *err(long r) { return r >= 0 ? "ok" : strerror(errno); }

static volatile sig_atomic_t got;
static void on_usr1(int s) { got = s; }

static pthread_mutex_t robust;
static void *die_holding(void *arg) {
    (void)arg;
    pthread_mutex_lock(&robust);
    return NULL;   /* exits still holding it */
}

static void *named(void *arg) {
    (void)arg;
    char name[16] = {0};
    prctl(PR_SET_NAME, "worker-thread-with-a-long-name");
    prctl(PR_GET_NAME, name);
    printf("thread's own name: %s\n", name);
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);

    /* Affinity: at least one CPU, and setting a mask with CPU 0 is accepted. */
    cpu_set_t set;
    CPU_ZERO(&set);
    long r = sched_getaffinity(0, sizeof set, &set);
    printf("sched_getaffinity: %s, CPUs >= 1: %s\n", err(r), CPU_COUNT(&set) >= 1 ? "yes" : "no");
    r = syscall(SYS_sched_getaffinity, 0, 4, &set);
    printf("sched_getaffinity with a 4-byte mask: %s\n", err(r));
    r = syscall(SYS_sched_getaffinity, 0, 3, &set);
    printf("sched_getaffinity with a 3-byte mask: %s\n", err(r));
    r = sched_getaffinity(999999, sizeof set, &set);
    printf("sched_getaffinity of no such thread: %s\n", err(r));
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    printf("sched_setaffinity {0}: %s\n", err(sched_setaffinity(0, sizeof set, &set)));
    CPU_ZERO(&set);
    printf("sched_setaffinity {}: %s\n", err(sched_setaffinity(0, sizeof set, &set)));
    unsigned cpu = 12345, node = 12345;
    r = syscall(SYS_getcpu, &cpu, &node, NULL);
    printf("getcpu: %s, cpu plausible: %s\n", err(r), cpu < 4096 ? "yes" : "no");

    /* Resource usage and process times: valid, whatever the numbers. */
    struct rusage ru;
    memset(&ru, 0xff, sizeof ru);
    printf("getrusage(SELF): %s, utime sane: %s\n", err(getrusage(RUSAGE_SELF, &ru)),
           ru.ru_utime.tv_sec >= 0 && ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000 ? "yes" : "no");
    printf("getrusage(CHILDREN): %s\n", err(getrusage(RUSAGE_CHILDREN, &ru)));
    printf("getrusage(THREAD): %s\n", err(getrusage(RUSAGE_THREAD, &ru)));
    printf("getrusage(42): %s\n", err(getrusage(42, &ru)));
    struct tms t;
    memset(&t, 0xff, sizeof t);
    clock_t c = times(&t);
    printf("times: %s, fields sane: %s\n", c == (clock_t)-1 ? strerror(errno) : "ok",
           t.tms_utime >= 0 && t.tms_stime >= 0 && t.tms_cutime >= 0 && t.tms_cstime >= 0 ? "yes" : "no");
    printf("times(NULL): %s\n", times(NULL) == (clock_t)-1 ? strerror(errno) : "ok");

    /* prctl: the thread's name, cut to 15 bytes. */
    char name[32] = {0};
    printf("PR_SET_NAME: %s\n", err(prctl(PR_SET_NAME, "misc-test")));
    prctl(PR_GET_NAME, name);
    printf("PR_GET_NAME: %s\n", name);
    prctl(PR_SET_NAME, "a-name-longer-than-fifteen");
    memset(name, 0, sizeof name);
    prctl(PR_GET_NAME, name);
    printf("long name read back: %s (%zu bytes)\n", name, strlen(name));
    pthread_t th;
    pthread_create(&th, NULL, named, NULL);
    pthread_join(th, NULL);
    memset(name, 0, sizeof name);
    prctl(PR_GET_NAME, name);
    printf("main's name unchanged: %s\n", name);
    printf("prctl(unknown): %s\n", err(prctl(0x7fff, 0, 0, 0, 0)));
    printf("PR_GET_DUMPABLE: %ld\n", (long)prctl(PR_GET_DUMPABLE));

    /* membarrier: a private expedited barrier needs registering first. */
    r = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    printf("membarrier query: %s, private expedited offered: %s\n", err(r),
           r >= 0 && (r & MEMBARRIER_CMD_PRIVATE_EXPEDITED) ? "yes" : "no");
    printf("membarrier private expedited, unregistered: %s\n",
           err(syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0)));
    printf("membarrier register: %s\n", err(syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0)));
    printf("membarrier private expedited: %s\n", err(syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0)));
    printf("membarrier bad flags: %s\n", err(syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 1, 0)));

    /* tkill to oneself. */
    signal(SIGUSR1, on_usr1);
    r = syscall(SYS_tkill, (long)syscall(SYS_gettid), SIGUSR1);
    printf("tkill self: %s, handler got %d\n", err(r), (int)got);
    printf("tkill of no such thread: %s\n", err(syscall(SYS_tkill, 999999, SIGUSR1)));
    printf("tkill with a bad signal: %s\n", err(syscall(SYS_tkill, (long)syscall(SYS_gettid), 99)));

    /* A robust mutex whose owner thread died. (What set/get_robust_list return is in
     * user/linuxonly/proc_robust_list: qemu-user lacks them, and glibc then does this itself.) */
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &ma);
    pthread_create(&th, NULL, die_holding, NULL);
    pthread_join(th, NULL);
    int lr = pthread_mutex_lock(&robust);
    printf("lock of a robust mutex whose owner died: %s\n", lr == EOWNERDEAD ? "EOWNERDEAD" : strerror(lr));
    if (lr == EOWNERDEAD) {
        printf("consistent: %s\n", strerror(pthread_mutex_consistent(&robust)));
        printf("unlock: %s\n", strerror(pthread_mutex_unlock(&robust)));
        printf("lock again: %s\n", strerror(pthread_mutex_lock(&robust)));
        pthread_mutex_unlock(&robust);
    }
    return 0;
}
