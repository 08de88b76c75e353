/* Default actions: an ignored signal passes, SIGTERM ends the process (exit status 143). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    kill(getpid(), SIGCHLD);
    kill(getpid(), SIGCONT);
    printf("SIGCHLD and SIGCONT ignored by default\n");
    kill(getpid(), SIGTERM);
    printf("still alive?\n");
    return 0;
}
