package org.feuerbird.libos.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;

/** A host file or directory opened by a guest: reads and writes go to the host file. */
public final class HostFile implements OpenFile {
    public static final int O_ACCMODE = 3, O_WRONLY = 1, O_RDWR = 2, O_APPEND = 02000;

    private final Path host;
    private final String guestPath;
    private final FileChannel channel;   // null for directories
    private int flags;
    private long position;
    private int dirPosition;

    private final LockTable locks;
    private final Object key;
    /** Where the channel came from when hostfs shares it among read-only opens; null if this open owns it. */
    private final HostChannels shared;

    /**
     * An open host file; {@code key} is its identity for record locks, which belong to the
     * inode whatever path opened it: the (device, inode) key its lookup read (a path when
     * none was read).
     */
    public HostFile(Path host, String guestPath, FileChannel channel, int flags, LockTable locks, Object key) {
        this(host, guestPath, channel, flags, locks, key, null);
    }

    /** An open host file whose channel {@code shared} lent it (released, not closed, at close). */
    HostFile(Path host, String guestPath, FileChannel channel, int flags, LockTable locks, Object key, HostChannels shared) {
        this.shared = shared;
        this.locks = locks;
        this.key = key != null ? key : host;
        this.host = host;
        this.guestPath = guestPath;
        this.channel = channel;
        this.flags = flags;
    }

