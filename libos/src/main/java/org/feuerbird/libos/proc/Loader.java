package org.feuerbird.libos.proc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.vm.ProcessMemory;
import org.feuerbird.libos.vm.UserMemory;
import org.feuerbird.libos.vm.Vma;

/**
 * Builds a new program image in a process: the ELF's segments as file-backed areas (paged in
 * on first touch), the heap's start, and the initial stack as the Linux ABI lays it out for
 * the C library's start code: argc, argv, envp, the auxiliary vector, and the strings and
 * random bytes they point at.
 */
public final class Loader {
    public static final int AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7;
    public static final int AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14;
    public static final int AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31;
    /** AT_HWCAP of an RV64GC hart: one bit per single-letter extension, as Linux reports it. */
    public static final long HWCAP = bit('i') | bit('m') | bit('a') | bit('f') | bit('d') | bit('c');
    /** Where a position-independent executable goes. */
    public static final long PIE_BASE = 0x2aaaaaa000L;

    private static long bit(char c) { return 1L << (c - 'a'); }

    private static final SecureRandom RANDOM = new SecureRandom();

    private Loader() {}

    /** Loads {@code elf} into {@code mem}; returns the initial stack pointer. */
    public static long load(ElfImage elf, ProcessMemory mem, UserMemory user, List<String> argv, List<String> envp, String execfn)
            throws SyscallException {
        return load(elf, mem, user, argv, envp, execfn, ProcessMemory.STACK_SIZE);
    }

    /** Loads {@code elf} with a stack area of {@code stackSize} bytes (RLIMIT_STACK); returns the initial stack pointer. */
    public static long load(ElfImage elf, ProcessMemory mem, UserMemory user, List<String> argv, List<String> envp, String execfn,
                            long stackSize) throws SyscallException {
        long end = 0;
        for (ElfImage.Segment s : elf.segments) {
            long start = s.vaddr() & -ProcessMemory.PAGE;
            long stop = (s.vaddr() + s.memsz() + ProcessMemory.PAGE - 1) & -ProcessMemory.PAGE;
            int prot = ((s.flags() & ElfImage.PF_R) != 0 ? Vma.PROT_READ : 0) | ((s.flags() & ElfImage.PF_W) != 0 ? Vma.PROT_WRITE : 0)
                | ((s.flags() & ElfImage.PF_X) != 0 ? Vma.PROT_EXEC : 0);
            long fileStart = s.offset() - (s.vaddr() - start);
            // The file's bytes cover [vaddr, vaddr+filesz); the rest of the area (bss) reads zero.
            mem.add(new Vma(start, stop, prot, false, elf.file, fileStart, s.offset() + s.filesz(), execfn));   // maps names the file, as Linux does
            end = Math.max(end, stop);
        }
        mem.setBrkStart(end);
        mem.add(new Vma(ProcessMemory.STACK_TOP - stackSize, ProcessMemory.STACK_TOP,
            Vma.PROT_READ | Vma.PROT_WRITE, false, null, 0, 0, "[stack]"));
        return buildStack(elf, user, argv, envp, execfn);
    }

    private static long buildStack(ElfImage elf, UserMemory user, List<String> argv, List<String> envp, String execfn)
            throws SyscallException {
        // Strings and random bytes first, at the top; then the vectors below them.
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        List<Integer> argOff = new ArrayList<>(), envOff = new ArrayList<>();
        for (String a : argv) { argOff.add(strings.size()); strings.writeBytes(cstr(a)); }
        for (String e : envp) { envOff.add(strings.size()); strings.writeBytes(cstr(e)); }
        int execOff = strings.size();
        strings.writeBytes(cstr(execfn));
        int platformOff = strings.size();
        strings.writeBytes(cstr("riscv64"));
        int randomOff = strings.size();
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        strings.writeBytes(random);
        byte[] str = strings.toByteArray();
        long strBase = (ProcessMemory.STACK_TOP - 16 - str.length) & -16L;

        long[][] aux = {
            {AT_PHDR, elf.phdr}, {AT_PHENT, elf.phent}, {AT_PHNUM, elf.phnum}, {AT_PAGESZ, ProcessMemory.PAGE},
            {AT_BASE, 0}, {AT_FLAGS, 0}, {AT_ENTRY, elf.entry}, {AT_UID, 0}, {AT_EUID, 0}, {AT_GID, 0}, {AT_EGID, 0},
            {AT_HWCAP, HWCAP}, {AT_CLKTCK, 100}, {AT_SECURE, 0}, {AT_RANDOM, strBase + randomOff},
            {AT_EXECFN, strBase + execOff}, {AT_PLATFORM, strBase + platformOff}, {AT_NULL, 0}};
        int words = 1 + argv.size() + 1 + envp.size() + 1 + 2 * aux.length;
        long sp = (strBase - 8L * words) & -16L;
        ByteBuffer v = ByteBuffer.allocate(8 * words).order(ByteOrder.LITTLE_ENDIAN);
        v.putLong(argv.size());
        for (int o : argOff) v.putLong(strBase + o);
        v.putLong(0);
        for (int o : envOff) v.putLong(strBase + o);
        v.putLong(0);
        for (long[] a : aux) v.putLong(a[0]).putLong(a[1]);
        user.write(strBase, str);
        user.write(sp, v.array());
        return sp;
    }

    private static byte[] cstr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }
}
