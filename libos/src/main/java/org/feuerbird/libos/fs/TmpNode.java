package org.feuerbird.libos.fs;

import java.util.TreeMap;

/**
 * One tmpfs inode: a regular file (bytes), a directory (named children) or a symbolic link
 * (target text), with the metadata struct stat shows. Hard links are several directory
 * entries naming the same node; an open file keeps its node after the last name is gone.
 */
final class TmpNode {
    final long ino;
    int mode;
    int uid, gid;
    int nlink;
    /** Open descriptions of it (an unlinked file lives until the last is closed). */
    int opens;
    long atime, mtime, ctime;
    /** Regular files: contents, of which the first {@code size} bytes are the file. */
    byte[] data = new byte[0];
    long size;
    /** Directories: entries other than "." and "..", sorted by name. */
    final TreeMap<String, TmpNode> entries;
    /** Directories: the parent ("..") ; the root is its own. */
    TmpNode parent;
    /** Symbolic links. */
    final String target;

    TmpNode(long ino, int mode, String target, long now) {
        this.ino = ino;
        this.mode = mode;
        this.target = target;
        this.entries = isDir() ? new TreeMap<>() : null;
        this.atime = this.mtime = this.ctime = now;
    }

    boolean isDir() { return (mode & Stat.S_IFMT) == Stat.S_IFDIR; }

    boolean isLink() { return (mode & Stat.S_IFMT) == Stat.S_IFLNK; }

    Stat stat(long dev) {
        long sz = isDir() ? 40 + 20L * entries.size() : isLink() ? target.length() : size;
        return new Stat(dev, ino, mode, nlink, uid, gid, 0, sz, 4096, (isDir() || isLink() ? 0 : (size + 4095) / 4096 * 8),
            atime, mtime, ctime);
    }
}
