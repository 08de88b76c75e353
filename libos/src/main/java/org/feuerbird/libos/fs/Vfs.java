package org.feuerbird.libos.fs;

import java.util.ArrayList;
import java.util.List;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.Process;

/**
 * The guest's file-system tree: a mount table (file systems at guest paths) and the one path
 * walk every system call uses. The walk keeps the guest path walked so far as a list of
 * components; each component is looked up in the file system mounted at the longest prefix
 * of that list. Consequences (docs/POSIX.md, "Files"):
 * <ul>
 * <li>{@code ..} removes the last walked component, so it crosses a mount point back into the
 *   parent file system, and stops at the guest root: nothing is above {@code /}.</li>
 * <li>Links are read by the walk and their text walked like the rest of the path (absolute
 *   targets from the guest root), whatever file system holds them; so a link may lead into
 *   another file system, and never outside the guest root.</li>
 * <li>A file system sees only walked paths and never follows a link itself.</li>
 * </ul>
 */
public final class Vfs {
    public static final int MAX_SYMLINKS = 40;

    /**
     * One entry of the mount table: where, what, and as /proc/mounts shows it: the source
     * ("proc", "tmpfs") and the options ("rw,nosuid,nodev"); {@code flags} are the ST_* bits
     * statfs reports for those options.
     */
    public record Mount(List<String> at, FileSystem fs, String source, String options, long flags) {
        /** The mount point as a guest path. */
        public String path() { return "/" + String.join("/", at); }
    }

    private final List<Mount> mounts = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Where a path led: the file system, the path inside it, the guest's absolute path, and
     * what the walk found there ({@code found}: null if the last component is absent).
     */
    public record Location(FileSystem fs, List<String> rel, String guest, boolean mountRoot, OpenFile magic, Lookup found) {
        /** The file's own metadata, or null if it does not exist. */
        public Stat statOrNull(Process p) throws SyscallException {
            if (magic != null) return magic.stat();
            try {
                return fs.lstat(p, rel);
            } catch (SyscallException e) {
                if (e.errno == Errno.ENOENT) return null;
                throw e;
            }
        }

        public Stat stat(Process p) throws SyscallException {
            Stat s = statOrNull(p);
            if (s == null) throw new SyscallException(Errno.ENOENT);
            return s;
        }

        public String name() { return rel.isEmpty() ? "" : rel.getLast(); }
    }

    /** Mounts {@code fs} at the guest directory {@code at} (absolute), "rw", named by its type. */
    public void mount(String at, FileSystem fs) {
        mount(at, fs, fs.type(), "rw");
    }

    /**
     * Mounts {@code fs} at {@code at}; later mounts may sit inside earlier ones. {@code source}
     * and {@code options} are what /proc/mounts shows (options: "rw" or "ro", then any of
     * nosuid, nodev, noexec, relatime, and file-system options such as size=…).
     */
    public void mount(String at, FileSystem fs, String source, String options) {
        long flags = 0;
        for (String o : options.split(",")) {
            flags |= switch (o) {
                case "ro" -> StatFs.ST_RDONLY;
                case "nosuid" -> StatFs.ST_NOSUID;
                case "nodev" -> StatFs.ST_NODEV;
                case "noexec" -> StatFs.ST_NOEXEC;
                case "relatime" -> StatFs.ST_RELATIME;
                default -> 0;
            };
        }
        mounts.add(new Mount(split(at), fs, source, options, flags));
    }

    /** The mount table in mount order (/proc/mounts). */
    public List<Mount> mounts() { return List.copyOf(mounts); }

    /** The mount holding the guest path {@code guest} (absolute, already walked): for fstatfs of an open file. */
    public Mount mountOf(String guest) { return mountOf(split(guest)); }

    private Mount mountOf(List<String> path) {
        Mount best = null;
        for (Mount m : mounts) {
            if (m.at.size() <= path.size() && path.subList(0, m.at.size()).equals(m.at)
                && (best == null || m.at.size() > best.at.size())) {
                best = m;
            }
        }
        if (best == null) throw new IllegalStateException("nothing mounted at /");
        return best;
    }

