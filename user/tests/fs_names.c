// fs_names.c — file names that are not ASCII (UTF-8, as tar's pax headers and ls's unicode
// tests use them) behave as on Linux: create, list, stat, link, rename, remove. The LibOS
// reaches host files through java.nio, which encodes names in the JVM's locale; this
// guards that a name like "é" reaches the host unchanged (and, where the JVM cannot
// encode it, that the guest gets an errno rather than the LibOS an exception).
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

// "Ünïcödé", split where a hex escape would otherwise swallow the next letter.
#define DIRNAME "\xc3\x9c" "n\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9"

static void check(const char *what, int r) {
    if (r < 0) printf("%s: %s\n", what, strerror(errno));
    else printf("%s: ok\n", what);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) { printf("opendir %s: %s\n", dir, strerror(errno)); return; }
    char *names[64]; int n = 0; struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);   // directory order is the file system's business
    printf("%s:", dir);
    for (int i = 0; i < n; i++) {
        printf(" [%s]", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void) {
    char dir[] = "/tmp/fs_names.XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    if (chdir(dir) < 0) { perror("chdir"); return 1; }
    int fd = open("caf\xc3\xa9.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);   // "café.txt"
    check("create café.txt", fd);
    if (fd >= 0) { check("write", (int)write(fd, "h\xc3\xa9\n", 4)); close(fd); }
    check("mkdir Ünïcödé", mkdir(DIRNAME, 0755));
    fd = open("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", O_WRONLY | O_CREAT, 0600);
    check("create 日本語", fd);
    if (fd >= 0) close(fd);
    check("symlink → café.txt", symlink("caf\xc3\xa9.txt", "lien-\xe2\x86\x92"));
    check("hard link", link("caf\xc3\xa9.txt", DIRNAME "/\xce\xb1\xce\xb2\xce\xb3"));
    list(".");
    list(DIRNAME);
    struct stat st;
    if (stat("lien-\xe2\x86\x92", &st) == 0) printf("stat via link: size %lld nlink %lu\n", (long long)st.st_size, (unsigned long)st.st_nlink);
    else printf("stat via link: %s\n", strerror(errno));
    char buf[64];
    ssize_t n = readlink("lien-\xe2\x86\x92", buf, sizeof buf - 1);
    if (n >= 0) { buf[n] = 0; printf("readlink: [%s]\n", buf); } else printf("readlink: %s\n", strerror(errno));
    check("rename 日本語 → ελληνικά", rename("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "\xce\xb5\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac"));
    check("access old name", access("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", F_OK));
    list(".");
    check("unlink ελληνικά", unlink("\xce\xb5\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac"));
    check("unlink link", unlink("lien-\xe2\x86\x92"));
    check("unlink αβγ", unlink(DIRNAME "/\xce\xb1\xce\xb2\xce\xb3"));
    check("rmdir", rmdir(DIRNAME));
    check("unlink café.txt", unlink("caf\xc3\xa9.txt"));
    list(".");
    if (chdir("/") < 0 || rmdir(dir) < 0) { perror("cleanup"); return 1; }
    return 0;
}
