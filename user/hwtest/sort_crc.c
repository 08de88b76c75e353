/*
 * sort_crc — whole-program checks: ordinary compiled C, compared against qemu.
 *
 * The other hwtest programs pin single instructions; this one runs the kind of
 * code a compiler produces for real programs — recursion, loops over arrays,
 * calls through function pointers, dense switches compiled to jump tables,
 * struct copies that become memcpy, 128-bit products — and prints only a few
 * results, each of which depends on millions of instructions being right:
 * a quicksort of 10,000 PRNG values, CRC-32 of a 64 KiB buffer (table-driven
 * and bitwise, which must agree), a prime sieve, a small bytecode interpreter
 * and some string handling through the runtime's mem* functions.
 */
#include "hwtest.h"

/* ---- quicksort ---- */

#define N_SORT 10000
static uint64_t values[N_SORT];

static void insertion_sort(uint64_t *a, long n)
{
    for (long i = 1; i < n; i++) {
        uint64_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

/* Hoare partition around a median of three; recursion on the smaller side keeps the stack shallow. */
static void quicksort(uint64_t *a, long n)
{
    while (n > 16) {
        uint64_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint64_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        long i = -1, j = n;
        for (;;) {
            do
                i++;
            while (a[i] < pivot);
            do
                j--;
            while (a[j] > pivot);
            if (i >= j)
                break;
            uint64_t t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        long left = j + 1;
        if (left < n - left) {
            quicksort(a, left);
            a += left;
            n -= left;
        } else {
            quicksort(a + left, n - left);
            n = left;
        }
    }
    insertion_sort(a, n);
}

static void test_sort(void)
{
    section("quicksort");
    rng_seed(0x5eed0006ull);
    uint64_t sum_before = 0;
    for (int i = 0; i < N_SORT; i++) {
        /* a quarter of the values repeat, so equal keys are exercised */
        values[i] = i % 4 == 3 ? values[rng_below((uint64_t)i)] : rng64();
        sum_before += values[i];
    }
    quicksort(values, N_SORT);
    uint64_t sum_after = 0, mix = 0;
    long unordered = 0;
    for (int i = 0; i < N_SORT; i++) {
        sum_after += values[i];
        mix = (mix << 7 | mix >> 57) ^ values[i];
        if (i > 0 && values[i - 1] > values[i])
            unordered++;
    }
    printf("sorted %d values: out of order %ld, sum kept %s, min %016lx, median %016lx, max %016lx, mix %016lx\n",
           N_SORT, unordered, sum_before == sum_after ? "yes" : "no", values[0], values[N_SORT / 2],
           values[N_SORT - 1], mix);
}

/* A generic sort through a comparison function pointer, swapping with memcpy (like qsort). */
static void generic_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    char *b = base;
    char tmp[16];
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && cmp(b + (j - 1) * size, b + j * size) > 0; j--) {
            memcpy(tmp, b + j * size, size);
            memcpy(b + j * size, b + (j - 1) * size, size);
            memcpy(b + (j - 1) * size, tmp, size);
        }
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

struct record {
    uint16_t key;
    uint8_t tag;
    uint64_t payload;
};

static int cmp_record(const void *a, const void *b)
{
    const struct record *x = a, *y = b;
    return x->key != y->key ? (x->key > y->key ? 1 : -1) : (x->tag > y->tag) - (x->tag < y->tag);
}

static void test_generic_sort(void)
{
    section("generic sort");
    static int32_t ints[500];
    for (size_t i = 0; i < ARRAY_LEN(ints); i++)
        ints[i] = (int32_t)rng32();
    generic_sort(ints, ARRAY_LEN(ints), sizeof(ints[0]), cmp_i32);
    int64_t weighted = 0;
    for (size_t i = 0; i < ARRAY_LEN(ints); i++)
        weighted += ints[i] * (int64_t)(i + 1);
    printf("int32 sort: first %d, last %d, weighted sum %ld\n", ints[0], ints[ARRAY_LEN(ints) - 1], (long)weighted);
    static struct record recs[200];
    for (size_t i = 0; i < ARRAY_LEN(recs); i++) {
        struct record r = {(uint16_t)(rng32() % 50), (uint8_t)i, rng64()};
        recs[i] = r; /* a struct copy */
    }
    generic_sort(recs, ARRAY_LEN(recs), sizeof(recs[0]), cmp_record);
    uint64_t h = 0;
    for (size_t i = 0; i < ARRAY_LEN(recs); i++)
        h = h * 31 + recs[i].key * 1000 + recs[i].tag + (recs[i].payload & 0xff);
    printf("record sort (stable by key, tag): hash %016lx\n", h);
}

/* ---- CRC-32 (IEEE 802.3, reflected, polynomial 0xedb88320) ---- */

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32_table(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    while (n--)
        c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & -(c & 1));
    }
    return c ^ 0xffffffffu;
}

