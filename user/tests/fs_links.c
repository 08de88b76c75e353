/* symlinkat, readlinkat, linkat, O_NOFOLLOW, lstat, ELOOP, faccessat, fchmod(at), fchown(at), utimensat. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fs_common.h"

int main(void) {
    char dir[] = "/tmp/fslinksXXXXXX";
    if (!mkdtemp(dir)) return 1;
    if (chdir(dir) < 0) return 2;
    umask(022);
    int fd = open("f", O_CREAT | O_WRONLY, 0644);
    write(fd, "abc", 3);
    close(fd);
    mkdir("d", 0755);
    CHECK("symlink", symlink("f", "l"));
    CHECK("symlink exists", symlink("f", "l"));
    CHECK("symlink empty", symlink("", "e"));
    CHECK("symlink dangling", symlink("nowhere", "dang"));
    CHECK("symlink abs-ish", symlink("../f", "d/up"));
    CHECK("symlink loop a", symlink("loopb", "loopa"));
    CHECK("symlink loop b", symlink("loopa", "loopb"));
    CHECK("symlink to dir", symlink("d", "ld"));
    char buf[64];
    VALUE("readlink", readlink("l", buf, sizeof buf));
    buf[1] = 0;
    printf("target %s\n", buf);
    VALUE("readlink short", readlink("d/up", buf, 2));
    CHECK("readlink file", readlink("f", buf, sizeof buf));
    CHECK("readlink missing", readlink("zz", buf, sizeof buf));
    CHECK("readlink size 0", readlink("l", buf, 0));
    struct stat st;
    stat("l", &st);
    printf("stat l: reg %d size %ld\n", S_ISREG(st.st_mode), (long)st.st_size);
    lstat("l", &st);
    printf("lstat l: lnk %d size %ld\n", S_ISLNK(st.st_mode), (long)st.st_size);
    CHECK("stat through up", stat("d/up", &st));
    CHECK("stat dangling", stat("dang", &st));
    CHECK("lstat dangling", lstat("dang", &st));
    CHECK("stat loop", stat("loopa", &st));
    CHECK("open loop", open("loopa", O_RDONLY));
    CHECK("open nofollow", open("l", O_RDONLY | O_NOFOLLOW));
    CHECK("open nofollow dir link", open("ld", O_RDONLY | O_NOFOLLOW | O_DIRECTORY));
    CHECK("open via dir link", close(open("ld/../f", O_RDONLY)));
    fd = open("dang", O_CREAT | O_WRONLY, 0644);
    CHECK("create through dangling", fd);
    close(fd);
    CHECK("now exists", access("nowhere", F_OK));
    CHECK("creat excl on link", open("l", O_CREAT | O_EXCL | O_WRONLY, 0644));
    CHECK("fstatat nofollow", fstatat(AT_FDCWD, "l", &st, AT_SYMLINK_NOFOLLOW));
    printf("is link %d\n", S_ISLNK(st.st_mode));
    /* hard links */
    CHECK("link", link("f", "h"));
    stat("f", &st);
    printf("nlink %ld\n", (long)st.st_nlink);
    CHECK("link exists", link("f", "h"));
    CHECK("link dir", link("d", "hd"));
    CHECK("link missing", link("zz", "h2"));
    CHECK("linkat nofollow (link to link)", linkat(AT_FDCWD, "l", AT_FDCWD, "hl", 0));
    lstat("hl", &st);
    printf("hl is link %d\n", S_ISLNK(st.st_mode));
    CHECK("linkat follow", linkat(AT_FDCWD, "l", AT_FDCWD, "hf", AT_SYMLINK_FOLLOW));
    lstat("hf", &st);
    printf("hf is reg %d nlink %ld\n", S_ISREG(st.st_mode), (long)st.st_nlink);
    CHECK("unlink h", unlink("h"));
    stat("f", &st);
    printf("nlink after unlink %ld\n", (long)st.st_nlink);
    /* permissions and access */
    CHECK("chmod", chmod("f", 0600));
    stat("f", &st);
    printf("mode %o\n", st.st_mode & 07777);
    fd = open("f", O_RDONLY);
    CHECK("fchmod", fchmod(fd, 04751));
    fstat(fd, &st);
    printf("mode %o\n", st.st_mode & 07777);
    CHECK("fchmodat via link", fchmodat(AT_FDCWD, "l", 0640, 0));
    stat("f", &st);
    printf("mode %o\n", st.st_mode & 07777);
    CHECK("access X on 0640 (root)", access("f", X_OK));
    CHECK("access R", access("f", R_OK));
    CHECK("access W", access("f", W_OK));
    CHECK("access missing", access("zz", F_OK));
    CHECK("access bad mode", access("f", 8));
    CHECK("faccessat2 nofollow", faccessat(AT_FDCWD, "dang", F_OK, AT_SYMLINK_NOFOLLOW));
    CHECK("chown same", chown("f", 0, 0));
    CHECK("fchown", fchown(fd, -1, -1));
    CHECK("lchown link", lchown("l", 0, 0));
    CHECK("fchownat bad flag", fchownat(AT_FDCWD, "f", 0, 0, 0x4));
    /* times */
    struct timespec ts[2] = {{1000000000, 5}, {1200000000, 7}};
    CHECK("utimensat", utimensat(AT_FDCWD, "f", ts, 0));
    stat("f", &st);
    printf("atime %ld.%ld mtime %ld.%ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    struct timespec omit[2] = {{0, UTIME_OMIT}, {1300000000, 0}};
    CHECK("utimensat omit", utimensat(AT_FDCWD, "f", omit, 0));
    stat("f", &st);
    printf("atime %ld mtime %ld\n", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
    CHECK("futimens", futimens(fd, ts));
    struct timespec bad[2] = {{0, 2000000000}, {0, 0}};
    CHECK("utimensat bad nsec", utimensat(AT_FDCWD, "f", bad, 0));
    CHECK("utimensat nofollow link", utimensat(AT_FDCWD, "l", ts, AT_SYMLINK_NOFOLLOW));
    lstat("l", &st);
    printf("link mtime %ld\n", (long)st.st_mtim.tv_sec);
    close(fd);
    const char *names[] = {"f", "l", "dang", "nowhere", "d/up", "loopa", "loopb", "ld", "hl", "hf"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) unlink(names[i]);
    rmdir("d");
    chdir("/");
    CHECK("rmdir scratch", rmdir(dir));
    return 0;
}
