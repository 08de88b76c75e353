// fs_chroot.c — chroot(2): absolute paths and absolute link targets start at the new root,
// ".." stops there, the working directory stays until a chdir, and the root is inherited by
// fork and kept across exec. busybox's mdev tests run `chroot DIR /mdev`.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, const char *path) {
    char buf[64] = "";
    int fd = open(path, O_RDONLY);
    if (fd < 0) { printf("%s %s: %s\n", what, path, strerror(errno)); return; }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    printf("%s %s: %s", what, path, buf);
}

static void cwd(const char *what) {
    char buf[256];
    if (getcwd(buf, sizeof buf)) printf("%s: cwd %s\n", what, buf);
    else printf("%s: getcwd %s\n", what, strerror(errno));
}

static void put(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) < 0) { perror(path); exit(1); }
    close(fd);
}

int main(int argc, char **argv) {
    (void)argv;
    setvbuf(stdout, NULL, _IONBF, 0);   // children print, fork and exec: nothing may wait in a buffer
    if (argc > 1) {   // run again by exec inside the jail: is the root still the jail's?
        show("after exec", "/d/f");
        cwd("after exec");
        return 0;
    }
    char jail[] = "/tmp/fs_chroot.XXXXXX";
    if (!mkdtemp(jail)) { perror("mkdtemp"); return 1; }
    char path[128];
    snprintf(path, sizeof path, "%s/d", jail);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/d/f", jail);
    put(path, "inside\n");
    snprintf(path, sizeof path, "%s/abs", jail);
    if (symlink("/d/f", path) < 0) perror("symlink");
    snprintf(path, sizeof path, "%s/up", jail);
    if (symlink("../../../d", path) < 0) perror("symlink");
    put("/tmp/fs_chroot_outside", "outside\n");
    // This program, copied into the jail, so that the chrooted child can exec it there.
    snprintf(path, sizeof path, "%s/prog", jail);
    int in = open("/proc/self/exe", O_RDONLY), out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    char buf[65536];
    ssize_t n;
    if (in < 0 || out < 0) { perror("copy"); return 1; }
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, n) != n) { perror("write"); return 1; }
    close(in);
    close(out);
    printf("chroot missing: %s\n", chroot("/nonexistent/dir") < 0 ? strerror(errno) : "ok");
    printf("chroot file: %s\n", chroot("/tmp/fs_chroot_outside") < 0 ? strerror(errno) : "ok");

    pid_t pid = fork();
    if (pid == 0) {
        if (chroot(jail) < 0) { printf("chroot: %s\n", strerror(errno)); _exit(1); }
        show("before chdir", "/d/f");
        show("before chdir", "/tmp/fs_chroot_outside");
        if (chdir("/") < 0) perror("chdir");
        cwd("chdir /");
        show("absolute link", "/abs");
        show("dot-dot", "/../../d/f");
        show("link climbing", "/up/f");
        if (chdir("..") < 0) perror("chdir ..");
        cwd("chdir ..");
        if (chdir("/d") < 0) perror("chdir /d");
        cwd("chdir /d");
        struct stat st;
        printf("stat /tmp: %s\n", stat("/tmp", &st) < 0 ? strerror(errno) : "exists");
        pid_t g = fork();
        if (g == 0) {
            show("forked child", "/d/f");
            _exit(0);
        }
        waitpid(g, NULL, 0);
        char *args[] = {"/prog", "again", NULL};
        execv("/prog", args);
        printf("execv: %s\n", strerror(errno));
        _exit(1);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("child exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    show("parent still at /", "/tmp/fs_chroot_outside");
    const char *files[] = {"prog", "abs", "up", "d/f"};
    for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", jail, files[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/d", jail);
    rmdir(path);
    rmdir(jail);
    unlink("/tmp/fs_chroot_outside");
    return 0;
}
