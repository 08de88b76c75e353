package org.feuerbird.libos.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What statfs(2) tells about a file system, in Linux's terms: its magic number, block size,
 * blocks total/free/available, inodes total/free, name length, fragment size and mount flags.
 */
public record StatFs(long type, long bsize, long blocks, long bfree, long bavail, long files, long ffree, long namelen, long flags) {
    /** Linux's f_type values for the file systems here (and what fstatfs meets besides files). */
    public static final long TMPFS_MAGIC = 0x01021994L, PROC_SUPER_MAGIC = 0x9fa0L, HOSTFS_SUPER_MAGIC = 0x00c0ffeeL,
        PIPEFS_MAGIC = 0x50495045L, DEVPTS_SUPER_MAGIC = 0x1cd1L, ANON_INODE_FS_MAGIC = 0x09041934L;
    /** f_flags: ST_VALID says the flags are meaningful (Linux sets it). */
    public static final long ST_RDONLY = 1, ST_NOSUID = 2, ST_NODEV = 4, ST_NOEXEC = 8, ST_RELATIME = 0x400, ST_VALID = 0x20;
    public static final int SIZE = 120;

    /** A file system that stores nothing (proc, pipefs): zero blocks, as Linux reports them. */
    public static StatFs empty(long type, long flags) {
        return new StatFs(type, 4096, 0, 0, 0, 0, 0, 255, flags);
    }

    /** struct statfs of riscv64 (120 bytes); f_fsid is 0 as Linux gives for these file systems. */
    public byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(type).putLong(bsize).putLong(blocks).putLong(bfree).putLong(bavail).putLong(files).putLong(ffree);
        b.putLong(0).putLong(namelen).putLong(bsize).putLong(flags | ST_VALID);
        return b.array();
    }
}
