package org.feuerbird.hardware.guest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.feuerbird.hardware.board.Board;
import org.feuerbird.hardware.cpu.Cause;
import org.feuerbird.hardware.cpu.Clock;
import org.feuerbird.hardware.cpu.Hart;
import org.feuerbird.hardware.cpu.Privilege;
import org.feuerbird.hardware.device.MemorySerialBackend;
import org.feuerbird.hardware.elf.ElfFile;
import org.feuerbird.hardware.elf.ElfFormatException;
import org.feuerbird.hardware.elf.ElfSegment;
import org.feuerbird.hardware.memory.Ram;

/**
 * Runs a static, freestanding RISC-V Linux program on a bare board, for the hardware's own
 * tests and benchmarks: the "minimal exit/write trap handler" the differential tests need,
 * nothing like an operating system.
 *
 * <p>It builds Sv39 page tables in Java for the ELF's segments, starts the program in U-mode
 * with host machine mode on, and serves the hart's traps: {@code write} (64) to fd 1 and 2,
 * {@code exit}/{@code exit_group} (93/94), ENOSYS for any other call, and stack growth on
 * page faults below the stack top. Any other trap ends the run with a description.
 */
public final class GuestRunner {
    /** What a run produced. */
    /** {@code translated}: how many of the instructions ran in translated regions. */
    public record Result(int exitCode, byte[] stdout, byte[] stderr, long instructions, long nanos, String failure,
                         long translated) {
        public String out() { return new String(stdout, java.nio.charset.StandardCharsets.UTF_8); }
    }

    static final long STACK_TOP = 0x3f_ffff_f000L;
    static final long STACK_LIMIT = STACK_TOP - (64L << 20);
    private static final long PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16;
    private static final int SYS_WRITE = 64, SYS_EXIT = 93, SYS_EXIT_GROUP = 94, ENOSYS = 38;

    private final Board board;
    private final Ram ram;
    private final Hart hart;
    private final long root;
    private long nextFrame;
    private final Map<Long, Long> pages = new HashMap<>();   // virtual page -> physical frame
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream(), stderr = new ByteArrayOutputStream();

    public GuestRunner(long ramSize) {
        this.board = new Board(ramSize, 1, new MemorySerialBackend(), Clock.host());
        this.ram = board.ram();
        this.hart = board.hart(0);
        this.nextFrame = ram.base();
        this.root = frame();
    }

    public Hart hart() { return hart; }

    /** Loads and runs an ELF file until it exits or {@code maxInstructions} have run. */
    public static Result run(Path elf, long maxInstructions) throws IOException, ElfFormatException {
        return run(elf, maxInstructions, -1);
    }

    /**
     * Like {@link #run(Path, long)} with the hart's translation threshold set first
     * ({@link Hart#setTranslationThreshold}; 0: interpreter only, -1: the default).
     */
    public static Result run(Path elf, long maxInstructions, int translationThreshold)
            throws IOException, ElfFormatException {
        GuestRunner r = new GuestRunner(128L << 20);
        if (translationThreshold >= 0) r.hart.setTranslationThreshold(translationThreshold);
        r.load(ElfFile.read(elf));
        return r.run(maxInstructions);
    }

    public void load(ElfFile elf) {
        for (ElfSegment s : elf.loadSegments()) {
            long flags = PTE_U | (s.readable() ? PTE_R : 0) | (s.writable() ? PTE_W | PTE_R : 0) | (s.executable() ? PTE_X : 0);
            for (long va = s.vaddr() & ~0xfffL; va < s.vaddr() + s.memsz(); va += Ram.PAGE_SIZE) map(va, flags);
            ByteBuffer bytes = elf.fileBytes(s);
            byte[] data = new byte[bytes.remaining()];
            bytes.get(data);
            writeVirtual(s.vaddr(), data);
        }
        long sp = STACK_TOP - 64;
        map(STACK_TOP - Ram.PAGE_SIZE, PTE_U | PTE_R | PTE_W);
        writeVirtual(sp, new byte[32]);   // argc = 0, argv = NULL, envp = NULL, auxv = AT_NULL
        hart.setX(2, sp);
        hart.setPc(elf.entry());
        hart.setHostMachineMode(true);
        hart.writeCsr(0x300, 1L << 13);                      // mstatus.FS = initial: FPU on
        hart.writeCsr(0x306, 7);                             // mcounteren: cycle, time, instret
        hart.writeCsr(0x106, 7);                             // scounteren
        hart.writeCsr(0x180, (8L << 60) | (root >>> 12));   // satp: Sv39
        hart.setPrivilege(Privilege.U);
    }

