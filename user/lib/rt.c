/*
 * rt.c — system calls, buffered output and the small printf of the freestanding
 * runtime (see rt.h for why the runtime is this small).
 *
 * printf understands what the test programs need and nothing more:
 * conversions %d %i %u %x %X %c %s %p %%, the flags '0', '-' and '+', a field width
 * (digits or '*'), and the length modifiers h, hh, l, ll, z. Anything else is
 * printed literally so that a typo shows up in the output instead of being
 * silently skipped.
 */
#include "rt.h"

uint64_t rng_state = 0x9e3779b97f4a7c15ull;

long sys_write(int fd, const void *buf, size_t len)
{
    register long a0 __asm__("a0") = fd;
    register long a1 __asm__("a1") = (long)buf;
    register long a2 __asm__("a2") = (long)len;
    register long a7 __asm__("a7") = SYS_write;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

void sys_exit(int status)
{
    register long a0 __asm__("a0") = status;
    register long a7 __asm__("a7") = SYS_exit;
    __asm__ volatile("ecall" : : "r"(a0), "r"(a7) : "memory");
    for (;;) {
        /* exit does not return; spin rather than run into whatever follows */
    }
}

static char out_buf[4096];
static size_t out_len;

/* Writes all of buf, retrying short writes; gives up on an error (nothing to report it to). */
static void write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        long n = sys_write(fd, buf, len);
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

void flush(void)
{
    write_all(1, out_buf, out_len);
    out_len = 0;
}

/* Inlined into the formatting loops: printing is almost all these programs do. */
static inline void out_char(int c)
{
    if (out_len == sizeof(out_buf))
        flush();
    out_buf[out_len++] = (char)c;
}

int putchar(int c)
{
    out_char(c);
    return (unsigned char)c;
}

void putstr(const char *s)
{
    while (*s)
        out_char(*s++);
}

int puts(const char *s)
{
    putstr(s);
    out_char('\n');
    return 0;
}

void eputs(const char *s)
{
    flush();
    write_all(2, s, strlen(s));
    write_all(2, "\n", 1);
}

void exit(int status)
{
    flush();
    sys_exit(status);
}

/* Formats v in the given base into the end of buf; returns the first digit. */
static char *format_unsigned(char *end, uint64_t v, unsigned base, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    if (base == 16) {
        /* hex dominates the test output: shifts instead of two divisions per digit */
        do {
            *--p = digits[v & 0xf];
            v >>= 4;
        } while (v != 0);
        return p;
    }
    do {
        *--p = digits[v % base];
        v /= base;
    } while (v != 0);
    return p;
}

void print_hex64(uint64_t v)
{
    for (int shift = 60; shift >= 0; shift -= 4)
        out_char("0123456789abcdef"[(v >> shift) & 0xf]);
}

void print_udec64(uint64_t v)
{
    char buf[24];
    char *end = buf + sizeof(buf);
    char *p = format_unsigned(end, v, 10, 0);
    while (p < end)
        out_char(*p++);
}

void print_dec64(int64_t v)
{
    if (v < 0) {
        out_char('-');
        /* negate in unsigned arithmetic so INT64_MIN is printed correctly */
        print_udec64(-(uint64_t)v);
    } else {
        print_udec64((uint64_t)v);
    }
}

/* Emits the digits [p, end) with an optional sign, padded to width. */
static int emit_field(const char *p, const char *end, char sign, int width, int left, int zero)
{
    int len = (int)(end - p) + (sign != 0);
    int pad = width > len ? width - len : 0;
    if (!left && !zero)
        for (int i = 0; i < pad; i++)
            out_char(' ');
    if (sign)
        out_char(sign);
    if (!left && zero)
        for (int i = 0; i < pad; i++)
            out_char('0');
    while (p < end)
        out_char(*p++);
    if (left)
        for (int i = 0; i < pad; i++)
            out_char(' ');
    return len + pad;
}

/* Reads an integer argument of the given length class (0=int, 1=long, 2=long long, -1=short, -2=char). */
static uint64_t fetch_arg(va_list *ap, int length, int is_signed)
{
    if (length >= 1)
        return is_signed ? (uint64_t)va_arg(*ap, long) : va_arg(*ap, unsigned long);
    if (is_signed) {
        int v = va_arg(*ap, int);
        if (length == -1)
            v = (short)v;
        else if (length == -2)
            v = (signed char)v;
        return (uint64_t)(int64_t)v;
    }
    unsigned v = va_arg(*ap, unsigned);
    if (length == -1)
        v = (unsigned short)v;
    else if (length == -2)
        v = (unsigned char)v;
    return v;
}

int vprintf(const char *fmt, va_list ap)
{
    va_list args;
    va_copy(args, ap);
    int count = 0;
    char buf[24];
    char *end = buf + sizeof(buf);
    while (*fmt) {
        if (*fmt != '%') {
            out_char(*fmt++);
            count++;
            continue;
        }
        const char *start = fmt++;
        int left = 0, zero = 0, plus = 0, width = 0, length = 0;
        for (;; fmt++) {
            if (*fmt == '-')
                left = 1;
            else if (*fmt == '+')
                plus = 1;
            else if (*fmt == '0')
                zero = 1;
            else
                break;
        }
        if (*fmt == '*') {
            width = va_arg(args, int);
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        for (;; fmt++) {
            if (*fmt == 'l' || *fmt == 'z')
                length = length < 1 ? 1 : 2;
            else if (*fmt == 'h')
                length = length == 0 ? -1 : -2;
            else
                break;
        }
        char conv = *fmt ? *fmt++ : 0;
        switch (conv) {
        case 'd':
        case 'i': {
            int64_t v = (int64_t)fetch_arg(&args, length, 1);
            uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
            char sign = v < 0 ? '-' : plus ? '+' : 0;
            count += emit_field(format_unsigned(end, mag, 10, 0), end, sign, width, left, zero);
            break;
        }
        case 'u':
            count += emit_field(format_unsigned(end, fetch_arg(&args, length, 0), 10, 0), end, 0, width, left, zero);
            break;
        case 'x':
        case 'X':
            count += emit_field(format_unsigned(end, fetch_arg(&args, length, 0), 16, conv == 'X'), end, 0,
                                width, left, zero);
            break;
        case 'p':
            putstr("0x");
            count += 2 + emit_field(format_unsigned(end, (uint64_t)va_arg(args, void *), 16, 0), end, 0, width,
                                    left, zero);
            break;
        case 'c':
            buf[0] = (char)va_arg(args, int);
            count += emit_field(buf, buf + 1, 0, width, left, 0);
            break;
        case 's': {
            const char *s = va_arg(args, const char *);
            if (!s)
                s = "(null)";
            count += emit_field(s, s + strlen(s), 0, width, left, 0);
            break;
        }
        case '%':
            out_char('%');
            count++;
            break;
        default:
            /* unknown conversion: show it verbatim */
            while (start < fmt) {
                out_char(*start++);
                count++;
            }
            break;
        }
    }
    va_end(args);
    return count;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}
