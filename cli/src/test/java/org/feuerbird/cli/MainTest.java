package org.feuerbird.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
