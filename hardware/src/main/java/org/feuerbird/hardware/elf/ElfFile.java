package org.feuerbird.hardware.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.feuerbird.hardware.memory.Ram;

/**
 * A RISC-V ELF64 executable ({@code ET_EXEC}) or position-independent executable / shared object
 * ({@code ET_DYN}), parsed and checked.
 *
 * <p>All checking happens in {@link #parse}: the identification bytes, the machine, the type, the header
 * sizes, the bounds of the program header table and of every segment's file bytes, and, for loadable
 * segments, {@code filesz <= memsz} and no address overflow. After that every accessor only reads checked
 * values, so a malformed image fails in one place with an {@link ElfFormatException} naming the problem,
 * and never with an {@code IndexOutOfBoundsException} later. All offsets and sizes are computed so that
 * they cannot overflow (file fields are unsigned 64-bit; the image is under 2 GiB).
 *
 * <p>Section headers are not read: loading needs only the program headers, as for the Linux kernel.
 * Addresses are those in the file; an {@code ET_DYN} image is placed by adding a bias chosen by the
 * loader. The image array is kept, not copied; callers must not modify it afterwards.
 */
public final class ElfFile {
    /** {@code e_type} of a position-dependent executable. */
    public static final int ET_EXEC = 2;
    /** {@code e_type} of a position-independent executable or a shared object (such as {@code ld.so}). */
    public static final int ET_DYN = 3;
    /** {@code e_machine} of RISC-V. */
    public static final int EM_RISCV = 243;

    /** {@code e_flags}: the code uses compressed instructions. */
    public static final int EF_RISCV_RVC = 0x1;
    /** {@code e_flags}: the mask of the floating-point calling convention, one of the four below. */
    public static final int EF_RISCV_FLOAT_ABI = 0x6;
    /** Floating-point arguments in integer registers (lp64). */
    public static final int EF_RISCV_FLOAT_ABI_SOFT = 0x0;
    /** Single-precision arguments in FP registers (lp64f). */
    public static final int EF_RISCV_FLOAT_ABI_SINGLE = 0x2;
    /** Single- and double-precision arguments in FP registers (lp64d, what Debian's riscv64 uses). */
    public static final int EF_RISCV_FLOAT_ABI_DOUBLE = 0x4;
    /** Quad precision too (lp64q). */
    public static final int EF_RISCV_FLOAT_ABI_QUAD = 0x6;
    /** {@code e_flags}: built for the embedded base ISA with 16 registers. */
    public static final int EF_RISCV_RVE = 0x8;
    /** {@code e_flags}: requires the RVTSO memory model. */
    public static final int EF_RISCV_TSO = 0x10;

    private static final int EHDR_SIZE = 64;
    private static final int PHDR_SIZE = 56;
    /** e_phnum's escape value: the real count is in section header 0, an extension we do not support. */
    private static final int PN_XNUM = 0xffff;
    /** Linux's PATH_MAX; a longer PT_INTERP is rejected by the kernel, and so here. */
    private static final int MAX_INTERP = 4096;

    private final byte[] image;
    private final int type;
    private final int flags;
    private final long entry;
    private final long phoff;
    private final int phentsize;
    private final List<ElfSegment> programHeaders;
    private final List<ElfSegment> loadSegments;
    private final String interpreter;
    private final OptionalLong phdrAddress;
    private final long lowestAddress;
    private final long endAddress;

    private ElfFile(byte[] image, int type, int flags, long entry, long phoff, int phentsize,
                    List<ElfSegment> programHeaders, String interpreter) {
        this.image = image;
        this.type = type;
        this.flags = flags;
        this.entry = entry;
        this.phoff = phoff;
        this.phentsize = phentsize;
        this.programHeaders = List.copyOf(programHeaders);
        this.loadSegments = programHeaders.stream().filter(ElfSegment::isLoad).toList();
        this.interpreter = interpreter;
        this.phdrAddress = findPhdrAddress();
        long low = -1, end = 0;
        for (ElfSegment s : loadSegments) {
            if (Long.compareUnsigned(s.vaddr(), low) < 0) low = s.vaddr();
            if (Long.compareUnsigned(s.vend(), end) > 0) end = s.vend();
        }
        this.lowestAddress = low;
        this.endAddress = end;
    }

