/* Unbounded recursion ends the process with SIGSEGV; its parent carries on. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int deep(int n) {
    volatile char pad[512];
    pad[0] = (char)n;
    return deep(n + 1) + pad[0];
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    /* A stack that is used only as deep as the limit allows grows within it. */
    pid_t c = fork();
    if (c == 0) _exit(deep(0) & 1);
    int st;
    waitpid(c, &st, 0);
    printf("recursing child: signaled %d, signal %d\n", WIFSIGNALED(st), WTERMSIG(st));
    printf("parent still running: yes\n");
    return 0;
}