    /** A host I/O failure as the errno Linux would give (the host's strerror text names it). */
    public static SyscallException io(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return new SyscallException(Errno.ENOENT);
        if (e instanceof java.nio.file.AccessDeniedException) return new SyscallException(Errno.EACCES);
        if (e instanceof java.nio.file.FileAlreadyExistsException) return new SyscallException(Errno.EEXIST);
        if (e instanceof java.nio.file.DirectoryNotEmptyException) return new SyscallException(Errno.ENOTEMPTY);
        if (e instanceof java.nio.file.NotDirectoryException) return new SyscallException(Errno.ENOTDIR);
        if (e instanceof java.nio.file.NotLinkException) return new SyscallException(Errno.EINVAL);
        if (e instanceof java.nio.file.AtomicMoveNotSupportedException) return new SyscallException(Errno.EXDEV);
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            for (int i = 0; i < REASONS.length; i += 2) {
                if (r.contains((String) REASONS[i])) return new SyscallException((Integer) REASONS[i + 1]);
            }
        }
        return new SyscallException(Errno.EIO, e.getMessage());
    }

    private static final Object[] REASONS = {
        "Is a directory", Errno.EISDIR, "Not a directory", Errno.ENOTDIR, "Directory not empty", Errno.ENOTEMPTY,
        "Operation not permitted", Errno.EPERM, "Permission denied", Errno.EACCES, "File exists", Errno.EEXIST,
        "Invalid cross-device link", Errno.EXDEV, "Invalid argument", Errno.EINVAL, "Too many levels of symbolic links", Errno.ELOOP,
        "Read-only file system", Errno.EROFS, "Device or resource busy", Errno.EBUSY, "No space left", Errno.ENOSPC,
        "File name too long", Errno.ENAMETOOLONG, "Too many links", Errno.EMLINK, "No such file", Errno.ENOENT,
        "Text file busy", 26, "Operation not supported", Errno.ENOTSUP, "File too large", Errno.EFBIG,
    };

    private FileChannel file() throws SyscallException {
        if (channel == null) throw new SyscallException(Errno.EISDIR);
        return channel;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws SyscallException {
        if ((flags & O_ACCMODE) == O_WRONLY) throw new SyscallException(Errno.EBADF);
        int n = pread(buf, off, len, position);
        position += n;
        return n;
    }

    @Override
    public int write(byte[] buf, int off, int len) throws SyscallException {
        if ((flags & O_ACCMODE) == 0) throw new SyscallException(Errno.EBADF);
        try {
            if ((flags & O_APPEND) != 0) position = file().size();
        } catch (IOException e) {
            throw io(e);
        }
        int n = pwrite(buf, off, len, position);
        position += n;
        return n;
    }

    @Override
    public int pread(byte[] buf, int off, int len, long pos) throws SyscallException {
        try {
            int total = 0;
            ByteBuffer b = ByteBuffer.wrap(buf, off, len);
            while (b.hasRemaining()) {
                int n = file().read(b, pos + total);
                if (n <= 0) break;
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw io(e);
        }
    }

    @Override
    public int pwrite(byte[] buf, int off, int len, long pos) throws SyscallException {
        try {
            int total = 0;
            ByteBuffer b = ByteBuffer.wrap(buf, off, len);
            while (b.hasRemaining()) total += file().write(b, pos + total);
            return total;
        } catch (IOException e) {
            throw io(e);
        }
    }

    @Override
    public long seek(long offset, int whence) throws SyscallException {
        long base;
        try {
            base = switch (whence) {
                case 0 -> 0;
                case 1 -> position;
                case 2 -> {
                    if (channel == null) throw new SyscallException(Errno.EINVAL);
                    yield channel.size();
                }
                default -> throw new SyscallException(Errno.EINVAL);
            };
        } catch (IOException e) {
            throw io(e);
        }
        long p = base + offset;
        if (p < 0) throw new SyscallException(Errno.EINVAL);
        if (channel == null) dirPosition = (int) Math.min(p, Integer.MAX_VALUE);
        position = p;
        return p;
    }

    @Override
    public Stat stat() throws SyscallException { return stat(host, true); }

    /** Host metadata as a guest struct stat. */
    public static Stat stat(Path p, boolean follow) throws SyscallException {
        LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        try {
            // One host stat: every field comes from the same "unix" view read.
            java.util.Map<String, Object> unix = Files.readAttributes(p,
                "unix:mode,ino,dev,nlink,uid,gid,rdev,size,lastAccessTime,lastModifiedTime,ctime", opts);
            int mode = (Integer) unix.get("mode");
            long size = (Long) unix.get("size");
            return new Stat((Long) unix.get("dev"), (Long) unix.get("ino"), mode, (Integer) unix.get("nlink"),
                (Integer) unix.get("uid"), (Integer) unix.get("gid"), (Long) unix.get("rdev"), size, 4096, (size + 511) / 512,
                nanos((java.nio.file.attribute.FileTime) unix.get("lastAccessTime")),
                nanos((java.nio.file.attribute.FileTime) unix.get("lastModifiedTime")),
                nanos((java.nio.file.attribute.FileTime) unix.get("ctime")));
        } catch (IOException e) {
            throw io(e);
        }
    }

    private static long nanos(java.nio.file.attribute.FileTime t) {
        return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public List<DirEntry> list() throws SyscallException {
        if (channel != null) throw new SyscallException(Errno.ENOTDIR);
        List<DirEntry> out = new ArrayList<>();
        try {
            out.add(new DirEntry(".", (Long) Files.getAttribute(host, "unix:ino"), 4));
            out.add(new DirEntry("..", 1, 4));
            try (Stream<Path> s = Files.list(host)) {
                for (Path c : s.sorted().toList()) {
                    BasicFileAttributes a = Files.readAttributes(c, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    int type = a.isSymbolicLink() ? 10 : a.isDirectory() ? 4 : a.isRegularFile() ? 8 : 0;
                    long ino = (Long) Files.getAttribute(c, "unix:ino", LinkOption.NOFOLLOW_LINKS);
                    out.add(new DirEntry(c.getFileName().toString(), ino, type));
                }
            }
        } catch (IOException e) {
            throw io(e);
        }
        return out;
    }

    /** FIONREAD on a file: the bytes between the position and the end. */
    @Override
    public int available() throws SyscallException {
        try {
            return channel == null ? 0 : (int) Math.max(0, Math.min(Integer.MAX_VALUE, channel.size() - position));
        } catch (IOException e) {
            throw io(e);
        }
    }

    @Override public LockTable locks() { return locks; }

    @Override public Object lockKey() { return key; }

    @Override public int dirPosition() { return dirPosition; }

    @Override public void setDirPosition(int p) { dirPosition = p; }

    @Override public String path() { return guestPath; }

    @Override public int flags() { return flags; }

    @Override public void setFlags(int f) { flags = f; }

    @Override
    public void truncate(long length) throws SyscallException {
        try {
            file().truncate(length);
        } catch (IOException e) {
            throw io(e);
        }
    }

    @Override
    public void sync() throws SyscallException {
        try {
            if (channel != null) channel.force(true);
        } catch (IOException e) {
            throw io(e);
        }
    }

    @Override
    public void close() {
        if (shared != null) {
            shared.release(key, channel);
            return;
        }
        try {
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // Nothing the guest could do about it: close(2) on Linux also frees the descriptor.
        }
    }
}
