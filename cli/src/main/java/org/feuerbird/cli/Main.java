package org.feuerbird.cli;

import java.io.PrintStream;
import org.feuerbird.hardware.board.Board;
import org.feuerbird.hardware.board.MemoryMap;
import org.feuerbird.hardware.cpu.Clock;
import org.feuerbird.hardware.device.MemorySerialBackend;
import org.feuerbird.hardware.memory.Bus;

/**
 * The {@code feuerbird} command. Today it can describe the board; {@code run} (boot to a
 * shell) and {@code exec} (run one Linux program) arrive with the kernel, LibOS and user-zone
 * issues, and say so instead of pretending.
 */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String cmd = args.length == 0 ? "board" : args[0];
        switch (cmd) {
            case "board" -> {
                describeBoard(out);
                out.println();
                out.println("The kernel zone, the POSIX LibOS and the user zone are not built yet:");
                out.println("'feuerbird run' (boot to a shell) and 'feuerbird exec' come with them.");
                return 0;
            }
            case "help", "-h", "--help" -> {
                usage(out);
                return 0;
            }
            case "run", "exec" -> {
                err.println("feuerbird: '" + cmd + "' is not available yet: the kernel and the POSIX LibOS are still to come");
                return 2;
            }
            default -> {
                err.println("feuerbird: unknown command '" + cmd + "'");
                usage(err);
                return 2;
            }
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: feuerbird [board | help]");
        out.println("  board   assemble the virtual RISC-V board and print its memory map (the default)");
        out.println("  test    (launcher) build everything and run all tests");
        out.println("  bench   (launcher) measure the interpreter's speed in guest MIPS");
    }

    private static void describeBoard(PrintStream out) {
        Board b = new Board(Board.DEFAULT_RAM, 1, new MemorySerialBackend(), Clock.host());
        out.printf("FeuerBird virtual board: %d RV64GC hart(s) (IMAFDC, Zicsr, Zifencei, Sv39), %d MiB RAM%n",
            b.harts().size(), b.ram().size() >> 20);
        record Region(long base, long size, String what) { }
        java.util.List<Region> map = new java.util.ArrayList<>();
        map.add(new Region(b.ram().base(), b.ram().size(), "ram"));
        for (Bus.Window w : b.bus().windows()) map.add(new Region(w.base(), w.size(), w.device().name()));
        map.add(new Region(MemoryMap.VIRTIO_BASE, MemoryMap.VIRTIO_COUNT * MemoryMap.VIRTIO_STRIDE,
            String.format("virtio-mmio slots 0..%d (free; interrupts %d..%d)", MemoryMap.VIRTIO_COUNT - 1,
                MemoryMap.VIRTIO_IRQ_BASE, MemoryMap.VIRTIO_IRQ_BASE + MemoryMap.VIRTIO_COUNT - 1)));
        map.sort(java.util.Comparator.comparingLong(Region::base));
        for (Region r : map) out.printf("  0x%010x-0x%010x  %s%n", r.base(), r.base() + r.size() - 1, r.what());
    }
}
