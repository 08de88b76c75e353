package org.feuerbird.libos.posix;

/** Linux errno values (asm-generic/errno-base.h and errno.h), as system calls return them negated. */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8;
    public static final int EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16;
    public static final int EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENFILE = 23;
    public static final int EMFILE = 24, ENOTTY = 25, EFBIG = 27, ENOSPC = 28, ESPIPE = 29, EROFS = 30, EMLINK = 31;
    public static final int EPIPE = 32, ERANGE = 34, EDEADLK = 35, ENAMETOOLONG = 36, ENOLCK = 37, ENOSYS = 38;
    public static final int ENOTEMPTY = 39, ELOOP = 40, ENODATA = 61, EOVERFLOW = 75, EILSEQ = 84, ENOTSUP = 95, ETIMEDOUT = 110;

    private static final String[] NAMES = new String[134];

    static {
        String[] n = {"EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD", "EAGAIN",
            "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR", "EISDIR", "EINVAL",
            "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM",
            "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP"};
        for (int i = 0; i < n.length; i++) NAMES[i + 1] = n[i];
        NAMES[ENODATA] = "ENODATA";
        NAMES[EOVERFLOW] = "EOVERFLOW";
        NAMES[EILSEQ] = "EILSEQ";
        NAMES[ENOTSUP] = "EOPNOTSUPP";
        NAMES[ETIMEDOUT] = "ETIMEDOUT";
    }

    /** "ENOENT" for 2, or "E123". */
    public static String name(int errno) {
        return errno > 0 && errno < NAMES.length && NAMES[errno] != null ? NAMES[errno] : "E" + errno;
    }

    /** The message a shell prints for the errors an exec of a path (or unpacking a root image) can meet (strerror's text). */
    public static String message(int errno) {
        return switch (errno) {
            case ENOENT -> "No such file or directory";
            case ENOTDIR -> "Not a directory";
            case EACCES -> "Permission denied";
            case ELOOP -> "Too many levels of symbolic links";
            case ENAMETOOLONG -> "File name too long";
            case EISDIR -> "Is a directory";
            case ENOEXEC -> "Exec format error";
            case ENOSPC -> "No space left on device";
            case EEXIST -> "File exists";
            case ENOMEM -> "Cannot allocate memory";
            default -> name(errno);
        };
    }
}
