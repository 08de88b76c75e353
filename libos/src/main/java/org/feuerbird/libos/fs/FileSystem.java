package org.feuerbird.libos.fs;

import java.util.List;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.Process;

/**
 * One mounted file system as the {@link Vfs} sees it. Paths are lists of components relative
 * to this file system's root, already walked by the Vfs: every component but the last is an
 * existing directory of this file system, and the last is never a link the caller wanted
 * followed. So no file system walks links itself, and none can lead outside its root.
 * Defaults refuse as Linux does for a file system that lacks the operation.
 */
public interface FileSystem {
    /** Metadata of the named file itself (not following a link); ENOENT if it is absent. */
    Stat lstat(Process p, List<String> rel) throws SyscallException;

    /**
     * The named file's type and identity for a path walk (not following a link), or null if
     * it is absent. The walk asks this of every component, so a file system may answer it
     * more cheaply than {@link #lstat}; by default it is the lstat.
     */
    default Lookup lookup(Process p, List<String> rel) throws SyscallException {
        try {
            return Lookup.of(lstat(p, rel));
        } catch (SyscallException e) {
            if (e.errno == Errno.ENOENT) return null;
            throw e;
        }
    }

    /** A link's target text; EINVAL if the file is not a link. */
    default String readlink(Process p, List<String> rel) throws SyscallException {
        lstat(p, rel);
        throw new SyscallException(Errno.EINVAL);
    }

    /**
     * Opens the named file as {@link #lookup} found it ({@code found}: no link, checked by the
     * caller against O_EXCL, O_DIRECTORY and the file type); with {@code found} null it is
     * absent and made with {@code mode} (umask applied).
     */
    OpenFile open(Process p, List<String> rel, String guest, Lookup found, int flags, int mode) throws SyscallException;

    default void mkdir(Process p, List<String> rel, int mode) throws SyscallException { throw new SyscallException(Errno.EACCES); }

    /** unlink ({@code dir} false) or rmdir ({@code dir} true). */
    default void remove(Process p, List<String> rel, boolean dir) throws SyscallException { throw new SyscallException(Errno.EACCES); }

    /** renameat2 within this file system; flags RENAME_NOREPLACE=1, RENAME_EXCHANGE=2. */
    default void rename(Process p, List<String> from, List<String> to, int flags) throws SyscallException { throw new SyscallException(Errno.EACCES); }

    default void link(Process p, List<String> from, List<String> to) throws SyscallException { throw new SyscallException(Errno.EPERM); }

    default void symlink(Process p, String target, List<String> rel) throws SyscallException { throw new SyscallException(Errno.EACCES); }

    default void chmod(Process p, List<String> rel, int mode) throws SyscallException { throw new SyscallException(Errno.EPERM); }

    /** -1 leaves an id unchanged. */
    default void chown(Process p, List<String> rel, int uid, int gid) throws SyscallException { throw new SyscallException(Errno.EPERM); }

    /** Times in nanoseconds since the epoch; {@link #OMIT} leaves one unchanged. */
    default void utimes(Process p, List<String> rel, long atime, long mtime) throws SyscallException { throw new SyscallException(Errno.EPERM); }

    long OMIT = Long.MIN_VALUE;

    /** access(2): R_OK=4, W_OK=2, X_OK=1; F_OK=0 only checks existence. */
    default void access(Process p, List<String> rel, int mode) throws SyscallException {
        Stat st = lstat(p, rel);
        if ((mode & 2) != 0) throw new SyscallException(Errno.EACCES);
        if ((mode & 1) != 0 && (st.mode() & 0111) == 0) throw new SyscallException(Errno.EACCES);
    }

    /**
     * The file system's type as /proc/mounts and /proc/filesystems name it ("tmpfs", "proc").
     * The defaults here keep a new file system usable before it says what it is.
     */
    default String type() { return "none"; }

    /** statfs(2): its magic number and how full it is; {@code flags} are the mount's ST_* flags. */
    default StatFs statfs(long flags) throws SyscallException { return StatFs.empty(0, flags); }

    /** The description a magic link (/proc/self/fd/N) stands for, or null for an ordinary path. */
    default OpenFile magic(Process p, List<String> rel) { return null; }
}
