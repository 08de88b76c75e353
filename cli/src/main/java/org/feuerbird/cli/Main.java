package org.feuerbird.cli;

import java.io.PrintStream;
import org.feuerbird.hardware.board.Board;
import org.feuerbird.hardware.board.MemoryMap;
import org.feuerbird.hardware.cpu.Clock;
import org.feuerbird.hardware.device.MemorySerialBackend;
import org.feuerbird.hardware.memory.Bus;

/**
 * The {@code feuerbird} command: {@code run} boots the system from a root image to a shell
 * (the launcher's default), {@code exec} runs one RISC-V Linux program on the kernel and the
 * POSIX LibOS, {@code board} describes the board.
 */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String cmd = args.length == 0 ? "run" : args[0];
        switch (cmd) {
            case "board" -> {
                describeBoard(out);
                out.println();
                out.println("Run a RISC-V Linux program on FeuerBird: feuerbird exec [--root DIR] [--trace] PROGRAM [ARGS...]");
                out.println("Boot to a busybox shell: feuerbird run [--image FILE] [--memory SIZE] [-c COMMAND]");
                return 0;
            }
            case "help", "-h", "--help" -> {
                usage(out);
                return 0;
            }
            case "exec" -> {
                return exec(java.util.Arrays.copyOfRange(args, 1, args.length), err);
            }
            case "run" -> {
                return Boot.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
            }
            default -> {
                err.println("feuerbird: unknown command '" + cmd + "'");
                usage(err);
                return 2;
            }
        }
    }

    /** {@code exec [--root DIR] [--trace] [--] PROGRAM [ARGS...]}. */
    static int exec(String[] args, PrintStream err) {
        java.nio.file.Path root = java.nio.file.Path.of("/");
        boolean trace = false;
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) { i++; break; }
            if (a.equals("--trace")) { trace = true; continue; }
            if (a.equals("--root")) {
                if (i + 1 == args.length) { err.println("feuerbird exec: --root needs a directory"); return 2; }
                root = java.nio.file.Path.of(args[++i]);
                continue;
            }
            if (a.startsWith("--root=")) { root = java.nio.file.Path.of(a.substring(7)); continue; }
            if (a.startsWith("-")) { err.println("feuerbird exec: unknown option " + a); return 2; }
            break;
        }
        if (i == args.length) {
            err.println("usage: feuerbird exec [--root DIR] [--trace] [--] PROGRAM [ARGS...]");
            return 2;
        }
        if (!java.nio.file.Files.isDirectory(root)) { err.println("feuerbird exec: --root " + root + ": not a directory"); return 2; }
        java.util.List<String> argv = java.util.List.of(java.util.Arrays.copyOfRange(args, i, args.length));
        var opts = new org.feuerbird.libos.Exec.Options(root, trace, argv, System.getenv(), java.nio.file.Path.of("").toAbsolutePath(),
            System.in, System.out, err, System.console() != null, org.feuerbird.libos.Exec.MEMORY, true);
        return org.feuerbird.libos.Exec.run(opts);
    }

    private static void usage(PrintStream out) {
        out.println("usage: feuerbird [run [--image FILE] [--memory SIZE] [-c COMMAND] | board | exec [--root DIR] [--trace] [--] PROGRAM [ARGS...] | help]");
        out.println("  run     boot FeuerBird from a root image to a busybox shell (the default of ./feuerbird);");
        out.println("          -c COMMAND runs one shell command in the booted system and exits with its status");
        out.println("  exec    run one RISC-V Linux program on FeuerBird, as qemu-riscv64-static would");
        out.println("  board   assemble the virtual RISC-V board and print its memory map (the default)");
        out.println("  test    (launcher) build everything and run all tests");
        out.println("  bench   (launcher) the POSIX benchmarks beside qemu-user and native; --mips, --kernel");
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
