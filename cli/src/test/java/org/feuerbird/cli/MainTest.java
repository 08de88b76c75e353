package org.feuerbird.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void boardDescribesTheAssembledBoardInAddressOrder() {
        assertEquals(0, run("board"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("0x0010000000-0x00100000ff  uart0"), text);
        assertTrue(text.indexOf("clint") < text.indexOf("plic") && text.indexOf("plic") < text.indexOf("ram"), text);
        assertTrue(text.contains("256 MiB RAM"), text);
    }

    @Test
    void anUnknownCommandIsNamedAndFailsWithUsage() {
        assertEquals(2, run("frobnicate"));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("unknown command 'frobnicate'") && text.contains("usage:"), text);
    }

    @Test
    void execGivesAShellsStatusForWhatItCannotRun() throws Exception {
        assertEquals(127, run("exec", "/no/such/program"), err.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("/no/such/program: No such file or directory"), err.toString());
        err.reset();
        assertEquals(126, run("exec", "/etc/passwd"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not an ELF file"), err.toString());
        err.reset();
        java.nio.file.Path self = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java");
        assertEquals(126, run("exec", self.toString()));   // an ELF, but for the host
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a RISC-V executable"), err.toString());
        err.reset();
        assertEquals(2, run("exec", "--root", "/no/such/dir", "/bin/true"));
        assertEquals(2, run("exec"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: feuerbird exec"), err.toString());
    }

    static final String IMAGE = java.nio.file.Path.of(System.getProperty("feuerbird.user.build", "../user/build"), "rootfs.cpio").toString();

    @Test
    void runRefusesWhatItCannotUseWithAMessageAndStatus2() {
        assertEquals(2, run("run", "--bogus"));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("unknown option --bogus") && text.contains("usage: feuerbird run"), text);
        err.reset();
        assertEquals(2, run("run", "--memory", "lots", "-c", "true"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--memory lots: not a size"), err.toString());
        err.reset();
        assertEquals(2, run("run", "--memory=8M", "-c", "true"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("must be between 16M and 64G"), err.toString());
        err.reset();
        assertEquals(2, run("run", "--image", "/no/such/image.cpio", "-c", "true"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("build it with: make -C user busybox rootfs"), err.toString());
        err.reset();
        assertEquals(2, run("run", "-c"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("-c needs a command"), err.toString());
        err.reset();
        assertEquals(2, run("run", "--image", "/etc/passwd", "-c", "true"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("bad initramfs"), err.toString());
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("Exception"), err.toString());
    }

    @Test
    void runDashCExitsWithTheCommandsStatus() {
        assertEquals(3, run("run", "--image", IMAGE, "-c", "exit 3"), err.toString());
        assertEquals(0, run("run", "--image", IMAGE, "--memory", "64M", "-c", "echo hi"), err.toString());
        assertEquals("hi\n", out.toString(StandardCharsets.UTF_8));
    }

    /** The whole path a user takes: a JVM of its own, the host's stdin and stdout through a pipe. */
    @Test
    void theHostsStdinIsPipedThroughToTheBootedCommand() throws Exception {
        String mp = String.join(java.io.File.pathSeparator, "../hardware/target/classes", "../kernel/hal/target/classes",
            "../kernel/target/classes", "../libos/target/classes", "target/classes");
        java.nio.file.Path javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-p", mp, "-m", "org.feuerbird.cli/org.feuerbird.cli.Main",
            "run", "--image", IMAGE, "-c", "wc -c").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = p.getOutputStream()) {
            in.write("hi\n".getBytes(StandardCharsets.UTF_8));
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals("3\n", text);
    }
}
