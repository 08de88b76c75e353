/* CPU accounting seen from inside: a busy loop's user time grows in /proc/self/stat,
 * times(), getrusage() and CLOCK_PROCESS_CPUTIME_ID alike, and they agree with each other;
 * a sleep costs (almost) no CPU time; a waited-for child's time lands in cutime and
 * RUSAGE_CHILDREN; a zombie shows as Z; a second thread has its own clock; /proc/stat,
 * /proc/uptime and /proc/loadavg are consistent. Only orderings and bounds are checked,
 * never wall-clock durations. Each check prints "name: ok" or what was wrong
 * (LinuxOnlyProgramsTest holds the expected output). qemu-user shows its host's /proc. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TICK_NS 10000000LL   /* USER_HZ 100 */

static int failures;

static void check(const char *name, int ok, const char *fmt, long long a, long long b) {
    if (ok) {
        printf("%s: ok\n", name);
    } else {
        printf("%s: FAIL ", name);
        printf(fmt, a, b);
        printf("\n");
        failures++;
    }
}

static long long clock_ns(clockid_t c) {
    struct timespec ts;
    if (clock_gettime(c, &ts) != 0) return -1;
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int slurp(const char *path, char *buf, size_t size) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = 0;
    fclose(f);
    return (int)n;
}

/* Field n (1-based, as proc(5) numbers them) of /proc/<who>/stat. */
static long long stat_field(const char *who, int n) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%s/stat", who);
    if (slurp(path, buf, sizeof buf) < 0) return -1;
    if (n == 3) return *(strrchr(buf, ')') + 2);
    char *p = strrchr(buf, ')') + 2;   /* at field 3 */
    for (int i = 3; i < n; i++) p = strchr(p, ' ') + 1;
    return strtoll(p, NULL, 10);
}

static volatile unsigned long sink;

/* Spins until the process's CPU clock has advanced by at least ns. */
static void burn(long long ns) {
    long long start = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    while (clock_ns(CLOCK_PROCESS_CPUTIME_ID) - start < ns) {
        for (int i = 0; i < 20000; i++) sink += i * 7;
    }
}

static void *thread_burn(void *arg) {
    (void)arg;
    long long start = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    while (clock_ns(CLOCK_THREAD_CPUTIME_ID) - start < 50 * 1000000LL) {
        for (int i = 0; i < 20000; i++) sink += i;
    }
    return (void *)(long)clock_ns(CLOCK_THREAD_CPUTIME_ID);
}