    /**
     * Parses and checks an ELF image.
     *
     * @param image the whole file; kept by the returned object, not copied
     * @throws ElfFormatException if the image is not a well-formed RISC-V ELF64 executable
     */
    public static ElfFile parse(byte[] image) throws ElfFormatException {
        int length = image.length;
        if (length < 4 || image[0] != 0x7f || image[1] != 'E' || image[2] != 'L' || image[3] != 'F') {
            throw new ElfFormatException("not an ELF file");
        }
        if (length < 16) throw truncatedHeader(length);
        checkIdent(image[4], image[5], image[6]);
        if (length < EHDR_SIZE) throw truncatedHeader(length);

        ByteBuffer in = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int type = in.getShort(16) & 0xffff;
        int machine = in.getShort(18) & 0xffff;
        if (machine != EM_RISCV) {
            throw new ElfFormatException("ELF for machine " + machineName(machine) + ", not RISC-V");
        }
        int version = in.getInt(20);
        if (version != 1) throw new ElfFormatException("unsupported ELF version " + Integer.toUnsignedString(version));
        if (type != ET_EXEC && type != ET_DYN) throw new ElfFormatException(typeProblem(type));
        long entry = in.getLong(24);
        long phoff = in.getLong(32);
        int flags = in.getInt(48);
        int ehsize = in.getShort(52) & 0xffff;
        int phentsize = in.getShort(54) & 0xffff;
        int phnum = in.getShort(56) & 0xffff;
        if (ehsize != EHDR_SIZE) throw new ElfFormatException("ELF header size " + ehsize + ", expected 64");
        if (phnum == 0) throw new ElfFormatException("no program headers");
        if (phnum == PN_XNUM) throw new ElfFormatException("too many program headers (PN_XNUM is not supported)");
        if (phentsize != PHDR_SIZE) {
            throw new ElfFormatException("program header size " + phentsize + ", expected " + PHDR_SIZE);
        }
        if (!fitsInFile(phoff, (long) phnum * PHDR_SIZE, length)) {
            throw new ElfFormatException(String.format(
                    "truncated program header table (%d entries at offset 0x%x, file size 0x%x)", phnum, phoff, length));
        }

        List<ElfSegment> headers = new ArrayList<>(phnum);
        String interpreter = null;
        for (int i = 0; i < phnum; i++) {
            ElfSegment s = readProgramHeader(in, (int) phoff + i * PHDR_SIZE);
            checkSegment(i, s, length);
            if (s.type() == ElfSegment.PT_INTERP && interpreter == null) {
                interpreter = readInterpreter(image, s);  // the first one counts, as in Linux
            }
            headers.add(s);
        }
        if (headers.stream().noneMatch(ElfSegment::isLoad)) throw new ElfFormatException("no loadable segment");
        return new ElfFile(image, type, flags, entry, phoff, phentsize, headers, interpreter);
    }

    /**
     * Reads and parses an ELF file.
     *
     * @throws IOException if the file cannot be read
     * @throws ElfFormatException if it is not a well-formed RISC-V ELF64 executable, or too large to hold
     */
    public static ElfFile read(Path file) throws IOException, ElfFormatException {
        if (Files.size(file) > Integer.MAX_VALUE - 8) {
            throw new ElfFormatException("file too large for an ELF image: " + Files.size(file) + " bytes");
        }
        return parse(Files.readAllBytes(file));
    }

    // ---- the header ----

    /** {@code e_type}: {@link #ET_EXEC} or {@link #ET_DYN}. */
    public int type() { return type; }

    /** True for {@code ET_DYN} (a PIE or a shared object such as {@code ld.so}), which needs a load bias. */
    public boolean isDynamic() { return type == ET_DYN; }

    /** {@code e_entry}, unbiased. */
    public long entry() { return entry; }

    /** {@code e_flags}; see the {@code EF_RISCV_*} constants. */
    public int flags() { return flags; }

    /** True if {@code e_flags} says the code contains compressed instructions. */
    public boolean usesCompressed() { return (flags & EF_RISCV_RVC) != 0; }

    /** The floating-point ABI bits of {@code e_flags}, one of the {@code EF_RISCV_FLOAT_ABI_*} values. */
    public int floatAbi() { return flags & EF_RISCV_FLOAT_ABI; }

    /** {@code e_phoff}: where the program header table starts in the file. */
    public long phoff() { return phoff; }

    /** {@code e_phentsize}: the size of one program header (always 56 here), for {@code AT_PHENT}. */
    public int phentsize() { return phentsize; }

