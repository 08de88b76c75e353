package org.feuerbird.libos.fs;

/**
 * File metadata with the fields of Linux's struct stat. {@code mode} includes the file type
 * bits (S_IFREG, S_IFDIR, ...).
 */
public record Stat(long dev, long ino, int mode, int nlink, int uid, int gid, long rdev, long size, long blksize,
                   long blocks, long atimeNanos, long mtimeNanos, long ctimeNanos) {
    public static final int S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000, S_IFDIR = 0040000, S_IFCHR = 0020000, S_IFIFO = 0010000;

    /** struct stat of riscv64 (asm-generic): 128 bytes, little-endian. */
    public byte[] toLinux() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(128).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(dev).putLong(ino).putInt(mode).putInt(nlink).putInt(uid).putInt(gid).putLong(rdev).putLong(0)
            .putLong(size).putInt((int) blksize).putInt(0).putLong(blocks)
            .putLong(atimeNanos / 1_000_000_000).putLong(atimeNanos % 1_000_000_000)
            .putLong(mtimeNanos / 1_000_000_000).putLong(mtimeNanos % 1_000_000_000)
            .putLong(ctimeNanos / 1_000_000_000).putLong(ctimeNanos % 1_000_000_000);
        return b.array();
    }
}
