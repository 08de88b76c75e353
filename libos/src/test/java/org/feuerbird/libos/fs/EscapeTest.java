package org.feuerbird.libos.fs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.feuerbird.libos.Exec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest confined by --root to a directory full of links that point outside it (absolute,
 * relative, chained, looping) reaches nothing outside: reads find only the decoys inside,
 * and nothing is created outside.
 */
class EscapeTest {
    @TempDir Path tmp;

    @Test
    void linksAndDotDotStayInsideTheRoot() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "SECRET");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("tests"));
        Files.writeString(root.resolve("secret"), "decoy");
        Path program = Path.of(System.getProperty("feuerbird.user.build", "../user/build"), "tests", "fs_escape");
        assertTrue(Files.exists(program), program + " missing: make -C user tests");
        Files.copy(program, root.resolve("tests/fs_escape"));
        Path d = Files.createDirectories(root.resolve("d"));
        Files.createSymbolicLink(d.resolve("abs"), outside.resolve("secret"));             // absolute host path
        Files.createSymbolicLink(d.resolve("absdir"), outside);
        Files.createSymbolicLink(d.resolve("rel"), Path.of("../../outside/secret"));       // relative, climbing
        Files.createSymbolicLink(d.resolve("reldir"), Path.of("../../outside"));
        Files.createSymbolicLink(d.resolve("chain1"), Path.of("chain2"));
        Files.createSymbolicLink(d.resolve("chain2"), Path.of("/../../../../outside"));
        Files.createSymbolicLink(d.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(d.resolve("loop2"), Path.of("loop1"));
        Files.createSymbolicLink(d.resolve("dots"), Path.of("../../../../../../../.."));
        List<String> argv = new ArrayList<>(List.of("/tests/fs_escape",
            "/d/abs", "/d/absdir/secret", "/d/rel", "/d/reldir/secret", "/d/chain1/secret", "/d/loop1",
            "/../../outside/secret", "../../../outside/secret", "/d/dots/outside/secret", "/d/dots/secret",
            "/d/absdir", "/d/reldir", "/d/dots", "/proc/self/root/../outside/secret", "/dev/../../outside/secret",
            "/dev/shm/../../../outside/secret", "/proc/self/cwd/../../outside/secret"));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Exec.run(new Exec.Options(root, false, argv, Map.of(), root, new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true), new PrintStream(err, true), false, 64L << 20));
        String s = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, s + err);
        assertFalse(s.contains("SECRET"), s);
        assertTrue(s.contains("/d/dots/secret: read 5 'decoy'"), s);
        assertTrue(s.contains("/d/loop1: open ELOOP"), s);
        // Nothing new outside the root: only the one secret file.
        try (Stream<Path> all = Files.walk(outside)) {
            assertEquals(List.of(outside, outside.resolve("secret")), all.sorted().toList(), s);
        }
        try (Stream<Path> all = Files.list(tmp)) {
            assertEquals(List.of(outside, root), all.sorted().toList(), s);
        }
        // What the guest made went inside the root (the links resolve within it).
        assertTrue(Files.exists(root.resolve("outside")) || Files.exists(root.resolve("escaped_dir")), s);
    }
}
