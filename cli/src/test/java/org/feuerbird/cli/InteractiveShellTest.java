package org.feuerbird.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The booted system as a person uses it: {@code feuerbird run} in a real pseudo-terminal
 * (tmux), keys typed one after another, the screen read back. A pipeline, ^C on a foreground
 * job, ^Z with jobs/bg/fg, vi editing and saving a file, the window size, poweroff, and the
 * host terminal restored afterwards.
 */
class InteractiveShellTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path IMAGE = REPO.resolve("user/build/rootfs.cpio");
    static final String PROMPT = "root@feuerbird:~# ";
    static final int COLUMNS = 100, ROWS = 30;

    private static String command() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String mp = String.join(":", REPO.resolve("hardware/target/classes").toString(), REPO.resolve("kernel/hal/target/classes").toString(),
            REPO.resolve("kernel/target/classes").toString(), REPO.resolve("libos/target/classes").toString(),
            REPO.resolve("cli/target/classes").toString());
        // After the run: its status and the host terminal's settings, to see they were restored.
        return "cd '" + REPO + "' && '" + java + "' -p '" + mp + "' -m org.feuerbird.cli/org.feuerbird.cli.Main run --image '" + IMAGE
            + "'; echo \"RUN-STATUS=$?\"; stty -a | tr ';' '\\n' | grep -E '^ *-?(icanon|echo|isig)( |$)' | tr '\\n' ' '; echo; echo END-OF-TEST; sleep 600";
    }

    @Test
    void aPersonAtTheTerminalRunsJobsEditsAFileAndPowersOff() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed (the launcher installs it for ./feuerbird test)");
        assertTrue(Files.isRegularFile(IMAGE), IMAGE + " missing: make -C user busybox rootfs (./feuerbird test builds it)");
        try (Tmux t = Tmux.start(command(), COLUMNS, ROWS)) {
            t.await("the banner and the prompt", s -> s.contains("FeuerBird:") && s.contains(PROMPT), 120);

            // A pipeline.
            t.line("echo hello terminal | tr a-z A-Z");
            t.await("the pipeline's output", s -> s.contains("HELLO TERMINAL"), 60);

            // ^C ends the foreground job only; the shell reports 130.
            t.line("sleep 100");
            t.awaitCount(PROMPT, 2, 30);                 // the prompt before the sleep is the second one
            Thread.sleep(500);
            t.press("C-c");
            t.awaitCount(PROMPT, 3, 30);
            t.line("echo status=$?");
            t.await("the status of the interrupted job", s -> s.contains("status=130"), 30);

            // ^Z stops a job; jobs, bg, jobs, fg, ^C.
            t.line("sleep 200");
            t.awaitCount(PROMPT, 4, 30);
            Thread.sleep(500);
            t.press("C-z");
            t.await("the stopped job", s -> s.contains("Stopped") && s.contains("sleep 200"), 30);
            t.line("jobs");
            t.await("jobs listing the stopped job", s -> Tmux.count(s, "Stopped") >= 2, 30);
            t.line("bg");
            t.line("jobs");
            t.await("the job running in the background", s -> s.contains("Running") && s.contains("sleep 200"), 30);
            t.line("fg");
            Thread.sleep(1000);
            t.press("C-c");
            t.line("jobs; echo jobs-$((1+1))-listed");   // the output differs from the typed line
            String s = t.await("the job gone", x -> x.contains("jobs-2-listed"), 30);
            String afterFg = s.substring(s.lastIndexOf("fg"));
            assertFalse(afterFg.contains("Running") || afterFg.contains("Stopped"), "the job outlived ^C after fg:\n" + s);

            // vi: insert a line, save, leave; the file holds it.
            t.line("vi /tmp/note.txt");
            t.await("vi's screen", x -> x.contains("/tmp/note.txt") || x.contains("~"), 60);
            Thread.sleep(1000);
            t.type("iwritten in vi");
            t.press("Escape");
            Thread.sleep(300);
            t.type(":wq");
            t.press("Enter");
            t.line("cat /tmp/note.txt; echo vi-$((2+2))-checked");
            String saved = t.await("the file vi saved", x -> x.contains("vi-4-checked"), 60);
            assertTrue(saved.contains("\nwritten in vi\nvi-4-checked"), saved);

            // TIOCGWINSZ has the host terminal's size.
            t.line("stty size");
            t.await("the window size", x -> x.contains(ROWS + " " + COLUMNS), 30);

            t.line("poweroff");
            String end = t.await("the end of the run", x -> x.contains("END-OF-TEST"), 60);
            assertTrue(end.contains("feuerbird: power off"), end);
            assertTrue(end.contains("RUN-STATUS=0"), end);
            String modes = end.substring(end.indexOf("RUN-STATUS=0"), end.indexOf("END-OF-TEST"));
            java.util.List<String> flags = java.util.List.of(modes.split("\\s+"));
            assertTrue(flags.containsAll(java.util.List.of("icanon", "echo", "isig")), "the host terminal was not restored:\n" + modes);
        }
    }
}
