/* Kill a child blocked in pause(), reap it, fork again: the new child must have its own
 * copy-on-write memory. (Once, a TLB flush left the parent filling translations under a tag
 * that the next child's address space received, so that child ran on the parent's pages.) */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int st;
    for (int round = 0; round < 8; round++) {
        pid_t c = fork();
        if (c == 0) for (;;) pause();
        for (int i = 0; i < 5; i++) usleep(1000);
        kill(c, SIGKILL);
        waitpid(c, &st, 0);
        volatile int mine = round;
        c = fork();
        if (c == 0) _exit(mine + 10);
        mine = -1;   /* the parent's write after fork: the child must not see it */
        pid_t r = waitpid(c, &st, 0);
        printf("round %d: first child killed by %d, second reaped=%d exited %d\n",
               round, 9, r == c, WEXITSTATUS(st));
    }
    return 0;
}
