/* User code reads the cycle, time and instret counters (rdcycle, rdtime, rdinstret), as
 * Linux and qemu-user allow; each moves forward. */
#include <stdio.h>

static unsigned long rd(int which) {
    unsigned long v;
    if (which == 0) __asm__ volatile("rdcycle %0" : "=r"(v));
    else if (which == 1) __asm__ volatile("rdtime %0" : "=r"(v));
    else __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}

int main(void) {
    const char *names[] = {"cycle", "time", "instret"};
    for (int c = 0; c < 3; c++) {
        unsigned long a = rd(c);
        volatile unsigned long sink = 0;
        for (int i = 0; i < 200000; i++) sink += i;
        unsigned long b = rd(c);
        printf("%s readable and moving forward: %s\n", names[c], b > a ? "yes" : "no");
    }
    return 0;
}
