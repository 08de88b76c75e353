/* The only user is root: becoming anyone else is refused (a real root could). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    printf("setuid(1000): %d %s\n", setuid(1000), strerror(errno));
    errno = 0;
    printf("setgid(1000): %d %s\n", setgid(1000), strerror(errno));
    errno = 0;
    printf("setuid(0): %d\n", setuid(0));
    printf("uid still %d\n", getuid());
    return 0;
}
