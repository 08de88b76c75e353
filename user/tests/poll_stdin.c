/* poll and select on stdin with data, with timeout 0, invalid and negative descriptors. */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct pollfd p = {0, POLLIN, 0};
    int r = poll(&p, 1, 5000);
    printf("poll stdin: r=%d revents=0x%x\n", r, p.revents);
    char buf[64];
    ssize_t n = read(0, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("read %zd: %s", n, buf);

    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(0, &rd);
    struct timeval tv = {5, 0};
    r = select(1, &rd, NULL, NULL, &tv);
    printf("select stdin at end: r=%d set=%d\n", r, FD_ISSET(0, &rd));

    printf("poll nothing, timeout 0: %d\n", poll(NULL, 0, 0));
    printf("poll nothing, timeout 20ms: %d\n", poll(NULL, 0, 20));
    struct pollfd q[3] = {{-1, POLLIN, 7}, {77, POLLIN, 0}, {0, POLLIN, 0}};
    r = poll(q, 3, 0);
    printf("mixed: r=%d neg=0x%x bad=0x%x stdin=0x%x\n", r, q[0].revents, q[1].revents, q[2].revents);
    tv.tv_sec = 0;
    tv.tv_usec = 10000;
    r = select(0, NULL, NULL, NULL, &tv);
    printf("select as sleep: %d\n", r);
    FD_ZERO(&rd);
    FD_SET(40, &rd);
    r = select(41, &rd, NULL, NULL, NULL);
    printf("select bad fd: r=%d\n", r);
    return 0;
}
