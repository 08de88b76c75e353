package org.feuerbird.libos.proc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A RISC-V 64 ELF executable as execve sees it: its loadable segments, entry point, and
 * where its program headers are. The LibOS parses ELF itself (it never uses the board's
 * loader: the LibOS sees the kernel API only), and rejects with a reason anything it
 * cannot run.
 */
public final class ElfImage {
    public static final int PT_LOAD = 1, PT_INTERP = 3, PT_PHDR = 6, PF_X = 1, PF_W = 2, PF_R = 4;
    private static final int EM_RISCV = 243, ET_EXEC = 2, ET_DYN = 3;

    /** One PT_LOAD segment. */
    public record Segment(long vaddr, long memsz, long offset, long filesz, int flags) {}

    /** Why a file is not a runnable executable; the message names the problem. */
    public static final class NotExecutable extends Exception {
        public NotExecutable(String why) { super(why, null, false, false); }
    }

    public final byte[] file;
    public final long entry;
    public final long phdr;
    public final int phent, phnum;
    public final List<Segment> segments;
    /** Load bias applied to a position-independent executable (0 for ET_EXEC). */
    public final long bias;

    private ElfImage(byte[] file, long entry, long phdr, int phent, int phnum, List<Segment> segments, long bias) {
        this.file = file;
        this.entry = entry;
        this.phdr = phdr;
        this.phent = phent;
        this.phnum = phnum;
        this.segments = segments;
        this.bias = bias;
    }

    /** Whether the bytes start like an ELF file at all (for the shell's 126/127 distinction). */
    public static boolean looksLikeElf(byte[] b) {
        return b.length >= 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
    }

    /** Parses an executable; a position-independent one is placed at {@code pieBase}. */
    public static ElfImage parse(byte[] b, long pieBase) throws NotExecutable {
        if (!looksLikeElf(b)) throw new NotExecutable("not an ELF file");
        if (b.length < 64) throw new NotExecutable("truncated ELF header");
        if (b[4] != 2) throw new NotExecutable("not a 64-bit ELF file");
        if (b[5] != 1) throw new NotExecutable("not a little-endian ELF file");
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int type = h.getShort(16) & 0xffff, machine = h.getShort(18) & 0xffff;
        if (machine != EM_RISCV) throw new NotExecutable("not a RISC-V executable (machine " + machine + ")");
        if (type != ET_EXEC && type != ET_DYN) throw new NotExecutable("not an executable (ELF type " + type + ")");
        long entry = h.getLong(24), phoff = h.getLong(32);
        int phent = h.getShort(54) & 0xffff, phnum = h.getShort(56) & 0xffff;
        if (phent < 56 || phnum == 0 || phnum > 256 || phoff < 0 || phoff > b.length || (long) phent * phnum > b.length - phoff) {
            throw new NotExecutable("bad program header table");
        }
        long bias = type == ET_DYN ? pieBase : 0;
        List<Segment> segs = new ArrayList<>();
        long phdrAddr = -1, firstLoadVaddrMinusOffset = Long.MIN_VALUE;
        for (int i = 0; i < phnum; i++) {
            int at = (int) (phoff + (long) i * phent);
            int ptype = h.getInt(at), flags = h.getInt(at + 4);
            long off = h.getLong(at + 8), vaddr = h.getLong(at + 16), filesz = h.getLong(at + 32), memsz = h.getLong(at + 40);
            if (ptype == PT_INTERP) throw new NotExecutable("dynamically linked (needs an interpreter); only static executables run for now");
            if (ptype == PT_PHDR) phdrAddr = vaddr + bias;
            if (ptype != PT_LOAD) continue;
            if (filesz < 0 || memsz < filesz || off < 0 || off > b.length || filesz > b.length - off) {
                throw new NotExecutable("segment " + i + " lies outside the file");
            }
            if (vaddr < 0 || vaddr + bias + memsz > (1L << 38) || memsz > (1L << 36)) {
                throw new NotExecutable("segment " + i + " outside the user address space");
            }
            if ((vaddr & 0xfff) != (off & 0xfff)) throw new NotExecutable("segment " + i + " is not page-aligned with its file offset");
            if (off == 0 || firstLoadVaddrMinusOffset == Long.MIN_VALUE && off <= phoff) firstLoadVaddrMinusOffset = vaddr - off;
            segs.add(new Segment(vaddr + bias, memsz, off, filesz, flags));
        }
        if (segs.isEmpty()) throw new NotExecutable("no loadable segment");
        if (phdrAddr < 0 && firstLoadVaddrMinusOffset != Long.MIN_VALUE) phdrAddr = firstLoadVaddrMinusOffset + phoff + bias;
        return new ElfImage(b, entry + bias, Math.max(phdrAddr, 0), phent, phnum, List.copyOf(segs), bias);
    }
}
