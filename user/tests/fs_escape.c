/* Hostile paths: each argument is a path to try; prints what opening, listing and creating through it gave. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fs_common.h"

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        char buf[256] = {0};
        int fd = open(argv[i], O_RDONLY);
        if (fd >= 0) {
            long n = read(fd, buf, sizeof buf - 1);
            printf("%s: read %ld '%s'\n", argv[i], n, n > 0 ? buf : "");
            close(fd);
        } else {
            printf("%s: open %s\n", argv[i], ename(errno));
        }
        char made[512];
        snprintf(made, sizeof made, "%s/created_by_guest", argv[i]);
        fd = open(made, O_CREAT | O_WRONLY, 0644);
        printf("%s: create %s\n", made, fd >= 0 ? "ok" : ename(errno));
        if (fd >= 0) close(fd);
        printf("%s: mkdir %s\n", argv[i], mkdir(argv[i], 0755) == 0 ? "ok" : ename(errno));
        snprintf(made, sizeof made, "%s/../../../escaped_dir", argv[i]);
        printf("%s: mkdir %s\n", made, mkdir(made, 0755) == 0 ? "ok" : ename(errno));
        if (chdir(argv[i]) == 0) {
            char cwd[256];
            printf("chdir %s: cwd %s\n", argv[i], getcwd(cwd, sizeof cwd));
            chdir("/");
        }
    }
    return 0;
}
