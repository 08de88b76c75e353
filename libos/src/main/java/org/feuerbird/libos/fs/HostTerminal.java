package org.feuerbird.libos.fs;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The size of the host's terminal, for TIOCGWINSZ. Java cannot ask the terminal itself
 * without native code, so it asks {@code stty size} with the controlling terminal as its
 * input; the answer is kept for a second (full-screen programs ask often). Without a
 * terminal, or if stty fails, the size is the traditional 24 rows by 80 columns.
 */
public final class HostTerminal {
    public static final int DEFAULT_ROWS = 24, DEFAULT_COLUMNS = 80;
    private static final long KEEP_NANOS = 1_000_000_000L;

    private static int rows = DEFAULT_ROWS, columns = DEFAULT_COLUMNS;
    private static long askedAt = Long.MIN_VALUE;

    private HostTerminal() {}

    /** {rows, columns} of the host terminal now. */
    public static synchronized int[] size() {
        long now = System.nanoTime();
        if (askedAt == Long.MIN_VALUE || now - askedAt > KEEP_NANOS) {
            askedAt = now;
            ask();
        }
        return new int[] {rows, columns};
    }

    private static void ask() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) return;
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) return;
            String[] f = out.split("\\s+");
            if (f.length == 2) {
                int r = Integer.parseInt(f[0]), c = Integer.parseInt(f[1]);
                if (r > 0 && c > 0 && r < 10_000 && c < 10_000) {
                    rows = r;
                    columns = c;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // No terminal to ask (or no stty): keep the last answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
