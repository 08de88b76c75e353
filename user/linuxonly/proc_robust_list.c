/* set_robust_list/get_robust_list as Linux answers them (qemu-user returns ENOSYS for
 * both), and a robust mutex whose owner thread died while another waited for it. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *err(long r) { return r >= 0 ? "ok" : strerror(errno); }

static pthread_mutex_t robust;
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int locked;
static volatile long other_tid;

static void *hold_then_die(void *arg) {
    (void)arg;
    other_tid = syscall(SYS_gettid);
    pthread_mutex_lock(&robust);
    pthread_mutex_lock(&gate);
    locked = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&gate);
    usleep(50000);   /* the main thread is waiting for the lock by now (or soon): either way it must learn */
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    void *head = NULL;
    size_t len = 0;
    long r = syscall(SYS_get_robust_list, 0, &head, &len);
    printf("get_robust_list: %s, head set: %s, len %zu\n", err(r), head ? "yes" : "no", len);
    printf("get_robust_list of no such thread: %s\n", err(syscall(SYS_get_robust_list, 999999, &head, &len)));
    printf("get_robust_list to a bad pointer: %s\n", err(syscall(SYS_get_robust_list, 0, (void *)8, &len)));
    printf("set_robust_list with a wrong size: %s\n", err(syscall(SYS_set_robust_list, head, len + 1)));
    printf("set_robust_list again: %s\n", err(syscall(SYS_set_robust_list, head, len)));

    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &ma);
    pthread_t th;
    pthread_create(&th, NULL, hold_then_die, NULL);
    pthread_mutex_lock(&gate);
    while (!locked) pthread_cond_wait(&cv, &gate);
    pthread_mutex_unlock(&gate);
    void *other_head = NULL;
    r = syscall(SYS_get_robust_list, other_tid, &other_head, &len);
    printf("get_robust_list of the other thread: %s, its own head: %s\n", err(r), other_head && other_head != head ? "yes" : "no");
    int lr = pthread_mutex_lock(&robust);   /* sleeps until the owner dies */
    printf("lock, owner died meanwhile: %s\n", lr == EOWNERDEAD ? "EOWNERDEAD" : strerror(lr));
    pthread_join(th, NULL);
    if (lr == EOWNERDEAD) pthread_mutex_consistent(&robust);
    printf("unlock: %s\n", strerror(pthread_mutex_unlock(&robust)));
    return 0;
}
