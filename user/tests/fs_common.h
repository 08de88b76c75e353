/* Shared helpers of the fs_* tests: print a call's result as "ok" or its errno's name. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *ename(int e) {
    switch (e) {
    case EPERM: return "EPERM"; case ENOENT: return "ENOENT"; case EBADF: return "EBADF"; case EAGAIN: return "EAGAIN";
    case EACCES: return "EACCES"; case EFAULT: return "EFAULT"; case EBUSY: return "EBUSY"; case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV"; case ENOTDIR: return "ENOTDIR"; case EISDIR: return "EISDIR"; case EINVAL: return "EINVAL";
    case EMFILE: return "EMFILE"; case ENOTTY: return "ENOTTY"; case ENOSPC: return "ENOSPC"; case ESPIPE: return "ESPIPE";
    case EPIPE: return "EPIPE"; case ERANGE: return "ERANGE"; case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOTEMPTY: return "ENOTEMPTY"; case ELOOP: return "ELOOP"; case ENXIO: return "ENXIO"; case EOPNOTSUPP: return "EOPNOTSUPP";
    default: { static char b[32]; snprintf(b, sizeof b, "E%d", e); return b; }
    }
}

/* CHECK(expr): prints "label: ok" / "label: -1 ENAME" / the value when non-negative and asked. */
#define CHECK(label, expr) do { errno = 0; long r_ = (long)(expr); \
    if (r_ < 0) printf("%s: -1 %s\n", label, ename(errno)); else printf("%s: ok\n", label); } while (0)
#define VALUE(label, expr) do { errno = 0; long r_ = (long)(expr); \
    if (r_ < 0) printf("%s: -1 %s\n", label, ename(errno)); else printf("%s: %ld\n", label, r_); } while (0)
