/* Thread ends: pthread_exit values, detached threads, fork from a thread, exit with threads blocked. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static volatile int detached_ran;

static void *exits_early(void *arg) {
    pthread_exit((void *)((long)arg + 1));
    return NULL;
}

static void *detached(void *arg) {
    (void)arg;
    detached_ran = 1;
    return NULL;
}

static void *blocks_forever(void *arg) {
    (void)arg;
    pthread_mutex_lock(&m);
    for (;;) pthread_cond_wait(&never, &m);
    return NULL;
}

static void *forks(void *arg) {
    (void)arg;
    pid_t c = fork();
    if (c == 0) _exit(21);
    int st;
    waitpid(c, &st, 0);
    return (void *)(long)WEXITSTATUS(st);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pthread_t t;
    void *r;
    pthread_create(&t, NULL, exits_early, (void *)41);
    pthread_join(t, &r);
    printf("pthread_exit value %ld\n", (long)r);

    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_create(&t, &a, detached, NULL);
    while (!detached_ran) sched_yield();
    printf("detached thread ran\n");

    pthread_create(&t, NULL, forks, NULL);
    pthread_join(t, &r);
    printf("child forked by a thread exited %ld\n", (long)r);

    /* A process with a thread blocked forever still exits with its status. */
    pid_t c = fork();
    if (c == 0) {
        for (int i = 0; i < 3; i++) pthread_create(&t, NULL, blocks_forever, NULL);
        sched_yield();
        exit(3);
    }
    int st;
    waitpid(c, &st, 0);
    printf("process with blocked threads exited %d\n", WEXITSTATUS(st));

    /* The main thread leaves with pthread_exit; the last thread's exit ends the process. */
    c = fork();
    if (c == 0) {
        pthread_create(&t, NULL, exits_early, (void *)1);
        pthread_exit(NULL);
    }
    waitpid(c, &st, 0);
    printf("main thread pthread_exit: process exited %d\n", WEXITSTATUS(st));
    return 0;
}
