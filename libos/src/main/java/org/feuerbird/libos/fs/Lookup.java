package org.feuerbird.libos.fs;

/**
 * What a path walk learns of one name, and all it needs: the file's type (the S_IFMT bits of
 * its mode) and the file system's own identity of the file ({@code id}: the host's (device,
 * inode) key for hostfs, null where the file system has no use for one). The walk decides
 * from the type whether to descend, follow a link or stop; open(2) checks it against its
 * flags and gives the whole lookup to {@link FileSystem#open}, so a file system that already
 * knows the file need not ask the host again. Full metadata is {@link FileSystem#lstat}.
 */
public record Lookup(int type, Object id) {
    public boolean isDirectory() { return type == Stat.S_IFDIR; }

    public boolean isLink() { return type == Stat.S_IFLNK; }

    /** From a file's metadata: its type bits, no identity. */
    public static Lookup of(Stat st) { return new Lookup(st.mode() & Stat.S_IFMT, null); }
}
