/* fork copies nothing up front: a child of a process with 4 MiB of data costs little memory
 * until it writes, and then about the pages it wrote. (FeuerBird only: freeram is the LibOS's.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#define SIZE (4 << 20)

static long freeram(void) {
    struct sysinfo si;
    sysinfo(&si);
    return (long)si.freeram;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    char *data = malloc(SIZE);
    memset(data, 'p', SIZE);
    long before = freeram();
    pid_t c = fork();
    if (c == 0) {
        long forked = freeram();
        printf("fork cost under 1 MiB: %s\n", before - forked < (1 << 20) ? "yes" : "no");
        long sum = 0;
        for (int i = 0; i < SIZE; i += 4096) sum += data[i];
        printf("reading costs nothing more: %s (sum ok %s)\n", forked - freeram() < (64 << 10) ? "yes" : "no",
               sum == (long)'p' * (SIZE / 4096) ? "yes" : "no");
        memset(data, 'c', SIZE);
        __asm__ volatile("" : : "r"(data) : "memory");   /* the writes must happen */
        printf("writing copies the pages: %s\n", forked - freeram() >= SIZE ? "yes" : "no");
        _exit(0);
    }
    waitpid(c, NULL, 0);
    printf("parent's data unchanged: %s\n", data[12345] == 'p' && data[SIZE - 1] == 'p' ? "yes" : "no");
    printf("child's copies freed: %s\n", before - freeram() < (256 << 10) ? "yes" : "no");
    return 0;
}