static uint8_t buffer[65536];

static void test_crc(void)
{
    section("crc32");
    crc_init();
    const char *check = "123456789";
    printf("crc32(\"123456789\") = %08x (standard check value cbf43926)\n",
           crc32_table((const uint8_t *)check, strlen(check)));
    for (size_t i = 0; i < sizeof(buffer); i += 8) {
        uint64_t r = rng64();
        memcpy(&buffer[i], &r, 8);
    }
    uint32_t t = crc32_table(buffer, sizeof(buffer));
    uint32_t b = crc32_bitwise(buffer, sizeof(buffer));
    printf("crc32 of 64 KiB: table %08x, bitwise %08x, agree: %s\n", t, b, t == b ? "yes" : "no");
    /* odd lengths and offsets */
    printf("crc32 of buffer[3..1000): %08x\n", crc32_table(buffer + 3, 997));
}

/* ---- prime sieve ---- */

static uint8_t composite[100001];

static void test_sieve(void)
{
    section("sieve");
    memset(composite, 0, sizeof(composite));
    long count = 0;
    uint64_t sum = 0;
    for (long i = 2; i < (long)sizeof(composite); i++) {
        if (composite[i])
            continue;
        count++;
        sum += (uint64_t)i;
        for (long j = i * i; j < (long)sizeof(composite); j += i)
            composite[j] = 1;
    }
    printf("primes below 100001: %ld, sum %lu\n", count, sum);
}

/* ---- a bytecode interpreter: a dense switch (jump table) in a loop ---- */

enum { OP_PUSH, OP_ADD, OP_SUB, OP_MUL, OP_DUP, OP_SWAP, OP_JNZ, OP_DEC, OP_OVER, OP_MOD, OP_HALT, OP_XOR, OP_SHL };

static int64_t run(const int64_t *code)
{
    int64_t stack[32];
    int sp = 0;
    for (long pc = 0;;) {
        switch (code[pc++]) {
        case OP_PUSH: stack[sp++] = code[pc++]; break;
        case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case OP_SWAP: { int64_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
        case OP_JNZ: { int64_t target = code[pc++]; if (stack[--sp] != 0) pc = target; break; }
        case OP_DEC: stack[sp - 1]--; break;
        case OP_OVER: stack[sp] = stack[sp - 2]; sp++; break;
        case OP_MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case OP_XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case OP_SHL: sp--; stack[sp - 1] <<= stack[sp] & 63; break;
        case OP_HALT: return stack[sp - 1];
        default: return -1;
        }
    }
}

static void test_interpreter(void)
{
    section("interpreter");
    /* acc = 1; n = 20; do { acc = (acc * n) ^ (acc << 3); acc %= 1000000007; } while (--n); */
    static const int64_t program[] = {
        OP_PUSH, 1, OP_PUSH, 20,              /* acc n */
        OP_SWAP, OP_OVER, OP_MUL,             /* 4: n acc*n */
        OP_DUP, OP_PUSH, 3, OP_SHL, OP_XOR,   /* n (acc*n)^((acc*n)<<3) */
        OP_PUSH, 1000000007, OP_MOD,          /* n acc' */
        OP_SWAP, OP_DEC, OP_DUP, OP_JNZ, 4,   /* acc' n-1 */
        OP_SWAP, OP_HALT,
    };
    printf("bytecode result: %ld\n", (long)run(program));
}

/* ---- 128-bit products and string handling ---- */

static void test_misc(void)
{
    section("int128 and strings");
    unsigned __int128 acc = 1;
    uint64_t fold = 0;
    for (int i = 0; i < 100; i++) {
        acc = acc * 0x9e3779b97f4a7c15ull + (unsigned __int128)rng64();
        fold ^= (uint64_t)(acc >> 64) + (uint64_t)acc;
    }
    printf("int128 fold %016lx\n", fold);
    char text[128];
    memset(text, 0, sizeof(text));
    memcpy(text, "the quick brown fox jumps over the lazy dog", 44);
    memmove(text + 4, text, 40); /* overlapping, forwards */
    memmove(text, text + 2, 30); /* overlapping, backwards */
    printf("memmove result: \"%s\" (len %zu)\n", text, strlen(text));
    printf("memcmp: %d %d %d\n", memcmp("abc", "abd", 3), memcmp("abc", "abc", 3), memcmp("b", "a", 1));
    int64_t digits = 0;
    for (int64_t v = INT64_MAX; v != 0; v /= 10)
        digits += v % 10;
    printf("digit sum of INT64_MAX: %ld; printf corner: %d %ld %lu %x\n", (long)digits, INT32_MIN, (long)INT64_MIN,
           (unsigned long)UINT64_MAX, 0xdeadbeefu);
}

int main(void)
{
    test_sort();
    test_generic_sort();
    test_crc();
    test_sieve();
    test_interpreter();
    test_misc();
    puts("done");
    return 0;
}
