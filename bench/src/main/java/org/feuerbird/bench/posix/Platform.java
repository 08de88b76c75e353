package org.feuerbird.bench.posix;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.feuerbird.libos.Exec;

/**
 * Where a benchmark program runs: FeuerBird (in this JVM, through {@link Exec#run}, so the
 * JIT's warm-up can be paid once and left out), qemu-riscv64-static with the same binary, or
 * the host with the native build of the same source.
 */
public enum Platform {
    FEUERBIRD("FeuerBird"), QEMU("qemu-user"), NATIVE("native");

    /** The name in the table and the JSON. */
    public final String label;

    Platform(String label) {
        this.label = label;
    }

    /** What one run printed and its exit status. */
    public record Output(int exit, String stdout, String stderr) {}

    /**
     * Runs the program {@code name} with the iteration count {@code iterations}; {@code build}
     * is user/build (riscv64 ELFs in posixbench/, host ones in posixbench-native/).
     */
    public Output run(Path build, String name, long iterations) throws Exception {
        String n = Long.toString(iterations);
        return switch (this) {
            case FEUERBIRD -> feuerbird(build.resolve("posixbench").resolve(name), n);
            case QEMU -> host(List.of("qemu-riscv64-static", build.resolve("posixbench").resolve(name).toString(), n));
            case NATIVE -> host(List.of(build.resolve("posixbench-native").resolve(name).toString(), n));
        };
    }

    private static Output feuerbird(Path program, String n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Exec.run(new Exec.Options(Path.of("/"), false, List.of(program.toAbsolutePath().toString(), n),
            System.getenv(), Path.of("").toAbsolutePath(), new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true), new PrintStream(err, true), false, Exec.MEMORY));
        return new Output(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Output host(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectInput(new File("/dev/null"));
        Process p = pb.start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // stderr on its own thread, so that neither pipe can fill up and stall the program.
        Thread drain = Thread.ofVirtual().start(() -> {
            try (InputStream e = p.getErrorStream()) {
                e.transferTo(err);
            } catch (java.io.IOException ignored) {
                // the program is gone; what was read is what there is
            }
        });
        String out;
        try (InputStream s = p.getInputStream()) {
            out = new String(s.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Output(124, out, "timed out");
        }
        drain.join();
        return new Output(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }
}
