/* /proc against the system calls that tell the same facts: /proc/self/stat and status
 * against getpid, getppid, getpgrp, getsid, getuid, sigprocmask and sigaction; meminfo
 * against sysinfo; mounts and statfs; fd/ and fdinfo/; task/; environ; the small system
 * files. Each check prints "name: ok" or what was wrong (LinuxOnlyProgramsTest holds the
 * expected output). qemu-user shows its host's /proc, so this runs on FeuerBird only. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#define PROC_SUPER_MAGIC 0x9fa0
#define TMPFS_MAGIC 0x01021994
#define PIPEFS_MAGIC 0x50495045

extern char **environ;
static int failures;

static void on_term(int sig) { (void)sig; }

static void check(const char *name, int ok, const char *detail) {
    if (ok) {
        printf("%s: ok\n", name);
    } else {
        printf("%s: FAIL %s\n", name, detail);
        failures++;
    }
}

static int slurp(const char *path, char *buf, size_t size) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    size_t n = 0;
    ssize_t r;
    while (n < size - 1 && (r = read(fd, buf + n, 100)) > 0) n += r;
    close(fd);
    buf[n] = 0;
    return (int)n;
}

/* Field n (1-based, as proc(5) numbers them) of a stat line. */
static long long field(const char *stat, int n) {
    const char *p = strrchr(stat, ')') + 2;
    for (int i = 3; i < n; i++) p = strchr(p, ' ') + 1;
    return strtoll(p, NULL, 10);
}

/* The value after "Key:" in a status text, as a string (up to the line's end). */
static const char *status_value(const char *status, const char *key, char *out, size_t size) {
    char k[64];
    snprintf(k, sizeof k, "\n%s:\t", key);
    const char *p = strstr(status, k);
    if (!p) p = strncmp(status, k + 1, strlen(k + 1)) == 0 ? status - 1 : NULL;
    if (!p) return "";
    p += strlen(k);
    size_t n = strcspn(p, "\n");
    if (n >= size) n = size - 1;
    memcpy(out, p, n);
    out[n] = 0;
    return out;
}

