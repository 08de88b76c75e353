package org.feuerbird.libos.vm;

/**
 * A virtual memory area: {@code [start, end)} with protections and what backs it. Anonymous
 * areas read as zeros until written; file-backed private areas read the file's bytes from
 * {@code fileOffset} (past {@code fileEnd} they are zeros, as a bss tail is).
 */
public record Vma(long start, long end, int prot, boolean shared, byte[] file, long fileOffset, long fileEnd, String name) {
    public static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;

    public boolean contains(long va) { return va >= start && va < end; }

    public Vma withRange(long s, long e) {
        long off = file == null ? 0 : fileOffset + (s - start);
        return new Vma(s, e, prot, shared, file, off, fileEnd, name);
    }

    public Vma withProt(int p) { return new Vma(start, end, p, shared, file, fileOffset, fileEnd, name); }
}
