/* mkdirat, unlinkat (AT_REMOVEDIR), getdents64 (sorted), lseek/rewind on directories, chdir/fchdir/getcwd, renameat2. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fs_common.h"

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path) {
    DIR *d = opendir(path);
    if (!d) { printf("opendir %s: %s\n", path, ename(errno)); return; }
    char *names[64]; int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) names[n++] = strdup(e->d_name);
    qsort(names, n, sizeof names[0], cmp);
    printf("%s:", path);
    for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
    rewinddir(d);
    int again = 0;
    while (readdir(d)) again++;
    printf("after rewind %d entries\n", again);
    closedir(d);
}

int main(void) {
    char dir[] = "/tmp/fsdirsXXXXXX";
    if (!mkdtemp(dir)) return 1;
    if (chdir(dir) < 0) return 2;
    umask(022);
    CHECK("mkdir d", mkdir("d", 0755));
    CHECK("mkdir d again", mkdir("d", 0755));
    CHECK("mkdir d/e/f", mkdir("d/e/f", 0755));
    CHECK("mkdir d/e", mkdir("d/e", 0700));
    CHECK("mkdir trailing slash", mkdir("d/g/", 0755));
    struct stat st;
    stat("d/e", &st);
    printf("d/e mode %o\n", st.st_mode);
    close(open("d/file", O_CREAT | O_WRONLY, 0644));
    list("d");
    CHECK("rmdir nonempty", rmdir("d"));
    CHECK("rmdir file", rmdir("d/file"));
    CHECK("unlink dir", unlink("d/e"));
    CHECK("rmdir dot", rmdir("d/e/."));
    CHECK("rmdir missing", rmdir("d/zz"));
    CHECK("open file/", open("d/file/", O_RDONLY));
    CHECK("stat file/", stat("d/file/", &st));
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK("mkdirat", mkdirat(dfd, "h", 0755));
    CHECK("unlinkat dir without flag", unlinkat(dfd, "h", 0));
    CHECK("unlinkat AT_REMOVEDIR", unlinkat(dfd, "h", AT_REMOVEDIR));
    CHECK("unlinkat bad flag", unlinkat(dfd, "h", 0x1));
    CHECK("openat relative", close(openat(dfd, "file", O_RDONLY)));
    int ffd = open("d/file", O_RDONLY);
    CHECK("openat with file as dirfd", openat(ffd, "x", O_RDONLY));
    CHECK("fchdir file", fchdir(ffd));
    CHECK("fchdir dir", fchdir(dfd));
    char cwd[256];
    getcwd(cwd, sizeof cwd);
    printf("cwd ends with /d: %d\n", strlen(cwd) > 2 && strcmp(cwd + strlen(cwd) - 2, "/d") == 0);
    CHECK("getcwd small", syscall(SYS_getcwd, cwd, 2));
    CHECK("chdir ..", chdir(".."));
    CHECK("chdir file", chdir("d/file"));
    CHECK("chdir missing", chdir("missing"));
    char buf[8];
    CHECK("read dir", read(dfd, buf, 8));
    VALUE("lseek dir", lseek(dfd, 0, SEEK_SET));
    CHECK("getdents on file", syscall(SYS_getdents64, ffd, buf, 8));
    /* rename */
    CHECK("rename file", rename("d/file", "d/file2"));
    CHECK("rename missing", rename("d/file", "d/file3"));
    CHECK("rename dir over file", rename("d/e", "d/file2"));
    CHECK("rename file over dir", rename("d/file2", "d/e"));
    mkdir("d/e/sub", 0755);
    mkdir("d/x", 0755);
    CHECK("rename dir over nonempty", rename("d/x", "d/e"));
    CHECK("rename dir into itself", rename("d/e", "d/e/sub/in"));
    CHECK("rename dir over empty dir", rename("d/e", "d/x"));
    close(open("d/y", O_CREAT | O_WRONLY, 0644));
    CHECK("noreplace", renameat2(AT_FDCWD, "d/y", AT_FDCWD, "d/file2", RENAME_NOREPLACE));
    CHECK("noreplace new", renameat2(AT_FDCWD, "d/y", AT_FDCWD, "d/z", RENAME_NOREPLACE));
    CHECK("exchange", renameat2(AT_FDCWD, "d/z", AT_FDCWD, "d/x", RENAME_EXCHANGE));
    stat("d/z", &st);
    printf("d/z is dir after exchange: %d\n", S_ISDIR(st.st_mode));
    CHECK("exchange missing", renameat2(AT_FDCWD, "d/z", AT_FDCWD, "d/none", RENAME_EXCHANGE));
    CHECK("bad flags", renameat2(AT_FDCWD, "d/z", AT_FDCWD, "d/x", 3));
    list("d");
    list("d/z");
    close(ffd);
    close(dfd);
    rmdir("d/z/sub"); rmdir("d/z"); unlink("d/x"); unlink("d/file2"); rmdir("d");
    chdir("/");
    CHECK("rmdir scratch", rmdir(dir));
    return 0;
}