static long long meminfo(const char *text, const char *key) {
    const char *p = strstr(text, key);
    return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

static char *list_dir(const char *path, char *out, size_t size) {
    out[0] = 0;
    DIR *d = opendir(path);
    if (!d) return out;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        strncat(out, e->d_name, size - strlen(out) - 2);
        strcat(out, " ");
    }
    closedir(d);
    return out;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    char stat[1024], status[8192], buf[8192], v[256], detail[512];

    /* stat: the ids agree with the system calls; no controlling terminal here. */
    slurp("/proc/self/stat", stat, sizeof stat);
    snprintf(detail, sizeof detail, "%.500s", stat);
    check("stat pid", atoi(stat) == getpid(), detail);
    check("stat state R", strstr(stat, ") R ") != NULL, detail);
    check("stat ppid", field(stat, 4) == getppid(), detail);
    check("stat pgrp", field(stat, 5) == getpgrp(), detail);
    check("stat session", field(stat, 6) == getsid(0), detail);
    check("stat tty_nr and tpgid without a terminal", field(stat, 7) == 0 && field(stat, 8) == -1, detail);
    check("stat priority and nice", field(stat, 18) == 20 && field(stat, 19) == 0, detail);
    check("stat num_threads", field(stat, 20) == 1, detail);
    double up;
    slurp("/proc/uptime", buf, sizeof buf);
    sscanf(buf, "%lf", &up);
    check("stat starttime before now", field(stat, 22) <= (long long)(up * 100) + 1, detail);
    check("stat vsize and rss", field(stat, 23) > 0 && field(stat, 24) > 0 && field(stat, 24) * 4096 <= field(stat, 23), detail);
    check("stat startstack in the stack", field(stat, 28) > field(stat, 27), detail);

    /* status: ids, masks, threads. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    signal(SIGUSR2, SIG_IGN);
    signal(SIGTERM, on_term);
    raise(SIGUSR1);                            /* blocked: stays pending for the process */
    slurp("/proc/self/status", status, sizeof status);
    snprintf(detail, sizeof detail, "%.500s", status);
    char want[64];
    snprintf(want, sizeof want, "%d", getpid());
    check("status Pid and Tgid", strcmp(status_value(status, "Pid", v, sizeof v), want) == 0
          && strcmp(status_value(status, "Tgid", v, sizeof v), want) == 0, detail);
    snprintf(want, sizeof want, "%d", getppid());
    check("status PPid", strcmp(status_value(status, "PPid", v, sizeof v), want) == 0, detail);
    snprintf(want, sizeof want, "%d\t%d\t%d\t%d", getuid(), geteuid(), getuid(), getuid());
    check("status Uid", strcmp(status_value(status, "Uid", v, sizeof v), want) == 0, detail);
    check("status Name", strcmp(status_value(status, "Name", v, sizeof v), "proc_system") == 0, detail);
    check("status State", strcmp(status_value(status, "State", v, sizeof v), "R (running)") == 0, detail);
    check("status Umask", strcmp(status_value(status, "Umask", v, sizeof v), "0022") == 0, detail);
    check("status SigBlk is the mask", strcmp(status_value(status, "SigBlk", v, sizeof v), "0000000000000200") == 0, detail);
    check("status SigIgn has SIGUSR2", strtoull(status_value(status, "SigIgn", v, sizeof v), NULL, 16) & (1 << (SIGUSR2 - 1)), detail);
    check("status SigCgt has SIGTERM", strtoull(status_value(status, "SigCgt", v, sizeof v), NULL, 16) & (1 << (SIGTERM - 1)), detail);
    check("status a pending signal", strcmp(status_value(status, "ShdPnd", v, sizeof v), "0000000000000000") != 0
          || strcmp(status_value(status, "SigPnd", v, sizeof v), "0000000000000000") != 0, detail);
    check("status Threads", strcmp(status_value(status, "Threads", v, sizeof v), "1") == 0, detail);
    check("status VmRSS within VmSize", atoll(status_value(status, "VmRSS", v, sizeof v)) > 0
          && atoll(status_value(status, "VmRSS", v, sizeof v)) <= atoll(status_value(status, "VmSize", buf, sizeof buf)), detail);
    check("status VmStk is the stack", atoll(status_value(status, "VmStk", v, sizeof v)) >= 128, detail);
    signal(SIGTERM, SIG_DFL);
    signal(SIGUSR1, SIG_IGN);   /* discards the pending one: its default would end us */
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    slurp("/proc/self/statm", buf, sizeof buf);
    long long size, resident;
    sscanf(buf, "%lld %lld", &size, &resident);
    check("statm size and resident", size * 4096 == field(stat, 23) || (size > 0 && resident > 0 && resident <= size), buf);

    /* meminfo against sysinfo. */
    struct sysinfo si;
    sysinfo(&si);
    slurp("/proc/meminfo", buf, sizeof buf);
    snprintf(detail, sizeof detail, "%.300s", buf);
    check("meminfo MemTotal is sysinfo's totalram", meminfo(buf, "MemTotal:") == (long long)si.totalram * si.mem_unit / 1024, detail);
    check("meminfo MemFree within MemTotal", meminfo(buf, "MemFree:") > 0 && meminfo(buf, "MemFree:") < meminfo(buf, "MemTotal:"), detail);
    check("meminfo no swap", meminfo(buf, "SwapTotal:") == 0 && meminfo(buf, "SwapFree:") == 0 && si.totalswap == 0, detail);
    check("sysinfo counts processes", si.procs >= 1 && si.uptime >= 0, detail);

    /* A file in tmpfs shows as Shmem. */
    long long shmem0 = meminfo(buf, "Shmem:");
    int shm = open("/dev/shm/proc_system_test", O_RDWR | O_CREAT | O_TRUNC, 0600);
    static char block[1 << 20];
    memset(block, 1, sizeof block);
    write(shm, block, sizeof block);
    slurp("/proc/meminfo", buf, sizeof buf);
    check("tmpfs contents are Shmem", meminfo(buf, "Shmem:") >= shmem0 + 1024, detail);
    struct statfs sf;
    statfs("/dev/shm", &sf);
    check("statfs /dev/shm is tmpfs with room", sf.f_type == TMPFS_MAGIC && sf.f_blocks > 0 && sf.f_bfree < sf.f_blocks, "");
    struct statfs ff;
    fstatfs(shm, &ff);
    check("fstatfs of a tmpfs file", ff.f_type == TMPFS_MAGIC && ff.f_blocks == sf.f_blocks, "");
    close(shm);
    unlink("/dev/shm/proc_system_test");
    check("statfs /proc is procfs", statfs("/proc", &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC && sf.f_blocks == 0, "");
    check("statfs /proc/self/status is procfs", statfs("/proc/self/status", &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC, "");
    int p[2];
    pipe(p);
    check("fstatfs of a pipe is pipefs", fstatfs(p[0], &sf) == 0 && sf.f_type == PIPEFS_MAGIC, "");
    check("statfs of nothing", statfs("/no/such/dir", &sf) == -1, "");

    /* mounts. */
    slurp("/proc/mounts", buf, sizeof buf);
    snprintf(detail, sizeof detail, "%.500s", buf);
    check("mounts lists /proc", strstr(buf, "proc /proc proc rw,nosuid,nodev,noexec") != NULL, detail);
    check("mounts lists /dev/shm", strstr(buf, " /dev/shm tmpfs rw") != NULL, detail);
    check("mounts lines end in 0 0", strstr(buf, " 0 0\n") != NULL, detail);
    char self_mounts[8192];
    slurp("/proc/self/mounts", self_mounts, sizeof self_mounts);
    check("self/mounts is mounts", strcmp(buf, self_mounts) == 0, detail);
    readlink("/proc/mounts", v, sizeof v);
    check("mounts is a link to self/mounts", strncmp(v, "self/mounts", 11) == 0, "");

    /* fd/ and fdinfo/. */
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    char fds[256];
    list_dir("/proc/self/fd", fds, sizeof fds);
    snprintf(want, sizeof want, "0 1 2 %d %d %d ", p[0], p[1], null);
    check("fd lists the open descriptors", strcmp(fds, want) == 0, fds);
    snprintf(v, sizeof v, "/proc/self/fdinfo/%d", null);
    slurp(v, buf, sizeof buf);
    check("fdinfo flags", strstr(buf, "flags:\t02000001\n") != NULL && strncmp(buf, "pos:\t0\n", 7) == 0, buf);
    snprintf(v, sizeof v, "/proc/self/fd/%d", p[0]);
    char target[64] = "";
    readlink(v, target, sizeof target - 1);
    check("fd link of a pipe", strncmp(target, "pipe:[", 6) == 0, target);
    close(null);

    /* task/ and the thread's own directory. */
    list_dir("/proc/self/task", fds, sizeof fds);
    snprintf(want, sizeof want, "%d ", getpid());
    check("task lists the thread", strcmp(fds, want) == 0, fds);
    snprintf(v, sizeof v, "/proc/self/task/%d/stat", getpid());
    check("task/TID/stat", slurp(v, buf, sizeof buf) > 0 && atoi(buf) == getpid(), buf);

    /* environ and cmdline. */
    int n = slurp("/proc/self/environ", buf, sizeof buf);
    check("environ starts with the environment", environ[0] == NULL ? n == 0 : strcmp(buf, environ[0]) == 0, buf);

    /* Small system files. */
    slurp("/proc/cpuinfo", buf, sizeof buf);
    check("cpuinfo", strncmp(buf, "processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc", 40) == 0 && strstr(buf, "mmu\t\t: sv39\n"), buf);
    slurp("/proc/version", buf, sizeof buf);
    check("version", strncmp(buf, "Linux version ", 14) == 0, buf);
    slurp("/proc/sys/kernel/ostype", buf, sizeof buf);
    check("sys/kernel/ostype", strcmp(buf, "Linux\n") == 0, buf);
    slurp("/proc/filesystems", buf, sizeof buf);
    check("filesystems", strstr(buf, "nodev\tproc\n") && strstr(buf, "nodev\ttmpfs\n"), buf);
    char link[64] = "";
    readlink("/proc/thread-self", link, sizeof link - 1);
    snprintf(want, sizeof want, "%d/task/%d", getpid(), getpid());
    check("thread-self", strcmp(link, want) == 0, link);
    list_dir("/proc", buf, sizeof buf);
    snprintf(want, sizeof want, "%d ", getpid());
    check("/proc lists this process", strncmp(buf, want, strlen(want)) == 0 || strstr(buf, want), buf);
    return failures != 0;
}
