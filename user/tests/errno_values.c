/* Failing calls return the errno Linux documents. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *what, long r) {
    printf("%-36s -> %ld %s\n", what, r, r < 0 ? strerror(errno) : "");
}

int main(void) {
    struct stat st;
    char buf[16];
    show("open missing file", open("/no/such/file", O_RDONLY));
    show("open dir for writing", open("/", O_WRONLY));
    show("close bad fd", close(999));
    show("read bad fd", read(999, buf, 1));
    show("write to stdin's bad fd 42", write(42, "x", 1));
    show("stat missing", stat("/no/such", &st));
    show("write from bad pointer", write(1, (void *)8, 1));
    show("lseek on stdout pipe/tty", lseek(1, 0, SEEK_SET) < 0 ? -1 : 0);
    show("dup3 same fd", dup3(1, 1, 0));
    show("chdir to a file", chdir("/etc/passwd"));
    return 0;
}