    /** {@code e_phnum}: the number of program headers, for {@code AT_PHNUM}. */
    public int phnum() { return programHeaders.size(); }

    /** The length of the image in bytes. */
    public int size() { return image.length; }

    // ---- the program headers ----

    /** All program headers, in file order. */
    public List<ElfSegment> programHeaders() { return programHeaders; }

    /** The {@code PT_LOAD} segments, in file order (never empty). */
    public List<ElfSegment> loadSegments() { return loadSegments; }

    /** The program interpreter named by the first {@code PT_INTERP} (e.g. {@code /lib/ld-linux-riscv64-lp64d.so.1}). */
    public Optional<String> interpreter() { return Optional.ofNullable(interpreter); }

    /**
     * The unbiased virtual address of the program header table in the loaded image, for {@code AT_PHDR}.
     * Found as Linux finds it: inside the {@code PT_LOAD} segment whose file bytes contain {@code e_phoff};
     * failing that, from a {@code PT_PHDR} header; empty if the table is not loaded at all.
     */
    public OptionalLong phdrAddress() { return phdrAddress; }

    /** The lowest {@code p_vaddr} of the loadable segments (unsigned comparison). */
    public long lowestAddress() { return lowestAddress; }

    /** One past the highest loaded virtual address: the largest {@code p_vaddr + p_memsz} of the loadable segments. */
    public long endAddress() { return endAddress; }

