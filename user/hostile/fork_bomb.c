/* A fork bomb: every process forks until fork fails. The first process reaps them all
 * (orphans come to it), then checks that fork works again and that memory came back. */
#include <errno.h>
#include <stdio.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long freeram(void) {
    struct sysinfo si;
    sysinfo(&si);
    return si.freeram;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    unsigned long before = freeram();
    pid_t bomber = fork();
    if (bomber == 0) {
        for (;;) {
            if (fork() < 0) _exit(errno == EAGAIN ? 42 : 1);
        }
    }
    int st, eagain = 0, other = 0, reaped = 0;
    for (;;) {
        pid_t p = wait(&st);
        if (p < 0) break;
        reaped++;
        if (WIFEXITED(st) && WEXITSTATUS(st) == 42) eagain++;
        else other++;
    }
    printf("reaped %s processes\n", reaped > 100 ? "many" : "few");
    printf("fork failed with EAGAIN: %s\n", eagain > 0 ? "yes" : "no");
    printf("other endings: %d\n", other);
    pid_t c = fork();
    if (c == 0) _exit(7);
    waitpid(c, &st, 0);
    printf("fork works again: %s\n", WEXITSTATUS(st) == 7 ? "yes" : "no");
    unsigned long after = freeram();
    printf("memory back: %s\n", after + 256 * 4096UL >= before ? "yes" : "no");
    return 0;
}
