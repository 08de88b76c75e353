package org.feuerbird.libos.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;

/**
 * A host directory passed through as the guest's file system, confined to it: guest paths
 * are walked one component at a time, {@code ..} stops at the root, and symbolic links are
 * read and followed by this walk (never by the host), absolute targets from the guest's
 * root, so no path, {@code ..} or link leads outside.
 */
public final class HostFs {
    public static final int MAX_SYMLINKS = 40;

    private final Path root;

    public HostFs(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    public Path root() { return root; }

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

    private Path hostOf(List<String> components) {
        Path p = root;
        for (String c : components) p = p.resolve(c);
        return p;
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) if (!c.isEmpty()) out.add(c);
        return out;
    }
}
