package org.feuerbird.libos;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slice of busybox's own test suite (testsuite/ of the Debian source that
 * user/busybox/build.sh fetched), run by the suite's runner `runtest` inside FeuerBird, as
 * user/busybox/testsuite.sh does for the whole suite: every test of these applets passes.
 * The applets are chosen to be quick (about a minute of CPU in all) and to touch what the
 * LibOS provides: pipes, fork and exec of applets, the shell, files, links, directories,
 * compression, archives. Skipped, saying why, when busybox has not been built.
 */
class BusyboxTestsuiteTest {
    static final List<String> SLICE = List.of("busybox", "cat", "cp", "cut", "dd", "du", "find", "grep", "gunzip",
        "bunzip2", "head", "ln", "md5sum", "mkdir", "mv", "rm", "sed", "sort", "tail", "tar", "tee", "touch", "tr",
        "uniq", "wc", "xargs", "realpath", "readlink");

    @TempDir Path tree;

    @Test
    void aSliceOfBusyboxsOwnTestsuitePasses() throws IOException {
        Path build = Path.of(System.getProperty("feuerbird.user.build", "../user/build"), "busybox");
        Path busybox = build.resolve("busybox"), config = build.resolve("busybox.config"), source = build.resolve("busybox.source");
        Assumptions.assumeTrue(Files.isRegularFile(busybox) && Files.isRegularFile(config) && Files.isRegularFile(source),
            "busybox is not built (" + busybox + "): run user/busybox/build.sh");
        Path suite = Path.of(Files.readString(source).strip(), "testsuite");
        Assumptions.assumeTrue(Files.isDirectory(suite), "busybox's testsuite/ is not in its source tree " + suite);

        // The tree testsuite.sh builds: /build as busybox's build directory (binary, .config,
        // testsuite/), /bin with a link per applet.
        Path b = Files.createDirectories(tree.resolve("build"));
        Files.copy(busybox, b.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(config, b.resolve(".config"));
        for (String d : List.of("bin", "usr/bin", "tmp", "root", "etc", "dev", "proc")) Files.createDirectories(tree.resolve(d));
        Files.writeString(tree.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(tree.resolve("etc/group"), "root:x:0:\n");
        copyTree(suite, b.resolve("testsuite"));
        Outcome list = run(List.of("/build/busybox", "--list"));
        assertEquals(0, list.exit(), list.err());
        for (String applet : ("busybox\n" + list.out()).split("\n")) {
            Path link = tree.resolve("bin").resolve(applet);
            if (!applet.isEmpty() && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, Path.of("/build/busybox"));
        }
        // As testsuite.sh: runtest keeps an existing links directory instead of making ~400
        // links again for every applet (seconds each under the interpreter).
        Path runtest = b.resolve("testsuite/runtest");
        String r = Files.readString(runtest);
        String r2 = r.replace("\nrm -rf \"$LINKSDIR\" 2>/dev/null\n", "\n[ -e \"$LINKSDIR/busybox\" ] || rm -rf \"$LINKSDIR\" 2>/dev/null\n")
            .replace("\n\tln -s \"$bindir/busybox\" \"$LINKSDIR/$i\" 2>/dev/null\n", "\n\t[ -e \"$LINKSDIR/$i\" ] || ln -s \"$bindir/busybox\" \"$LINKSDIR/$i\" 2>/dev/null\n");
        assertNotEquals(r, r2, "runtest is not the one this test knows");
        Files.writeString(runtest, r2);

        // Each applet under the guest's own timeout, so that a hang ends as a failure.
        String driver = """
            cd /build/testsuite || exit 1
            export SKIP_KNOWN_BUGS=1
            for a; do
                echo "@@@ begin $a"
                timeout -s KILL 300 ./runtest "$a" < /dev/null
                echo "@@@ end $a $?"
            done""";
        List<String> argv = new ArrayList<>(List.of("/bin/env", "-i", "PATH=/bin", "HOME=/root", "SHELL=/bin/sh", "LANG=C",
            "/bin/sh", "-c", driver, "sh"));
        argv.addAll(SLICE);
        Outcome o = run(argv);
        String out = o.out();
        List<String> bad = new ArrayList<>();
        int passed = 0;
        for (String line : out.split("\n")) {
            if (line.startsWith("PASS: ")) passed++;
            if (line.startsWith("FAIL: ") || (line.startsWith("@@@ end ") && !line.endsWith(" 0"))) bad.add(line);
        }
        assertEquals(0, o.exit(), out + o.err());
        for (String applet : SLICE) assertTrue(out.contains("@@@ end " + applet + " "), applet + " did not finish:\n" + out);
        assertEquals(List.of(), bad, out);
        assertTrue(passed >= 200, "only " + passed + " tests passed:\n" + out);
    }

    record Outcome(int exit, String out, String err) {}

    private Outcome run(List<String> argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Exec.run(new Exec.Options(tree, false, argv, Map.of(), tree, new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true), new PrintStream(err, true), false, 256L << 20));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) Files.createDirectories(t);
                else Files.copy(p, t, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
