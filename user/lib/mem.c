/*
 * mem.c — memcpy, memmove, memset, memcmp and strlen for the freestanding runtime.
 *
 * gcc emits calls to the first three for struct copies and array initialisers
 * even under -ffreestanding, so they must exist. They copy 8-byte words when
 * both pointers share alignment (the common case for arrays), bytes otherwise.
 * The attribute below stops gcc from recognising these very loops as memset or
 * memcpy and compiling them into calls to themselves.
 */
#include "rt.h"

#define NO_LIBCALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))

/* Word accesses may alias any object type. */
typedef uint64_t __attribute__((may_alias)) word_t;

NO_LIBCALLS void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
        while (n > 0 && ((uintptr_t)d & 7) != 0) {
            *d++ = *s++;
            n--;
        }
        for (; n >= 8; n -= 8, d += 8, s += 8)
            *(word_t *)d = *(const word_t *)s;
    }
    while (n-- > 0)
        *d++ = *s++;
    return dst;
}

NO_LIBCALLS void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    /* overlapping with dst above src: copy backwards */
    while (n-- > 0)
        d[n] = s[n];
    return dst;
}

NO_LIBCALLS void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    uint64_t word = (unsigned char)c * 0x0101010101010101ull;
    while (n > 0 && ((uintptr_t)d & 7) != 0) {
        *d++ = (unsigned char)c;
        n--;
    }
    for (; n >= 8; n -= 8, d += 8)
        *(word_t *)d = word;
    while (n-- > 0)
        *d++ = (unsigned char)c;
    return dst;
}

NO_LIBCALLS int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    for (size_t i = 0; i < n; i++)
        if (p[i] != q[i])
            return p[i] < q[i] ? -1 : 1;
    return 0;
}

NO_LIBCALLS size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}