static long long rusage_ns(int who) {
    struct rusage ru;
    if (getrusage(who, &ru) != 0) return -1;
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);

    /* A busy loop: user time grows everywhere, and the views agree. */
    long long c0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    long long u0 = stat_field("self", 14), s0 = stat_field("self", 15);
    burn(300 * 1000000LL);
    long long c1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    long long u1 = stat_field("self", 14), s1 = stat_field("self", 15);
    long long c2 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    check("cputime advances", c0 >= 0 && c1 - c0 >= 300 * 1000000LL, "%lld -> %lld", c0, c1);
    check("stat utime grows", u1 > u0, "%lld -> %lld", u0, u1);
    check("busy loop is mostly user time", u1 - u0 > s1 - s0, "user %lld system %lld ticks", u1 - u0, s1 - s0);
    long long stat_ns = (u1 + s1) * TICK_NS;
    check("stat times match the cpu clock", stat_ns <= c2 && stat_ns > c1 - 2 * TICK_NS, "stat %lld clock %lld", stat_ns, c1);

    struct tms t;
    long long before = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    clock_t r = times(&t);
    long long after = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    long long times_ns = (t.tms_utime + t.tms_stime) * TICK_NS;
    check("times() matches the cpu clock", times_ns <= after && times_ns > before - 2 * TICK_NS, "times %lld clock %lld", times_ns, before);
    check("times() returns the clock in ticks", r != (clock_t)-1 && r >= t.tms_utime + t.tms_stime, "%lld < %lld", (long long)r,
          (long long)(t.tms_utime + t.tms_stime));
    check("no children yet", t.tms_cutime == 0 && t.tms_cstime == 0, "cutime %lld cstime %lld", (long long)t.tms_cutime,
          (long long)t.tms_cstime);

    before = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    long long ru = rusage_ns(RUSAGE_SELF), rt = rusage_ns(RUSAGE_THREAD);
    after = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    check("getrusage(SELF) matches the cpu clock", ru >= before - 1000 && ru <= after, "rusage %lld clock %lld", ru, before);
    check("one thread: RUSAGE_THREAD is SELF", rt >= before - 1000 && rt <= after, "thread %lld clock %lld", rt, before);
    long long tc = clock_ns(CLOCK_THREAD_CPUTIME_ID), pc = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    check("thread clock <= process clock", tc > 0 && tc <= pc, "thread %lld process %lld", tc, pc);
    struct rusage rs;
    getrusage(RUSAGE_SELF, &rs);
    check("minor faults and max rss counted", rs.ru_minflt > 0 && rs.ru_maxrss > 0, "minflt %lld maxrss %lld",
          (long long)rs.ru_minflt, (long long)rs.ru_maxrss);

    /* Sleeping takes no CPU time, and leaving the hart asleep is a voluntary switch. */
    long long nv0 = rs.ru_nvcsw;
    before = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    struct timespec nap = {0, 100 * 1000000L};
    nanosleep(&nap, NULL);
    after = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    check("a sleep costs less cpu than it lasts", after - before < 100 * 1000000LL, "%lld ns for %lld ns", after - before,
          100 * 1000000LL);
    getrusage(RUSAGE_SELF, &rs);
    check("sleeping is a voluntary switch", rs.ru_nvcsw > nv0, "%lld -> %lld", nv0, (long long)rs.ru_nvcsw);

    /* A child: its time goes to the parent's cutime when it is waited for, not before. */
    int pipefd[2];
    pipe(pipefd);
    long long parent_before = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    pid_t child = fork();
    if (child == 0) {
        burn(200 * 1000000LL);
        long long mine = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
        write(pipefd[1], &mine, sizeof mine);
        _exit(0);
    }
    long long child_cpu = 0;
    read(pipefd[0], &child_cpu, sizeof child_cpu);
    siginfo_t si;
    waitid(P_PID, child, &si, WEXITED | WNOWAIT);
    char who[32];
    snprintf(who, sizeof who, "%d", child);
    check("an unwaited child is a zombie", stat_field(who, 3) == 'Z', "state %lld%lld", stat_field(who, 3), 0LL);
    check("its time is its own until waited for", rusage_ns(RUSAGE_CHILDREN) == 0, "children %lld ns%lld", rusage_ns(RUSAGE_CHILDREN), 0LL);
    struct rusage cr;
    int status;
    wait4(child, &status, 0, &cr);
    long long wait_ns = (cr.ru_utime.tv_sec + cr.ru_stime.tv_sec) * 1000000000LL + (cr.ru_utime.tv_usec + cr.ru_stime.tv_usec) * 1000LL;
    check("wait4 reports the child's time", wait_ns >= child_cpu - 1000, "wait4 %lld child %lld", wait_ns, child_cpu);
    long long children = rusage_ns(RUSAGE_CHILDREN);
    check("RUSAGE_CHILDREN has it after wait", children >= child_cpu - 1000 && children == wait_ns, "children %lld wait4 %lld", children,
          wait_ns);
    times(&t);
    long long ct = (t.tms_cutime + t.tms_cstime) * TICK_NS;
    check("times() cutime has it", ct <= children && ct > children - 2 * TICK_NS, "cutime %lld ns, children %lld ns", ct, children);
    check("stat cutime is times() cutime", stat_field("self", 16) == t.tms_cutime && stat_field("self", 17) == t.tms_cstime,
          "stat %lld times %lld", stat_field("self", 16), (long long)t.tms_cutime);
    long long parent_grew = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - parent_before;
    check("the child's time is not the parent's", parent_grew < child_cpu, "parent grew %lld, child used %lld", parent_grew, child_cpu);

    /* A second thread: its own clock, counted in the process's, two threads in /proc. */
    pthread_t th;
    long long p0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    pthread_create(&th, NULL, thread_burn, NULL);
    char status_text[4096];
    slurp("/proc/self/status", status_text, sizeof status_text);
    check("status counts two threads", strstr(status_text, "\nThreads:\t2\n") != NULL, "threads line missing%lld%lld", 0LL, 0LL);
    check("stat counts two threads", stat_field("self", 20) == 2, "num_threads %lld%lld", stat_field("self", 20), 0LL);
    void *ret;
    pthread_join(th, &ret);
    long long thread_cpu = (long)ret, p1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    check("the thread's time is in the process's", p1 - p0 >= thread_cpu, "process grew %lld, thread used %lld", p1 - p0, thread_cpu);
    check("the main thread's clock does not have it", clock_ns(CLOCK_THREAD_CPUTIME_ID) < p1 - thread_cpu + 1,
          "main %lld, process %lld", clock_ns(CLOCK_THREAD_CPUTIME_ID), p1);

    /* System-wide: /proc/stat's cpu line and /proc/uptime grow and agree. */
    char buf[4096];
    long long user, nice, sys, idle;
    slurp("/proc/stat", buf, sizeof buf);
    sscanf(buf, "cpu %lld %lld %lld %lld", &user, &nice, &sys, &idle);
    double up, upidle;
    slurp("/proc/uptime", buf, sizeof buf);
    sscanf(buf, "%lf %lf", &up, &upidle);
    long long self_ticks = stat_field("self", 14) + stat_field("self", 15);
    check("/proc/stat user+system covers this process", user + sys >= self_ticks, "cpu %lld, self %lld", user + sys, self_ticks);
    check("/proc/stat idle is the sleep and more", idle >= 5, "idle %lld ticks%lld", idle, 0LL);
    check("/proc/uptime: idle within uptime", upidle <= up + 0.01 && up > 0, "idle %lld up %lld", (long long)(upidle * 100),
          (long long)(up * 100));
    check("/proc/stat adds up to about the uptime", user + sys + idle <= (long long)(up * 100) + 2 && user + sys + idle >= (long long)(up * 100) - 10,
          "cpu %lld ticks, uptime %lld", user + sys + idle, (long long)(up * 100));
    slurp("/proc/stat", buf, sizeof buf);
    long long ctxt = -1, btime = -1, processes = -1, running = -1;
    for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        sscanf(l, "ctxt %lld", &ctxt);
        sscanf(l, "btime %lld", &btime);
        sscanf(l, "processes %lld", &processes);
        sscanf(l, "procs_running %lld", &running);
    }
    check("/proc/stat ctxt counts switches", ctxt > 0, "%lld%lld", ctxt, 0LL);
    check("/proc/stat btime is in the past", btime > 0 && btime <= time(NULL), "%lld now %lld", btime, (long long)time(NULL));
    check("/proc/stat processes counts forks", processes >= getpid() + 2, "%lld pid %lld", processes, (long long)getpid());
    check("/proc/stat: this thread is running", running >= 1, "%lld%lld", running, 0LL);
    double l1, l5, l15;
    int run, total, last;
    slurp("/proc/loadavg", buf, sizeof buf);
    int got = sscanf(buf, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &run, &total, &last);
    check("/proc/loadavg reads as Linux's", got == 6 && run >= 1 && total >= run && last >= getpid() && l1 >= 0 && l15 >= 0,
          "fields %lld: %lld", got, 0LL);
    return failures != 0;
}
