/* fcntl: F_DUPFD(_CLOEXEC), F_GETFD/SETFD, F_GETFL/SETFL, record locks within one process; dup/dup3. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fs_common.h"

int main(void) {
    char path[] = "/tmp/fsfcntlXXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 1;
    VALUE("F_DUPFD 50", fcntl(fd, F_DUPFD, 50));
    VALUE("F_DUPFD 50 again", fcntl(fd, F_DUPFD, 50));
    VALUE("F_DUPFD_CLOEXEC 60", fcntl(fd, F_DUPFD_CLOEXEC, 60));
    VALUE("F_GETFD 60", fcntl(60, F_GETFD));
    VALUE("F_GETFD 50", fcntl(50, F_GETFD));
    CHECK("F_SETFD", fcntl(50, F_SETFD, FD_CLOEXEC));
    VALUE("F_GETFD 50 now", fcntl(50, F_GETFD));
    CHECK("F_DUPFD negative", fcntl(fd, F_DUPFD, -1));
    CHECK("F_DUPFD too big", fcntl(fd, F_DUPFD, 100000));
    CHECK("bad cmd", fcntl(fd, 9999));
    CHECK("bad fd", fcntl(77, F_GETFD));
    VALUE("F_GETFL", fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
    CHECK("F_SETFL append|nonblock", fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK | O_RDONLY));
    VALUE("F_GETFL after", fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
    VALUE("F_GETFL shared by dup", fcntl(50, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
    fcntl(fd, F_SETFL, 0);
    VALUE("dup", dup(fd));
    VALUE("dup3 to 70", dup3(fd, 70, O_CLOEXEC));
    VALUE("F_GETFD 70", fcntl(70, F_GETFD));
    CHECK("dup3 same", dup3(fd, fd, 0));
    CHECK("dup3 bad flags", dup3(fd, 71, 1));
    VALUE("dup2 same", dup2(fd, fd));
    CHECK("dup bad", dup(99));
    CHECK("dup3 to huge", dup3(fd, 0x7fffffff, 0));
    /* shared offsets between duplicates */
    write(fd, "0123456789", 10);
    VALUE("offset seen by dup", lseek(70, 0, SEEK_CUR));
    /* record locks: one process never conflicts with itself */
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5};
    CHECK("F_SETLK write", fcntl(fd, F_SETLK, &fl));
    fl.l_type = F_RDLCK;
    CHECK("F_SETLK read over own", fcntl(fd, F_SETLK, &fl));
    struct flock q = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    CHECK("F_GETLK", fcntl(fd, F_GETLK, &q));
    printf("F_GETLK type unlocked: %d\n", q.l_type == F_UNLCK);
    fl.l_type = F_UNLCK;
    CHECK("F_SETLK unlock", fcntl(fd, F_SETLK, &fl));
    CHECK("F_SETLKW", fcntl(fd, F_SETLKW, &(struct flock){.l_type = F_WRLCK, .l_whence = SEEK_END, .l_start = -2, .l_len = 2}));
    CHECK("bad lock type", fcntl(fd, F_SETLK, &(struct flock){.l_type = 7}));
    CHECK("bad whence", fcntl(fd, F_SETLK, &(struct flock){.l_type = F_RDLCK, .l_whence = 9}));
    CHECK("negative start", fcntl(fd, F_SETLK, &(struct flock){.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = -5}));
    CHECK("lock wild pointer", fcntl(fd, F_SETLK, (struct flock *)16));
    int ro = open(path, O_RDONLY);
    CHECK("write lock on read-only fd", fcntl(ro, F_SETLK, &(struct flock){.l_type = F_WRLCK}));
    unlink(path);
    return 0;
}
