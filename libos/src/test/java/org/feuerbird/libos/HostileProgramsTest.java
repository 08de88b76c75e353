package org.feuerbird.libos;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Programs that attack the system (user/hostile): each ends the way the policy says, and
 * the system stays usable. They run under feuerbird exec only, never under qemu.
 */
class HostileProgramsTest {
    record Run(int exit, String out, String err) {}

    static Run run(String name) throws Exception {
        Path program = Path.of(System.getProperty("feuerbird.user.build", "../user/build"), "hostile", name);
        assertTrue(Files.isExecutable(program), program + " is missing: build with 'make -C user tests'");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Exec.run(new Exec.Options(Path.of("/"), false, List.of(program.toString()), PosixDifferentialTest.env(),
            Path.of("").toAbsolutePath(), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
            new PrintStream(err, true), false, Exec.MEMORY));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void forkBombMeetsTheProcessLimitAndEverythingIsCleanedUp() throws Exception {
        Run r = run("fork_bomb");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
            reaped many processes
            fork failed with EAGAIN: yes
            other endings: 0
            fork works again: yes
            memory back: yes
            """, r.out());
    }

    @Test
    void unboundedRecursionEndsWithSigsegvForThatProcessOnly() throws Exception {
        Run r = run("recurse");
        assertEquals(128 + 11, r.exit(), r.err());
        assertTrue(r.err().contains("Segmentation fault"), r.err());
        // The same system, booted again, runs the next program normally.
        assertEquals(0, run("credentials").exit());
    }

    @Test
    void forkCopiesPagesOnlyWhenWritten() throws Exception {
        Run r = run("cow_cost");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
            fork cost under 1 MiB: yes
            reading costs nothing more: yes (sum ok yes)
            writing copies the pages: yes
            parent's data unchanged: yes
            child's copies freed: yes
            """, r.out());
    }

    @Test
    void onlyRootExists() throws Exception {
        Run r = run("credentials");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
            setuid(1000): -1 Operation not permitted
            setgid(1000): -1 Operation not permitted
            setuid(0): 0
            uid still 0
            """, r.out());
    }

    @Test
    void everySystemCallNumberWithHostileArgumentsLeavesTheLibOSStanding() throws Exception {
        Run r = run("syscall_fuzz");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.err().contains("the POSIX LibOS failed"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(r.out().startsWith("still here\ncalls "), r.out());
        assertTrue(r.out().endsWith("write works: yes\n"), r.out());
    }
}
