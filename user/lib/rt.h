/*
 * rt.h — the tiny freestanding runtime of FeuerBird's own RISC-V test programs.
 *
 * The board's minimal harness offers only write(64) and exit(93)/exit_group(94),
 * so this runtime is all a program gets: buffered output to fd 1, a small
 * printf, decimal/hex printers for 64-bit values, the mem* functions gcc may
 * call on its own, and a fixed-seed PRNG so that every run prints the same
 * bytes. Floating-point values are never formatted as numbers: programs print
 * their raw bits in hex, which is exact and needs no libm.
 *
 * Output is buffered (flushed when the buffer fills, on flush() and on exit()),
 * which keeps the number of system calls small on a slow board; a program that
 * dies mid-way therefore loses at most the last buffer's worth of lines.
 */
#ifndef FEUERBIRD_RT_H
#define FEUERBIRD_RT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Linux riscv64 system call numbers the harness provides. */
#define SYS_write      64
#define SYS_exit       93
#define SYS_exit_group 94

/* Raw system calls: no buffering, no retry. */
long sys_write(int fd, const void *buf, size_t len);
__attribute__((noreturn)) void sys_exit(int status);

/* Buffered output to fd 1. */
int putchar(int c);
int puts(const char *s);               /* writes s and a newline */
void putstr(const char *s);            /* writes s, no newline */
void print_hex64(uint64_t v);          /* exactly 16 hex digits */
void print_dec64(int64_t v);
void print_udec64(uint64_t v);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
void flush(void);
/* Writes s and a newline to fd 2 at once, after flushing fd 1's buffer. */
void eputs(const char *s);

/* Flushes output, then exit(93) with status. Called by _start with main's result. */
__attribute__((noreturn)) void exit(int status);

/* gcc may emit calls to these even under -ffreestanding. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/*
 * xorshift64 with a fixed default seed: cheap, deterministic and good enough to
 * spread operands over the whole 64-bit space. Every program that wants a
 * different stream calls rng_seed() with its own constant.
 */
extern uint64_t rng_state;

static inline void rng_seed(uint64_t seed)
{
    rng_state = seed ? seed : 0x9e3779b97f4a7c15ull;
}

static inline uint64_t rng64(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return x;
}

static inline uint32_t rng32(void)
{
    return (uint32_t)(rng64() >> 32);
}

/* Uniform enough in [0, n) for test-operand selection (n > 0). */
static inline uint64_t rng_below(uint64_t n)
{
    return rng64() % n;
}

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