    /**
     * Walks {@code path} (absolute, or relative to the guest directory {@code cwd}). The last
     * component's link is followed when {@code followLast} (or the path ends in a slash). The
     * last component may be absent; every other must be a directory. Without a process
     * ({@code p} null: the boot code loading init) the walk starts at the real root.
     */
    public Location resolve(Process p, String cwd, String path, boolean followLast) throws SyscallException {
        return walk(p, split(p == null ? "/" : p.root), cwd, path, followLast);
    }

    /**
     * The walk, with {@code base} as the root: absolute paths and absolute link targets start
     * there and ".." does not climb above it (a chroot). A cwd outside the base (chroot
     * without chdir) walks as it is, as on Linux.
     */
    private Location walk(Process p, List<String> base, String cwd, String path, boolean followLast) throws SyscallException {
        if (path.isEmpty()) throw new SyscallException(Errno.ENOENT);
        if (path.length() > 4095) throw new SyscallException(Errno.ENAMETOOLONG);
        boolean slash = path.endsWith("/");
        List<String> todo = split(path);
        List<String> done = new ArrayList<>(path.startsWith("/") ? base : split(cwd));
        int links = 0;
        Lookup found = null;
        boolean looked = false;   // found is the last component's lookup
        while (!todo.isEmpty()) {
            String c = todo.removeFirst();
            looked = false;
            if (c.equals(".")) continue;
            if (c.equals("..")) {
                if (!done.isEmpty() && !done.equals(base)) done.removeLast();
                continue;
            }
            if (c.length() > 255) throw new SyscallException(Errno.ENAMETOOLONG);
            done.add(c);
            boolean last = todo.isEmpty();
            Mount m = mountOf(done);
            List<String> rel = List.copyOf(done.subList(m.at.size(), done.size()));
            Lookup f = m.fs.lookup(p, rel);
            if (f == null) {
                if (!last) throw new SyscallException(Errno.ENOENT);
                found = null;
                looked = true;
                break;
            }
            if (f.isLink() && (!last || followLast || slash)) {
                if (++links > MAX_SYMLINKS) throw new SyscallException(Errno.ELOOP);
                if (last) {
                    OpenFile magic = m.fs.magic(p, rel);
                    // Files with a real path are reached by walking it; the rest (pipes, the
                    // terminal, devices) only through their description.
                    if (magic != null && !(magic instanceof HostFile || magic instanceof TmpFile || magic instanceof SyntheticDir)) {
                        return new Location(m.fs, rel, "/" + String.join("/", done), false, magic, null);
                    }
                }
                String target = m.fs.readlink(p, rel);
                if (target.isEmpty()) throw new SyscallException(Errno.ENOENT);
                done.removeLast();
                List<String> rest = split(target);
                rest.addAll(todo);
                todo = rest;
                if (target.startsWith("/")) {
                    done.clear();
                    done.addAll(base);
                }
                continue;
            }
            if (!last && !f.isDirectory()) throw new SyscallException(Errno.ENOTDIR);
            found = f;
            looked = last;
        }
        Mount m = mountOf(done);
        List<String> rel = List.copyOf(done.subList(m.at.size(), done.size()));
        // A path ending in "." or "..", or the root itself: the walk ended on a directory it did not look up last.
        if (!looked) found = m.fs.lookup(p, rel);
        if (slash && found != null && !found.isDirectory()) throw new SyscallException(Errno.ENOTDIR);
        return new Location(m.fs, rel, "/" + String.join("/", done), rel.isEmpty(), null, found);
    }

    /** The location of an existing directory path kept by the LibOS (a cwd, an open directory's path). */
    public Location directory(Process p, String guest) throws SyscallException {
        // Paths the LibOS keeps are from the guest root, whatever the process's chroot.
        return walk(p, List.of(), "/", guest, true);
    }

    /** The components of a path: its names between slashes, empty ones (from "//" and the ends) left out. */
    static List<String> split(String path) {
        // Every system call with a path comes here: a scan, not String.split's array and regex check.
        List<String> out = new ArrayList<>(8);
        int n = path.length();
        for (int i = 0; i < n; ) {
            int j = path.indexOf('/', i);
            if (j < 0) j = n;
            if (j > i) out.add(path.substring(i, j));
            i = j + 1;
        }
        return out;
    }
}
