/* vfork-style process creation: posix_spawn (clone with CLONE_VM|CLONE_VFORK) and vfork. */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1) {
        printf("spawned child says %s\n", argv[1]);
        return 4;
    }
    pid_t pid;
    char *args[] = {argv[0], "hello", NULL};
    int r = posix_spawn(&pid, argv[0], NULL, NULL, args, environ);
    int st;
    waitpid(pid, &st, 0);
    printf("posix_spawn: %d, child status %d\n", r, WEXITSTATUS(st));

    pid = vfork();
    if (pid == 0) _exit(6);   /* (no output: qemu-user runs vfork as fork, so the order would differ) */
    waitpid(pid, &st, 0);
    printf("vfork child status %d\n", WEXITSTATUS(st));
    return 0;
}
