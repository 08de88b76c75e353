package org.feuerbird.libos.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;

/**
 * A host directory passed through as the guest's file system, confined to it: guest paths
 * are walked one component at a time, {@code ..} stops at the root, and symbolic links are
 * read and followed by this walk (never by the host), absolute targets from the guest's
 * root, so no path, {@code ..} or link leads outside. As a {@link FileSystem} under the
 * {@link Vfs} it gets paths already walked that way, and touches the host only with
 * NOFOLLOW_LINKS, so the host never follows a link on the guest's behalf.
 */
public final class HostFs implements FileSystem {
    public static final int MAX_SYMLINKS = 40;
    private static final int O_TRUNC = 01000;

    private final Path root;
    private final LockTable locks = new LockTable();
    private final DirectoryCache directories = new DirectoryCache();
    private final HostChannels channels = new HostChannels();
    /** A directory the cache vouched for: no (device, inode) key was read (open reads it). */
    private static final Lookup CACHED_DIRECTORY = new Lookup(Stat.S_IFDIR, null);
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    public HostFs(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    public Path root() { return root; }

    /** The read-only channels shared among opens (for tests). */
    HostChannels channels() { return channels; }

    /** Like User-Mode Linux's host file system, which this is: type hostfs, its magic. */
    @Override
    public String type() { return "hostfs"; }

    /** Sizes of the host's file system that holds the root directory (its FileStore); inodes are not known: 0. */
    @Override
    public StatFs statfs(long flags) throws SyscallException {
        try {
            java.nio.file.FileStore store = Files.getFileStore(root);
            long bs = 4096;
            try {
                bs = Math.max(512, store.getBlockSize());
            } catch (UnsupportedOperationException | IOException e) {
                // The JDK cannot tell on this host: the common 4 KiB.
            }
            return new StatFs(StatFs.HOSTFS_SUPER_MAGIC, bs, store.getTotalSpace() / bs, store.getUnallocatedSpace() / bs,
                store.getUsableSpace() / bs, 0, 0, 255, flags);
        } catch (IOException e) {
            throw new SyscallException(Errno.EIO, e.getMessage());
        }
    }

    /** A resolved guest path: the host path inside the root, and the guest's absolute path. */
    public record Resolved(Path host, String guest) {}

    /**
     * Resolves {@code path} (absolute, or relative to the guest directory {@code cwd}). The
     * last component's link is followed when {@code followLast}. The result may not exist.
     */
    public Resolved resolve(String cwd, String path, boolean followLast) throws SyscallException {
        if (path.isEmpty()) throw new SyscallException(Errno.ENOENT);
        if (path.length() > 4095) throw new SyscallException(Errno.ENAMETOOLONG);
        List<String> todo = new ArrayList<>(split(path));
        List<String> done = path.startsWith("/") ? new ArrayList<>() : new ArrayList<>(split(cwd));
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.removeFirst();
            if (c.equals(".")) continue;
            if (c.equals("..")) {
                if (!done.isEmpty()) done.removeLast();
                continue;
            }
            if (c.length() > 255) throw new SyscallException(Errno.ENAMETOOLONG);
            done.add(c);
            Path host = hostOf(done);
            boolean last = todo.isEmpty();
            if (Files.isSymbolicLink(host) && (!last || followLast)) {
                if (++links > MAX_SYMLINKS) throw new SyscallException(Errno.ELOOP);
                String target;
                try {
                    target = Files.readSymbolicLink(host).toString();
                } catch (IOException e) {
                    throw new SyscallException(Errno.EIO, e.getMessage());
                }
                done.removeLast();
                List<String> rest = new ArrayList<>(split(target));
                rest.addAll(todo);
                todo = rest;
                if (target.startsWith("/")) done.clear();
                continue;
            }
            if (!last && Files.exists(host, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                throw new SyscallException(Errno.ENOTDIR);
            }
            if (!last && !Files.exists(host, LinkOption.NOFOLLOW_LINKS)) throw new SyscallException(Errno.ENOENT);
        }
        return new Resolved(hostOf(done), "/" + String.join("/", done));
    }

    /** The host path of a walked path: components are plain names (no "", ".", ".." or "/"). */
    public Path host(List<String> rel) throws SyscallException { return hostOf(rel); }

    @Override
    public Stat lstat(Process p, List<String> rel) throws SyscallException {
        return HostFile.stat(hostOf(rel), false);
    }

    /**
     * One cheap host lstat (the JDK's basic attributes: type and the (device, inode) key,
     * without the map of the unix view), or nothing for a directory walked in the last
     * second ({@link DirectoryCache}). Other types than directory, link and regular file
     * (FIFOs, sockets, devices) take the full lstat for their exact type.
     */
    @Override
    public Lookup lookup(Process p, List<String> rel) throws SyscallException {
        long now = System.nanoTime();
        if (directories.isDirectory(rel, now)) return CACHED_DIRECTORY;
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(hostOf(rel), BasicFileAttributes.class, NOFOLLOW);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw HostFile.io(e);
        }
        int type = a.isDirectory() ? Stat.S_IFDIR : a.isSymbolicLink() ? Stat.S_IFLNK : a.isRegularFile() ? Stat.S_IFREG
            : lstat(p, rel).mode() & Stat.S_IFMT;
        if (type == Stat.S_IFDIR) directories.remember(rel, now);
        return new Lookup(type, a.fileKey());
    }

