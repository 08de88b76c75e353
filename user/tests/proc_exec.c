/* execve: same pid, arguments and environment, close-on-exec, errors; fork+exec+wait chains;
   exec of /proc/self/exe. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, int r) {
    printf("%-28s -> %d %s\n", what, r, r < 0 ? strerror(errno) : "");
}

int main(int argc, char **argv, char **envp) {
    (void)envp;
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc >= 2 && strcmp(argv[1], "after") == 0) {
        printf("after exec: argc %d, argv[2] %s\n", argc, argv[2]);
        printf("same pid as before exec: %s\n", atoi(argv[3]) == getpid() ? "yes" : "no");
        printf("env FEUER=%s, PATH set: %s\n", getenv("FEUER") ? getenv("FEUER") : "(none)", getenv("PATH") ? "yes" : "no");
        int keep = atoi(argv[4]), gone = atoi(argv[5]);
        printf("plain fd still open: %s\n", fcntl(keep, F_GETFD) >= 0 ? "yes" : "no");
        errno = 0;
        printf("close-on-exec fd closed: %s\n", fcntl(gone, F_GETFD) < 0 && errno == EBADF ? "yes" : "no");
        return 7;
    }
    if (argc >= 2 && strcmp(argv[1], "self") == 0) {
        printf("exec of /proc/self/exe: argv[0] %s\n", argv[0]);
        return 5;
    }
    if (argc >= 2 && strcmp(argv[1], "chain") == 0) {
        int depth = atoi(argv[2]);
        if (depth == 0) return 1;
        pid_t c = fork();
        if (c == 0) {
            char d[16];
            snprintf(d, sizeof d, "%d", depth - 1);
            char *args[] = {argv[0], "chain", d, NULL};
            execv(argv[0], args);
            _exit(100);
        }
        int st;
        waitpid(c, &st, 0);
        return WEXITSTATUS(st) + 1;
    }

    int keep = open("/", O_RDONLY | O_DIRECTORY);
    int gone = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    pid_t c = fork();
    if (c == 0) {
        char pid[16], k[16], g[16];
        snprintf(pid, sizeof pid, "%d", getpid());
        snprintf(k, sizeof k, "%d", keep);
        snprintf(g, sizeof g, "%d", gone);
        char *args[] = {argv[0], "after", "second", pid, k, g, NULL};
        char *env[] = {"FEUER=bird", "PATH=/bin", NULL};
        execve(argv[0], args, env);
        _exit(99);
    }
    int st;
    waitpid(c, &st, 0);
    printf("exec'd child exit status %d\n", WEXITSTATUS(st));

    char *none[] = {NULL};
    show("execve missing file", execve("/no/such/program", none, none));
    show("execve a directory", execve("/", none, none));
    char *badpath = (char *)8;
    __asm__ volatile("" : "+r"(badpath));
    show("execve bad path pointer", execve(badpath, none, none));
    static char big[200000];
    memset(big, 'x', sizeof big - 1);
    char *bigargs[] = {argv[0], big, NULL};
    show("execve a too long argument", execve(argv[0], bigargs, none));
    const char *txt = "/tmp/feuerbird-proc-exec-text", *plain = "/tmp/feuerbird-proc-exec-plain";
    int fd = open(txt, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    int fd2 = open(plain, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0 && fd2 >= 0) {
        if (write(fd, "just text\n", 10) != 10 || write(fd2, "just text\n", 10) != 10) printf("short write\n");
        close(fd);
        close(fd2);
        show("execve a text file", execve(txt, none, none));
        show("execve a non-executable", execve(plain, none, none));
    }
    unlink(txt);
    unlink(plain);

    c = fork();
    if (c == 0) {
        char *args[] = {argv[0], "chain", "4", NULL};
        execv(argv[0], args);
        _exit(100);
    }
    waitpid(c, &st, 0);
    printf("fork/exec chain of 4: status %d\n", WEXITSTATUS(st));

    // The way busybox runs its applets: exec the running program again by its procfs link.
    c = fork();
    if (c == 0) {
        char *args[] = {"applet", "self", NULL};
        execv("/proc/self/exe", args);
        _exit(100);
    }
    waitpid(c, &st, 0);
    printf("exec of /proc/self/exe: status %d\n", WEXITSTATUS(st));
    return 0;
}
