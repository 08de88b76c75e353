/* The smallest check of the whole path: argv, printf with floats, malloc, exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    printf("pi=%.6f e=%g big=%e\n", 3.14159265358979, 2.718281828, 6.02214076e23);
    char *p = malloc(1 << 20);
    memset(p, 'x', 1 << 20);
    printf("malloc ok: %c%c\n", p[0], p[(1 << 20) - 1]);
    free(p);
    return 42;
}
