package org.feuerbird.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real pseudo-terminal for end-to-end tests: a detached tmux session on a private server
 * socket runs a command; keys go in with send-keys and the screen comes back with
 * capture-pane, as a person at a terminal would type and read.
 */
final class Tmux implements AutoCloseable {
    private final String socket;
    private final String session = "fb";

    private Tmux(String socket) { this.socket = socket; }

    /** Whether tmux is installed (the launcher installs it for the tests). */
    static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code shellCommand} (run by /bin/sh) in a terminal of {@code columns} x {@code rows}. */
    static Tmux start(String shellCommand, int columns, int rows) throws IOException, InterruptedException {
        Tmux t = new Tmux("feuerbird-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        t.tmux("new-session", "-d", "-s", t.session, "-x", Integer.toString(columns), "-y", Integer.toString(rows), shellCommand);
        return t;
    }

    /** Types literal text (no key names interpreted). */
    void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", session, "-l", text);
    }

    /** Presses keys by tmux name: "Enter", "C-c", "C-z", "Escape". */
    void press(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types a line and presses Enter. */
    void line(String text) throws IOException, InterruptedException {
        type(text);
        press("Enter");
    }

    /** The visible screen plus the scrollback, as text. */
    String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-J", "-S", "-2000", "-t", session);
    }

    /** Waits until the screen satisfies {@code ready}; fails with the screen after {@code seconds}. */
    String await(String what, Predicate<String> ready, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String s = screen();
        while (!ready.test(s)) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited " + seconds + " s for " + what + "; the screen:\n" + s);
            Thread.sleep(100);
            s = screen();
        }
        return s;
    }

    /** Waits until {@code text} appears {@code times} times on the screen. */
    String awaitCount(String text, int times, int seconds) throws IOException, InterruptedException {
        return await(times + " x '" + text + "'", s -> count(s, text) >= times, seconds);
    }

    static int count(String s, String text) {
        int n = 0;
        for (int at = s.indexOf(text); at >= 0; at = s.indexOf(text, at + text.length())) n++;
        return n;
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("tmux " + String.join(" ", args) + ": " + out);
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true).start().waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
