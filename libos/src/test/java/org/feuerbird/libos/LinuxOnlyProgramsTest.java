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
 * Programs of user/linuxonly: their right output is Linux's, which qemu-user does not give
 * (it shows its host's /proc, and keeps its own SIGCHLD action). They run under feuerbird
 * exec only; the expected output here is what Linux prints.
 */
class LinuxOnlyProgramsTest {
    record Run(int exit, String out, String err) {}

    static Run run(String name, String... args) throws Exception {
        Path program = Path.of(System.getProperty("feuerbird.user.build", "../user/build"), "linuxonly", name);
        assertTrue(Files.isExecutable(program), program + " is missing: build with 'make -C user'");
        List<String> argv = new java.util.ArrayList<>(List.of(program.toString()));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Exec.run(new Exec.Options(Path.of("/"), false, argv, PosixDifferentialTest.env(),
            Path.of("").toAbsolutePath(), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
            new PrintStream(err, true), false, Exec.MEMORY));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void childrenReapThemselvesUnderSaNocldwait() throws Exception {
        Run r = run("proc_nocldwait");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
            wait with SA_NOCLDWAIT: -1 No child processes
            SIGCHLD handler ran: yes
            wait without it: child, exited 4
            """, r.out());
    }

    @Test
    void robustListsAsLinuxKeepsThem() throws Exception {
        Run r = run("proc_robust_list");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
            get_robust_list: ok, head set: yes, len 24
            get_robust_list of no such thread: No such process
            get_robust_list to a bad pointer: Bad address
            set_robust_list with a wrong size: Invalid argument
            set_robust_list again: ok
            get_robust_list of the other thread: ok, its own head: yes
            lock, owner died meanwhile: EOWNERDEAD
            unlock: Success
            """, r.out());
    }
}
