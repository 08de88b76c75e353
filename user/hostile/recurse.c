/* Recursion without bound: the stack area ends, the process gets SIGSEGV. */
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int deep(int n) {
    volatile char pad[256];
    pad[0] = (char)n;
    return deep(n + 1) + pad[0];
}

int main(void) { return deep(0); }
