/* What a program reads about itself in /proc: exe, cmdline, maps, fd/, stat, comm. It
 * prints the files and where its own code, data, stack, heap and mappings are, and the
 * JUnit test (LinuxOnlyProgramsTest) checks the files against those facts and Linux's
 * formats. qemu-user shows its host's view here, so this is not compared with qemu. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

static int data_word = 42;

static void dump(const char *label, const char *path) {
    char buf[65536];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: cannot open\n", label);
        return;
    }
    size_t n = 0;
    ssize_t r;
    /* Small reads, as programs do: the file must read the same in pieces. */
    while (n < sizeof buf - 1 && (r = read(fd, buf + n, 100)) > 0) n += r;
    close(fd);
    printf("%s: %zu bytes\n", label, n);
    for (size_t i = 0; i < n; i++) putchar(buf[i] == 0 ? '|' : buf[i]);
    if (n == 0 || buf[n - 1] != '\n') putchar('\n');
    printf("end %s\n", label);
}

int main(int argc, char **argv) {
    (void)argc;
    setvbuf(stdout, NULL, _IONBF, 0);
    char link[4096];
    ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
    link[n < 0 ? 0 : n] = 0;
    printf("exe: %s\n", link);
    char *real = realpath(argv[0], NULL);
    printf("argv0 real: %s\n", real ? real : "?");

    int stack_word = 1;
    void *heap = malloc(100);
    void *ro = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    void *rw = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("addr code %lx\n", (unsigned long)(void *)main);
    printf("addr data %lx\n", (unsigned long)&data_word);
    printf("addr stack %lx\n", (unsigned long)&stack_word);
    printf("addr heap %lx\n", (unsigned long)heap);
    printf("addr mmap_ro %lx\n", (unsigned long)ro);
    printf("addr mmap_rw %lx\n", (unsigned long)rw);

    int fd = open(argv[0], O_RDONLY);
    printf("opened fd %d\n", fd);
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    printf("fd dir:");
    while (d && (e = readdir(d)) != NULL) printf(" %s", e->d_name);
    printf("\n");
    if (d) closedir(d);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    n = readlink(path, link, sizeof link - 1);
    link[n < 0 ? 0 : n] = 0;
    printf("fd link: %s\n", link);

    prctl(PR_SET_NAME, "procself");
    printf("pid %d ppid %d\n", getpid(), getppid());
    dump("cmdline", "/proc/self/cmdline");
    dump("stat", "/proc/self/stat");
    dump("comm", "/proc/self/comm");
    dump("maps", "/proc/self/maps");
    return data_word == 42 ? 0 : 1;
}
