package org.feuerbird.hardware.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small ELF64 images by hand for the tests, so that they need no cross toolchain.
 *
 * <p>The layout is the simplest legal one: the ELF header, the program header table right after it, then
 * the file bytes of each segment in order. Every header field is a public, mutable field with a sane
 * default, so that a test can break exactly one thing; {@code null} in an optional field means "compute it
 * from the layout".
 */
final class ElfImageBuilder {
    int elfClass = 2;
    int dataEncoding = 1;
    int identVersion = 1;
    int type = ElfFile.ET_EXEC;
    int machine = ElfFile.EM_RISCV;
    int version = 1;
    long entry = 0x8000_0000L;
    int flags = ElfFile.EF_RISCV_RVC | ElfFile.EF_RISCV_FLOAT_ABI_DOUBLE;
    int ehsize = 64;
    int phentsize = 56;
    /** What e_phnum says; by default the number of segments. */
    Integer phnum;
    /** What e_phoff says; by default 64. The table itself is always written at offset 64. */
    Long phoff;

    final List<Segment> segments = new ArrayList<>();

    /** One program header; fields left {@code null} are filled in by {@link #build()}. */
    static final class Segment {
        int type;
        int flags;
        Long offset;
        long vaddr;
        Long paddr;
        Long filesz;
        long memsz;
        long align = 0x1000;
        byte[] data = {};
        /** Like a linker's first PT_LOAD: starts at file offset 0 and holds the ELF and program headers. */
        boolean coversHeaders;
    }

    /** Adds a PT_LOAD with these file bytes, {@code memsz} in memory (the rest is bss), paddr = vaddr. */
    Segment load(long vaddr, int flags, byte[] data, long memsz) {
        Segment s = add(ElfSegment.PT_LOAD, flags, data);
        s.vaddr = vaddr;
        s.memsz = memsz;
        return s;
    }

    /** Adds a read-only PT_LOAD at {@code vaddr} that covers the ELF header and the program header table. */
    Segment headerLoad(long vaddr) {
        Segment s = add(ElfSegment.PT_LOAD, ElfSegment.PF_R, new byte[0]);
        s.vaddr = vaddr;
        s.coversHeaders = true;
        return s;
    }

    /** Adds a PT_INTERP naming {@code path}, NUL-terminated as the spec wants. */
    Segment interp(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[p.length + 1];
        System.arraycopy(p, 0, withNul, 0, p.length);
        Segment s = add(ElfSegment.PT_INTERP, ElfSegment.PF_R, withNul);
        s.align = 1;
        return s;
    }

    /** Adds a header of any type with these file bytes and memsz = their length. */
    Segment add(int type, int flags, byte[] data) {
        Segment s = new Segment();
        s.type = type;
        s.flags = flags;
        s.data = data;
        s.memsz = data.length;
        segments.add(s);
        return s;
    }

    /** The offset at which the program header table will be placed. */
    long tableOffset() {
        return phoff != null ? phoff : 64;
    }

    byte[] build() {
        int tableEnd = 64 + segments.size() * 56;
        int size = tableEnd;
        for (Segment s : segments) size += s.data.length;
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) dataEncoding, (byte) identVersion});
        out.putShort(16, (short) type).putShort(18, (short) machine).putInt(20, version);
        out.putLong(24, entry).putLong(32, tableOffset()).putLong(40, 0).putInt(48, flags);
        out.putShort(52, (short) ehsize).putShort(54, (short) phentsize);
        out.putShort(56, (short) (phnum != null ? phnum : segments.size()));
        out.putShort(58, (short) 64).putShort(60, (short) 0).putShort(62, (short) 0);

        int dataAt = tableEnd;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            long offset = s.coversHeaders ? 0 : dataAt;
            long filesz = s.coversHeaders ? tableEnd : s.data.length;
            long memsz = s.coversHeaders ? Math.max(s.memsz, tableEnd) : s.memsz;
            out.put(dataAt, s.data);
            dataAt += s.data.length;
            int at = 64 + i * 56;
            out.putInt(at, s.type).putInt(at + 4, s.flags)
                    .putLong(at + 8, s.offset != null ? s.offset : offset)
                    .putLong(at + 16, s.vaddr)
                    .putLong(at + 24, s.paddr != null ? s.paddr : s.vaddr)
                    .putLong(at + 32, s.filesz != null ? s.filesz : filesz)
                    .putLong(at + 40, memsz)
                    .putLong(at + 48, s.align);
        }
        return out.array();
    }

    /** A valid little bare-metal program: code, data with a bss tail, a GNU_STACK header. */
    static ElfImageBuilder sample() {
        ElfImageBuilder b = new ElfImageBuilder();
        b.load(0x8000_0000L, ElfSegment.PF_R | ElfSegment.PF_X, bytes(0x13, 0x05, 0x10, 0x00, 0x73, 0x00, 0x10, 0x00), 8);
        b.load(0x8000_1000L, ElfSegment.PF_R | ElfSegment.PF_W, bytes(1, 2, 3, 4, 5), 0x20);
        b.add(ElfSegment.PT_GNU_STACK, ElfSegment.PF_R | ElfSegment.PF_W, new byte[0]).align = 16;
        return b;
    }

    /** A valid dynamically linked PIE: headers loaded at 0, an interpreter, PT_PHDR, code and data. */
    static ElfImageBuilder samplePie() {
        ElfImageBuilder b = new ElfImageBuilder();
        b.type = ElfFile.ET_DYN;
        b.entry = 0x1040;
        Segment phdr = b.add(ElfSegment.PT_PHDR, ElfSegment.PF_R, new byte[0]);
        b.interp("/lib/ld-linux-riscv64-lp64d.so.1");
        b.headerLoad(0);
        b.load(0x1000, ElfSegment.PF_R | ElfSegment.PF_X, new byte[0x80], 0x80);
        b.load(0x2000, ElfSegment.PF_R | ElfSegment.PF_W, new byte[0x10], 0x400);
        phdr.offset = 64L;
        phdr.vaddr = 64;
        phdr.filesz = (long) b.segments.size() * 56;
        phdr.memsz = b.segments.size() * 56L;
        return b;
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }
}