    @Override
    public String readlink(Process p, List<String> rel) throws SyscallException {
        try {
            return Files.readSymbolicLink(hostOf(rel)).toString();
        } catch (IOException e) {
            throw HostFile.io(e);
        }
    }

    /**
     * Opens what {@link #lookup} found without asking the host about it again: directories
     * need no host handle (they are listed by path), regular files get a channel. FIFOs,
     * sockets and devices of the host directory are refused with ENXIO: the JDK cannot open
     * them without blocking or at all, and the guest's devices are devfs's anyway.
     */
    @Override
    public OpenFile open(Process p, List<String> rel, String guest, Lookup found, int flags, int mode) throws SyscallException {
        Path host = hostOf(rel);
        boolean create = found == null;
        if (!create && found.isDirectory()) return new HostFile(host, guest, null, flags, locks, found.id() != null ? found.id() : key(host));
        if (!create && found.type() != Stat.S_IFREG) {
            throw new SyscallException(Errno.ENXIO, "hostfs opens only regular files and directories");
        }
        int acc = flags & 3;
        if (!create && acc == 0 && (flags & O_TRUNC) == 0 && found.id() != null) {
            try {
                FileChannel ch = channels.acquire(host, found.id(), HostFs::fileKey);
                return new HostFile(host, guest, ch, flags, locks, found.id(), channels);
            } catch (IOException e) {
                throw HostFile.io(e);
            }
        }
        Set<OpenOption> opts = new HashSet<>();
        opts.add(LinkOption.NOFOLLOW_LINKS);
        if (acc == 0 || acc == 2) opts.add(StandardOpenOption.READ);
        if (acc == 1 || acc == 2) opts.add(StandardOpenOption.WRITE);
        if (create) opts.add(StandardOpenOption.CREATE_NEW);
        if ((flags & O_TRUNC) != 0 && acc != 0) opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        try {
            FileChannel ch = FileChannel.open(host, opts);
            // The host applies its own umask at creation; the guest's mode is set exactly afterwards.
            if (create) Files.setAttribute(host, "unix:mode", mode & 07777, NOFOLLOW);
            return new HostFile(host, guest, ch, flags, locks, create || found.id() == null ? key(host) : found.id());
        } catch (IOException e) {
            throw HostFile.io(e);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new SyscallException(Errno.ENXIO, e.getMessage());
        }
    }

    /** A file's (device, inode) key, which record locks are kept under; its path if the host will not say. */
    private static Object key(Path host) {
        try {
            Object k = fileKey(host);
            return k != null ? k : host;
        } catch (IOException e) {
            return host;
        }
    }

    /** The host's (device, inode) key of the file at {@code host} itself (links not followed); null if the host gives none. */
    private static Object fileKey(Path host) throws IOException {
        return Files.readAttributes(host, BasicFileAttributes.class, NOFOLLOW).fileKey();
    }

    @Override
    public void mkdir(Process p, List<String> rel, int mode) throws SyscallException {
        try {
            Path d = Files.createDirectory(hostOf(rel));
            Files.setAttribute(d, "unix:mode", mode & 07777, NOFOLLOW);
        } catch (IOException e) {
            throw HostFile.io(e);
        }
    }

