package org.feuerbird.libos.posix.trace;

/** errno names and glibc's strerror texts, for {@code = -1 ENOENT (No such file or directory)}. */
public final class Errnos {
    private Errnos() {}

    private static final String[] NAME = new String[134], TEXT = new String[134];

    static {
        String table = """
            1 EPERM Operation not permitted|2 ENOENT No such file or directory|3 ESRCH No such process
            4 EINTR Interrupted system call|5 EIO Input/output error|6 ENXIO No such device or address
            7 E2BIG Argument list too long|8 ENOEXEC Exec format error|9 EBADF Bad file descriptor
            10 ECHILD No child processes|11 EAGAIN Resource temporarily unavailable|12 ENOMEM Cannot allocate memory
            13 EACCES Permission denied|14 EFAULT Bad address|15 ENOTBLK Block device required
            16 EBUSY Device or resource busy|17 EEXIST File exists|18 EXDEV Invalid cross-device link
            19 ENODEV No such device|20 ENOTDIR Not a directory|21 EISDIR Is a directory|22 EINVAL Invalid argument
            23 ENFILE Too many open files in system|24 EMFILE Too many open files
            25 ENOTTY Inappropriate ioctl for device|26 ETXTBSY Text file busy|27 EFBIG File too large
            28 ENOSPC No space left on device|29 ESPIPE Illegal seek|30 EROFS Read-only file system
            31 EMLINK Too many links|32 EPIPE Broken pipe|33 EDOM Numerical argument out of domain
            34 ERANGE Numerical result out of range|35 EDEADLK Resource deadlock avoided|36 ENAMETOOLONG File name too long
            37 ENOLCK No locks available|38 ENOSYS Function not implemented|39 ENOTEMPTY Directory not empty
            40 ELOOP Too many levels of symbolic links|42 ENOMSG No message of desired type|43 EIDRM Identifier removed
            61 ENODATA No data available|62 ETIME Timer expired|71 EPROTO Protocol error
            75 EOVERFLOW Value too large for defined data type|84 EILSEQ Invalid or incomplete multibyte or wide character
            88 ENOTSOCK Socket operation on non-socket|95 EOPNOTSUPP Operation not supported
            97 EAFNOSUPPORT Address family not supported by protocol|110 ETIMEDOUT Connection timed out
            115 EINPROGRESS Operation now in progress|125 ECANCELED Operation canceled""";
        for (String entry : table.replace('\n', '|').split("\\|")) {
            String[] f = entry.trim().split(" ", 3);
            int n = Integer.parseInt(f[0]);
            NAME[n] = f[1];
            TEXT[n] = f[2];
        }
    }

    /** "ENOENT", or "E123" for a number without a name here. */
    public static String name(int errno) {
        return errno > 0 && errno < NAME.length && NAME[errno] != null ? NAME[errno] : "E" + errno;
    }

    /** strerror's text, or "Unknown error 123" as glibc says. */
    public static String text(int errno) {
        return errno > 0 && errno < TEXT.length && TEXT[errno] != null ? TEXT[errno] : "Unknown error " + errno;
    }
}
