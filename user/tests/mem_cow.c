/* Copy-on-write after fork: each side sees its own writes; MAP_SHARED is shared, MAP_PRIVATE is not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int global = 100;
static char bss[3 * 4096];

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    char *heap = malloc(64 * 1024);
    memset(heap, 'p', 64 * 1024);
    int local = 5;
    char *priv = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int *shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    strcpy(priv, "parent private");
    shared[0] = 1;
    bss[5000] = 'b';
    volatile int *untouched_shared = shared + 1500;   /* on the second page: first touched by the child */

    pid_t c = fork();
    if (c == 0) {
        global = 200;
        local = 6;
        memset(heap, 'c', 64 * 1024);
        strcpy(priv, "child private");
        bss[5000] = 'C';
        shared[0] = 2;
        *untouched_shared = 77;
        printf("child sees: global %d local %d heap %c priv '%s' bss %c\n", global, local, heap[40000], priv, bss[5000]);
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    printf("parent sees: global %d local %d heap %c priv '%s' bss %c\n", global, local, heap[40000], priv, bss[5000]);
    printf("shared page written by child: %d, second shared page: %d\n", shared[0], *untouched_shared);

    /* The parent writes after the child is gone: its pages are its own again. */
    global = 300;
    heap[0] = 'z';
    printf("parent writes after: global %d heap %c%c\n", global, heap[0], heap[1]);

    /* Two children of one parent, each writing the same page. */
    for (int i = 0; i < 2; i++) {
        if (fork() == 0) {
            global += i + 1;
            _exit(global - 300);
        }
    }
    int sum = 0;
    for (int i = 0; i < 2; i++) {
        wait(&st);
        sum += WEXITSTATUS(st);
    }
    printf("children's private increments: %d, parent still %d\n", sum, global);
    return 0;
}