    @Override
    public void remove(Process p, List<String> rel, boolean dir) throws SyscallException {
        Path h = hostOf(rel);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(h, BasicFileAttributes.class, NOFOLLOW);
        } catch (IOException e) {
            throw HostFile.io(e);
        }
        boolean isDir = a.isDirectory();
        if (dir && !isDir) throw new SyscallException(Errno.ENOTDIR);
        if (!dir && isDir) throw new SyscallException(Errno.EISDIR);
        try {
            Files.delete(h);
            // A kept channel would hold the unlinked file's space on the host disk.
            if (!isDir) channels.drop(a.fileKey());
        } catch (IOException e) {
            throw HostFile.io(e);
        } finally {
            if (isDir) directories.forget();
        }
    }

    @Override
    public void rename(Process p, List<String> from, List<String> to, int flags) throws SyscallException {
        Path a = hostOf(from), b = hostOf(to);
        if (!Files.exists(a, NOFOLLOW)) throw new SyscallException(Errno.ENOENT);
        // A renamed directory takes every path below it along: nothing remembered holds.
        directories.forget();
        try {
            if ((flags & 2) != 0) {
                // RENAME_EXCHANGE has no JDK call: three renames through a fresh name (not atomic).
                if (!Files.exists(b, NOFOLLOW)) throw new SyscallException(Errno.ENOENT);
                if (a.equals(b)) return;
                Path tmp = a.resolveSibling(".feuerbird-exchange-" + System.nanoTime());
                Files.move(a, tmp, StandardCopyOption.ATOMIC_MOVE);
                Files.move(b, a, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, b, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            // RENAME_NOREPLACE: checked, then renamed (a race with the host's other users remains).
            if ((flags & 1) != 0 && Files.exists(b, NOFOLLOW)) throw new SyscallException(Errno.EEXIST);
            Files.move(a, b, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw HostFile.io(e);
        }
    }

    @Override
    public void link(Process p, List<String> from, List<String> to) throws SyscallException {
        try {
            Files.createLink(hostOf(to), hostOf(from));
        } catch (IOException e) {
            throw HostFile.io(e);
        }
    }

    @Override
    public void symlink(Process p, String target, List<String> rel) throws SyscallException {
        try {
            Files.createSymbolicLink(hostOf(rel), Path.of(target));
        } catch (IOException e) {
            throw HostFile.io(e);
        } catch (java.nio.file.InvalidPathException e) {
            throw new SyscallException(Errno.EINVAL);
        }
    }

    @Override
    public void chmod(Process p, List<String> rel, int mode) throws SyscallException {
        Path h = hostOf(rel);
        if (Files.isSymbolicLink(h)) throw new SyscallException(Errno.ENOTSUP);   // Linux has no lchmod
        setAttribute(h, "unix:mode", mode & 07777);
        permissionsChanged(h);
    }

    @Override
    public void chown(Process p, List<String> rel, int uid, int gid) throws SyscallException {
        Path h = hostOf(rel);
        lstat(p, rel);
        if (uid != -1) setAttribute(h, "unix:uid", uid);
        if (gid != -1) setAttribute(h, "unix:gid", gid);
        permissionsChanged(h);
    }

    /** Who may open the file changed: the next read-only open asks the host again, not a kept channel. */
    private void permissionsChanged(Path h) {
        try {
            channels.drop(fileKey(h));
        } catch (IOException e) {
            // Gone already: a kept channel of it expires by itself.
        }
    }

    private static void setAttribute(Path h, String name, int value) throws SyscallException {
        try {
            Files.setAttribute(h, name, value, NOFOLLOW);
        } catch (IOException e) {
            throw HostFile.io(e);
        }
    }

    @Override
    public void utimes(Process p, List<String> rel, long atime, long mtime) throws SyscallException {
        Path h = hostOf(rel);
        try {
            Files.getFileAttributeView(h, BasicFileAttributeView.class, NOFOLLOW).setTimes(
                mtime == OMIT ? null : FileTime.from(mtime, java.util.concurrent.TimeUnit.NANOSECONDS),
                atime == OMIT ? null : FileTime.from(atime, java.util.concurrent.TimeUnit.NANOSECONDS), null);
        } catch (IOException e) {
            throw HostFile.io(e);
        }
    }

    @Override
    public void access(Process p, List<String> rel, int mode) throws SyscallException {
        Path h = hostOf(rel);
        List<java.nio.file.AccessMode> m = new ArrayList<>();
        if ((mode & 4) != 0) m.add(java.nio.file.AccessMode.READ);
        if ((mode & 2) != 0) m.add(java.nio.file.AccessMode.WRITE);
        if ((mode & 1) != 0) m.add(java.nio.file.AccessMode.EXECUTE);
        lstat(p, rel);
        try {
            h.getFileSystem().provider().checkAccess(h, m.toArray(new java.nio.file.AccessMode[0]));
        } catch (IOException e) {
            throw HostFile.io(e);
        }
    }

    private Path hostOf(List<String> components) throws SyscallException {
        Path p = root;
        try {
            for (String c : components) p = p.resolve(c);
        } catch (InvalidPathException e) {
            // The JDK encodes host file names in the JVM's locale (sun.jnu.encoding); under C
            // or POSIX that is ASCII, and a name like "é" has no host form at all. The guest
            // gets an errno for it, never the JDK's exception.
            throw new SyscallException(Errno.EILSEQ, e.getMessage());
        }
        return p;
    }

    static List<String> split(String path) { return Vfs.split(path); }
}
