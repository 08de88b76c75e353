package org.feuerbird.libos.vm;

/**
 * A virtual memory area: {@code [start, end)} with protections and what backs it. Anonymous
 * private areas read as zeros until written; file-backed private areas read the bytes of
 * {@code file} (a snapshot of the mapped range) from {@code fileOffset} (past {@code fileEnd}
 * they are zeros, as a bss tail is). Shared areas map the pages of {@code object} from byte
 * offset {@code fileOffset}.
 */
public record Vma(long start, long end, int prot, boolean shared, byte[] file, long fileOffset, long fileEnd, String name,
                  SharedObject object) {
    public static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;

    public Vma(long start, long end, int prot, boolean shared, byte[] file, long fileOffset, long fileEnd, String name) {
        this(start, end, prot, shared, file, fileOffset, fileEnd, name, null);
    }

    public boolean contains(long va) { return va >= start && va < end; }

    public Vma withRange(long s, long e) {
        long off = file == null && object == null ? 0 : fileOffset + (s - start);
        return new Vma(s, e, prot, shared, file, off, fileEnd, name, object);
    }

    public Vma withProt(int p) { return new Vma(start, end, p, shared, file, fileOffset, fileEnd, name, object); }
}
