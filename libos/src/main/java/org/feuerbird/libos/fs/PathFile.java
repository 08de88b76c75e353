package org.feuerbird.libos.fs;

/** An O_PATH descriptor: names a file for *at calls and fstat, but cannot be read or written. */
public final class PathFile implements OpenFile {
    private final Stat stat;
    private final String guest;
    private int flags;

    public PathFile(Stat stat, String guest, int flags) {
        this.stat = stat;
        this.guest = guest;
        this.flags = flags;
    }

    @Override public Stat stat() { return stat; }

    @Override public String path() { return guest; }

    @Override public int flags() { return flags; }

    @Override public void setFlags(int f) { flags = f; }
}
