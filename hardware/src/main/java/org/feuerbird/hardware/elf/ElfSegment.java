package org.feuerbird.hardware.elf;

/**
 * One ELF64 program header ({@code Elf64_Phdr}), as it is in the file.
 *
 * <p>A plain record of the header's fields: addresses are the file's, before any load bias, and the
 * 64-bit fields are unsigned values held in {@code long}s (compare them with {@link Long#compareUnsigned}
 * where the top bit can be set, as in a kernel linked at {@code 0xffffffff80000000}). An {@code ElfSegment}
 * obtained from {@link ElfFile} has been checked (its file bytes lie inside the file; a {@code PT_LOAD}
 * has {@code filesz <= memsz} and no address overflow); the bytes themselves are read through
 * {@link ElfFile#fileBytes(ElfSegment)}, so that this record stays a value without a reference to the image.
 *
 * @param type   {@code p_type}, e.g. {@link #PT_LOAD}
 * @param flags  {@code p_flags}, a mask of {@link #PF_R}, {@link #PF_W}, {@link #PF_X}
 * @param offset {@code p_offset}: where the segment's bytes start in the file
 * @param vaddr  {@code p_vaddr}: the virtual address of its first byte
 * @param paddr  {@code p_paddr}: the physical address, meaningful for bare-metal images only
 * @param filesz {@code p_filesz}: how many bytes come from the file
 * @param memsz  {@code p_memsz}: its size in memory; bytes past {@code filesz} are zero (the bss)
 * @param align  {@code p_align}
 */
public record ElfSegment(int type, int flags, long offset, long vaddr, long paddr, long filesz, long memsz,
                         long align) {
    // p_type values: the generic ones, the GNU extensions, and RISC-V's one.
    public static final int PT_NULL = 0;
    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_INTERP = 3;
    public static final int PT_NOTE = 4;
    public static final int PT_SHLIB = 5;
    public static final int PT_PHDR = 6;
    public static final int PT_TLS = 7;
    public static final int PT_GNU_EH_FRAME = 0x6474e550;
    public static final int PT_GNU_STACK = 0x6474e551;
    public static final int PT_GNU_RELRO = 0x6474e552;
    public static final int PT_GNU_PROPERTY = 0x6474e553;
    public static final int PT_RISCV_ATTRIBUTES = 0x70000003;

    // p_flags bits.
    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    /** True for a {@code PT_LOAD} segment, one that occupies memory when the program runs. */
    public boolean isLoad() { return type == PT_LOAD; }

    /** True if the segment is to be mapped readable. */
    public boolean readable() { return (flags & PF_R) != 0; }

    /** True if the segment is to be mapped writable. */
    public boolean writable() { return (flags & PF_W) != 0; }

    /** True if the segment is to be mapped executable. */
    public boolean executable() { return (flags & PF_X) != 0; }

    /** One past its last virtual address, {@code vaddr + memsz}. */
    public long vend() { return vaddr + memsz; }

    /** The size of the zero-filled tail (the bss), {@code memsz - filesz}. */
    public long bssSize() { return memsz - filesz; }

    /** The usual short name of the type ({@code "LOAD"}, {@code "GNU_STACK"}, ...) or its number in hex. */
    public String typeName() {
        return switch (type) {
            case PT_NULL -> "NULL";
            case PT_LOAD -> "LOAD";
            case PT_DYNAMIC -> "DYNAMIC";
            case PT_INTERP -> "INTERP";
            case PT_NOTE -> "NOTE";
            case PT_SHLIB -> "SHLIB";
            case PT_PHDR -> "PHDR";
            case PT_TLS -> "TLS";
            case PT_GNU_EH_FRAME -> "GNU_EH_FRAME";
            case PT_GNU_STACK -> "GNU_STACK";
            case PT_GNU_RELRO -> "GNU_RELRO";
            case PT_GNU_PROPERTY -> "GNU_PROPERTY";
            case PT_RISCV_ATTRIBUTES -> "RISCV_ATTRIBUTES";
            default -> "0x" + Integer.toHexString(type);
        };
    }

    /** A readelf-like line: type, flags, addresses and sizes in hex. */
    @Override
    public String toString() {
        return String.format("%s %s%s%s off 0x%x vaddr 0x%x paddr 0x%x filesz 0x%x memsz 0x%x align 0x%x",
                typeName(), readable() ? "R" : "-", writable() ? "W" : "-", executable() ? "X" : "-",
                offset, vaddr, paddr, filesz, memsz, align);
    }
}
