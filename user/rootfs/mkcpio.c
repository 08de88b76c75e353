/*
 * mkcpio — writes a newc cpio archive (an initramfs) from a manifest, so that the root
 * image needs neither root privileges nor a staging tree with the right owners:
 *
 *   dir   PATH MODE
 *   file  PATH MODE SOURCE      contents from the host file SOURCE
 *   slink PATH TARGET
 *
 * one entry a line, MODE in octal, PATH absolute in the image. Every entry is owned by
 * root:root and dated SOURCE_DATE_EPOCH (else now), so equal inputs give equal images.
 *
 *   mkcpio < MANIFEST > IMAGE
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned long ino = 1;
static unsigned long mtime;
static unsigned long line_no;

static void die(const char *what, const char *arg) {
    fprintf(stderr, "mkcpio: line %lu: %s%s%s\n", line_no, what, arg ? ": " : "", arg ? arg : "");
    exit(1);
}

static void pad(unsigned long n) {
    while (n++ & 3) putchar(0);
}

/* One header, the name and its padding, the data and its padding. */
static void entry(const char *name, unsigned long mode, unsigned long nlink, const char *data, unsigned long size) {
    unsigned long namesize = strlen(name) + 1;
    printf("070701%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX",
           ino++, mode, 0UL, 0UL, nlink, mtime, size, 0UL, 0UL, 0UL, 0UL, namesize, 0UL);
    fwrite(name, 1, namesize, stdout);
    pad(110 + namesize);
    if (size) fwrite(data, 1, size, stdout);
    pad(size);
}

static char *slurp(const char *path, unsigned long *size) {
    FILE *f = fopen(path, "rb");
    if (!f) die(strerror(errno), path);
    size_t cap = 1 << 16, n = 0, r;
    char *buf = malloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    if (!buf || ferror(f)) die("cannot read", path);
    fclose(f);
    *size = n;
    return buf;
}

int main(void) {
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    mtime = epoch && *epoch ? strtoul(epoch, NULL, 10) : (unsigned long)time(NULL);
    char line[8192];
    while (fgets(line, sizeof line, stdin)) {
        line_no++;
        char *nl = strchr(line, '\n');
        if (!nl) die("line too long", NULL);
        *nl = 0;
        if (line[0] == 0 || line[0] == '#') continue;
        char *kind = strtok(line, " \t"), *path = strtok(NULL, " \t"), *a = strtok(NULL, " \t"), *b = strtok(NULL, " \t");
        if (!path || path[0] != '/') die("expected an absolute PATH", path);
        const char *name = path[1] ? path + 1 : ".";   /* archive names are relative, as Linux's tools write them */
        if (strcmp(kind, "dir") == 0 && a) {
            entry(name, 0040000 | strtoul(a, NULL, 8), 2, NULL, 0);
        } else if (strcmp(kind, "file") == 0 && a && b) {
            unsigned long size;
            char *data = slurp(b, &size);
            entry(name, 0100000 | strtoul(a, NULL, 8), 1, data, size);
            free(data);
        } else if (strcmp(kind, "slink") == 0 && a) {
            entry(name, 0120777, 1, a, strlen(a));
        } else {
            die("expected: dir PATH MODE | file PATH MODE SOURCE | slink PATH TARGET", kind);
        }
    }
    entry("TRAILER!!!", 0, 1, NULL, 0);
    pad(0);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "mkcpio: write error\n");
        return 1;
    }
    return 0;
}