    public Result run(long maxInstructions) {
        long start = System.nanoTime();
        long startRetired = hart.retired();
        String failure = null;
        int exit = -1;
        loop:
        while (true) {
            long left = maxInstructions - (hart.retired() - startRetired);
            if (left <= 0) { failure = "instruction budget exhausted"; break; }
            int r = hart.run(left);
            if (r != Hart.EXIT_TRAP) continue;
            long cause = hart.trapCause();
            long tval = hart.trapValue();
            switch ((int) cause) {
                case Cause.ECALL_FROM_U -> {
                    long nr = hart.x(17);
                    if (nr == SYS_EXIT || nr == SYS_EXIT_GROUP) { exit = (int) hart.x(10) & 0xff; break loop; }
                    hart.setX(10, nr == SYS_WRITE ? write(hart.x(10), hart.x(11), hart.x(12)) : -ENOSYS);
                    hart.setPc(hart.pc() + 4);
                }
                case Cause.LOAD_PAGE_FAULT, Cause.STORE_PAGE_FAULT -> {
                    if (tval < STACK_LIMIT || tval >= STACK_TOP || pages.containsKey(tval & ~0xfffL)) {
                        failure = describe(cause, tval);
                        break loop;
                    }
                    map(tval & ~0xfffL, PTE_U | PTE_R | PTE_W);
                }
                default -> { failure = describe(cause, tval); break loop; }
            }
        }
        return new Result(exit, stdout.toByteArray(), stderr.toByteArray(), hart.retired() - startRetired,
            System.nanoTime() - start, failure, hart.translatedInstructions());
    }

    private String describe(long cause, long tval) {
        return String.format("%s at pc 0x%x, tval 0x%x", Cause.name(cause), hart.pc(), tval);
    }

    private long write(long fd, long buf, long len) {
        if (fd != 1 && fd != 2) return -9;   // EBADF
        if (len < 0 || len > (1 << 20)) return -22;
        ByteArrayOutputStream out = fd == 1 ? stdout : stderr;
        for (long i = 0; i < len; i++) {
            Long frame = pages.get((buf + i) & ~0xfffL);
            if (frame == null) return -14;   // EFAULT
            out.write(ram.load8(frame + ((buf + i) & 0xfff)));
        }
        return len;
    }

    private void writeVirtual(long va, byte[] data) {
        for (int i = 0; i < data.length; ) {
            long frame = pages.get((va + i) & ~0xfffL);
            int off = (int) ((va + i) & 0xfff);
            int n = Math.min(data.length - i, Ram.PAGE_SIZE - off);
            ram.write(frame + off, data, i, n);
            i += n;
        }
    }

    private void map(long va, long flags) {
        Long existing = pages.get(va);
        long frame = existing != null ? existing : frame();
        pages.put(va, frame);
        long table = root;
        for (int level = 2; level > 0; level--) {
            long slot = table + ((va >>> (12 + 9 * level)) & 511) * 8;
            long pte = ram.load64(slot);
            if ((pte & PTE_V) == 0) {
                long next = frame();
                pte = (next >>> 12) << 10 | PTE_V;
                ram.store64(slot, pte);
            }
            table = (pte >>> 10) << 12;
        }
        long slot = table + ((va >>> 12) & 511) * 8;
        long old = ram.load64(slot);
        ram.store64(slot, (frame >>> 12) << 10 | flags | (old & (PTE_R | PTE_W | PTE_X)) | PTE_V);
        hart.flushTlb();
    }

    private long frame() {
        long f = nextFrame;
        nextFrame += Ram.PAGE_SIZE;
        if (nextFrame > ram.end()) throw new IllegalStateException("guest runner out of frames");
        ram.fill(f, Ram.PAGE_SIZE, (byte) 0);
        return f;
    }
}