    /**
     * The file bytes of a segment of this image ({@code filesz} of them, without the zero tail), as a
     * read-only little-endian view, without copying.
     *
     * @throws IllegalArgumentException if the segment's file range is not inside this image
     */
    public ByteBuffer fileBytes(ElfSegment segment) {
        if (!fitsInFile(segment.offset(), segment.filesz(), image.length)) {
            throw new IllegalArgumentException("segment is not part of this image: " + segment);
        }
        return ByteBuffer.wrap(image, (int) segment.offset(), (int) segment.filesz()).slice()
                .asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    // ---- loading, for bare-metal images ----

    /**
     * Copies every loadable segment into RAM at physical address {@code p_vaddr + bias} and zeroes its bss
     * tail, as a boot ROM would for a bare-metal program. All segments are checked to fit before anything
     * is written. Segments with {@code memsz = 0} are skipped. Bytes of RAM outside the segments are left
     * as they are.
     *
     * @param bias added to each {@code p_vaddr} (modulo 2^64) to give the physical address
     * @throws ElfFormatException if a segment does not lie wholly inside RAM
     */
    public void loadInto(Ram ram, long bias) throws ElfFormatException {
        for (int i = 0; i < programHeaders.size(); i++) {
            ElfSegment s = programHeaders.get(i);
            if (s.isLoad() && s.memsz() != 0 && !ram.contains(s.vaddr() + bias, s.memsz())) {
                throw new ElfFormatException(String.format(
                        "segment %d (vaddr 0x%x, memsz 0x%x) at physical 0x%x does not fit in RAM [0x%x, 0x%x)",
                        i, s.vaddr(), s.memsz(), s.vaddr() + bias, ram.base(), ram.end()));
            }
        }
        for (ElfSegment s : loadSegments) {
            if (s.memsz() == 0) continue;
            long pa = s.vaddr() + bias;
            ram.write(pa, image, (int) s.offset(), (int) s.filesz());
            ram.fill(pa + s.filesz(), s.bssSize(), (byte) 0);
        }
    }

    @Override
    public String toString() {
        return String.format("ELF64 RISC-V %s, entry 0x%x, %d program headers%s",
                isDynamic() ? "ET_DYN" : "ET_EXEC", entry, phnum(),
                interpreter == null ? "" : ", interpreter " + interpreter);
    }

    // ---- checks ----

    private static void checkIdent(byte elfClass, byte data, byte version) throws ElfFormatException {
        if (elfClass == 1) throw new ElfFormatException("32-bit ELF, need ELF64");
        if (elfClass != 2) throw new ElfFormatException("invalid ELF class " + (elfClass & 0xff));
        if (data == 2) throw new ElfFormatException("big-endian ELF");
        if (data != 1) throw new ElfFormatException("invalid ELF data encoding " + (data & 0xff));
        if (version != 1) throw new ElfFormatException("unsupported ELF version " + (version & 0xff));
    }

    private static ElfSegment readProgramHeader(ByteBuffer in, int at) {
        return new ElfSegment(in.getInt(at), in.getInt(at + 4), in.getLong(at + 8), in.getLong(at + 16),
                in.getLong(at + 24), in.getLong(at + 32), in.getLong(at + 40), in.getLong(at + 48));
    }

    private static void checkSegment(int i, ElfSegment s, int length) throws ElfFormatException {
        if (!fitsInFile(s.offset(), s.filesz(), length)) {
            throw new ElfFormatException(String.format(
                    "segment %d (%s): file bytes at 0x%x, size 0x%x, lie outside the file (size 0x%x)",
                    i, s.typeName(), s.offset(), s.filesz(), length));
        }
        // Only loadable segments describe memory; others may legitimately have memsz 0 with file bytes
        // (PT_RISCV_ATTRIBUTES does).
        if (!s.isLoad()) return;
        if (Long.compareUnsigned(s.filesz(), s.memsz()) > 0) {
            throw new ElfFormatException(String.format(
                    "segment %d: filesz 0x%x is larger than memsz 0x%x", i, s.filesz(), s.memsz()));
        }
        if (addOverflows(s.vaddr(), s.memsz()) || addOverflows(s.paddr(), s.memsz())) {
            throw new ElfFormatException(String.format(
                    "segment %d: address range overflows (vaddr 0x%x, paddr 0x%x, memsz 0x%x)",
                    i, s.vaddr(), s.paddr(), s.memsz()));
        }
    }

    private static String readInterpreter(byte[] image, ElfSegment s) throws ElfFormatException {
        long size = s.filesz();
        if (size < 2 || size > MAX_INTERP) {
            throw new ElfFormatException("PT_INTERP of " + Long.toUnsignedString(size) + " bytes is not a path");
        }
        int start = (int) s.offset();
        int len = (int) size - 1;
        for (int i = 0; i < len; i++) {
            if (image[start + i] == 0) throw new ElfFormatException("PT_INTERP path contains a NUL byte");
        }
        if (image[start + len] != 0) throw new ElfFormatException("PT_INTERP path is not NUL-terminated");
        return new String(image, start, len, StandardCharsets.UTF_8);
    }

    private OptionalLong findPhdrAddress() {
        for (ElfSegment s : loadSegments) {
            if (Long.compareUnsigned(s.offset(), phoff) <= 0 && Long.compareUnsigned(phoff - s.offset(), s.filesz()) < 0) {
                return OptionalLong.of(s.vaddr() + (phoff - s.offset()));
            }
        }
        for (ElfSegment s : programHeaders) {
            if (s.type() == ElfSegment.PT_PHDR) return OptionalLong.of(s.vaddr());
        }
        return OptionalLong.empty();
    }

    /** True if the unsigned range {@code [offset, offset + size)} lies inside a file of {@code length} bytes. */
    private static boolean fitsInFile(long offset, long size, int length) {
        return Long.compareUnsigned(offset, length) <= 0 && Long.compareUnsigned(size, length - offset) <= 0;
    }

    /**
     * True if {@code base + size}, both unsigned, does not fit in 64 bits. A range ending exactly at 2^64
     * counts as overflowing, so that every segment's end address is representable.
     */
    private static boolean addOverflows(long base, long size) {
        return Long.compareUnsigned(base + size, base) < 0;
    }

    private static ElfFormatException truncatedHeader(int length) {
        return new ElfFormatException("truncated ELF header (" + length + " bytes, need 64)");
    }

    private static String typeProblem(int type) {
        return switch (type) {
            case 0 -> "ELF of type ET_NONE, not an executable";
            case 1 -> "relocatable object (ET_REL), not an executable";
            case 4 -> "core dump (ET_CORE), not an executable";
            default -> "unknown ELF type " + type;
        };
    }

    private static String machineName(int machine) {
        String name = switch (machine) {
            case 2 -> "SPARC";
            case 3 -> "x86";
            case 8 -> "MIPS";
            case 20 -> "PowerPC";
            case 21 -> "PowerPC64";
            case 22 -> "S/390";
            case 40 -> "ARM";
            case 43 -> "SPARC V9";
            case 62 -> "x86-64";
            case 183 -> "AArch64";
            case 247 -> "BPF";
            case 258 -> "LoongArch";
            default -> null;
        };
        return name == null ? String.valueOf(machine) : name + " (" + machine + ")";
    }
}
