package org.feuerbird.libos;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * busybox's process and system applets (ps, top, free, uptime, mount, df) read /proc,
 * sysinfo and statfs: their output here must have Linux's shape and this system's facts.
 * busybox is built by {@code make -C user busybox}; without it these tests are skipped.
 */
class BusyboxProcTest {
    static final Path BUSYBOX = Path.of(System.getProperty("feuerbird.user.build", "../user/build"), "busybox", "busybox");

    record Run(int exit, String out, String err) {}

    static Run busybox(String... args) {
        Assumptions.assumeTrue(Files.isExecutable(BUSYBOX), BUSYBOX + " is missing: build it with 'make -C user busybox'");
        List<String> argv = new ArrayList<>(List.of(BUSYBOX.toAbsolutePath().toString()));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Exec.run(new Exec.Options(Path.of("/"), false, argv, PosixDifferentialTest.env(),
            Path.of("").toAbsolutePath(), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
            new PrintStream(err, true), false, Exec.MEMORY));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void matches(String regex, String text) {
        assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find(), "no match for " + regex + " in:\n" + text);
    }

    @Test
    void psListsItself() {
        Run r = busybox("ps");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        matches("\\APID   USER     TIME  COMMAND\n    1 root      0:\\d\\d " + Pattern.quote(BUSYBOX.toAbsolutePath() + " ps") + "\n\\z", r.out());
    }

    @Test
    void psColumnsOfAShellAndItsChildren() {
        String bb = BUSYBOX.toAbsolutePath().toString();
        Run r = busybox("sh", "-c", bb + " sleep 5 & " + bb + " ps -o pid,ppid,stat,time,comm; kill %1");
        assertEquals("", r.err());
        // The shell waits for ps (asleep); ps runs; the child in the background may not have
        // reached its sleep yet (runnable) or sleeps.
        matches("\\APID   PPID  STAT TIME  COMMAND\n"
            + "    1     0 S     0:\\d\\d busybox\n"
            + "    2     1 [RS]     0:\\d\\d busybox\n"
            + "    3     1 R     0:\\d\\d busybox\n\\z", r.out());
    }

    @Test
    void topShowsMemoryCpuLoadAndProcesses() {
        Run r = busybox("top", "-b", "-n", "1");
        assertEquals(0, r.exit(), r.err());
        matches("\\AMem: \\d+K used, \\d+K free, \\d+K shrd, 0K buff, \\d+K cached\n", r.out());
        matches("^CPU: +[\\d.]+% usr +[\\d.]+% sys +0\\.0% nic +[\\d.]+% idle", r.out());
        matches("^Load average: \\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d 1/1 1$", r.out());
        matches("^  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND\n    1     0 root     R +\\d+ +\\d+\\.\\d +0 ", r.out());
    }

    @Test
    void freeShowsTheLibOSsMemory() {
        Run r = busybox("free");
        assertEquals(0, r.exit(), r.err());
        // The LibOS's quota is the board's RAM (Exec.MEMORY), in KiB.
        matches("^Mem: +" + Exec.MEMORY / 1024 + " +\\d+ +\\d+ +0 +0 +\\d+$", r.out());
        matches("^Swap: +0 +0 +0$", r.out());
    }

    @Test
    void uptimeShowsLoad() {
        Run r = busybox("uptime");
        assertEquals(0, r.exit(), r.err());
        matches("\\A \\d\\d:\\d\\d:\\d\\d up 0 min, +0 users, +load average: \\d+\\.\\d\\d, \\d+\\.\\d\\d, \\d+\\.\\d\\d\n\\z", r.out());
    }

    @Test
    void mountListsTheMountTable() {
        Run r = busybox("mount");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
            hostfs on / type hostfs (rw,relatime)
            devtmpfs on /dev type devtmpfs (rw,nosuid,relatime,mode=755)
            tmpfs on /dev/shm type tmpfs (rw,nosuid,nodev,size=262144k)
            proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)
            """, r.out());
    }

    @Test
    void dfShowsFileSystemsWithBlocks() {
        Run r = busybox("df");
        assertEquals(0, r.exit(), r.err());
        matches("\\AFilesystem           1K-blocks      Used Available Use% Mounted on\n", r.out());
        matches("^hostfs +\\d+ +\\d+ +\\d+ +\\d+% /$", r.out());
        matches("^tmpfs +262144 +0 +262144 +0% /dev/shm$", r.out());
        assertFalse(r.out().contains("/proc"), "proc has no blocks: df leaves it out\n" + r.out());
    }
}
