package org.feuerbird.libos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host process (qemu-riscv64-static, mostly) for a test with a time limit that holds:
 * its output pipes are drained on threads of their own, so a hang cannot block the test in a
 * read; when the limit passes, the whole process tree is killed and the test fails. (Pipes,
 * not files: the programs under test look at what their stdout is.)
 */
final class HostProcess {
    record Result(int exit, byte[] stdout, byte[] stderr) {}

    private HostProcess() {}

    static Result run(ProcessBuilder pb, int seconds, String what) throws IOException, InterruptedException {
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Thread o = drain(p.getInputStream(), out), e = drain(p.getErrorStream(), err);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            o.join(5000);
            throw new AssertionError(what + " did not finish in " + seconds + " s; its output so far:\n" + text(out));
        }
        // Killed descendants (or ones that left) close the pipes; a daemon that keeps them open is not waited for.
        o.join(10_000);
        e.join(10_000);
        synchronized (out) {
            synchronized (err) {
                return new Result(p.exitValue(), out.toByteArray(), err.toByteArray());
            }
        }
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream to) {
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return t;
    }

    private static String text(ByteArrayOutputStream b) {
        synchronized (b) {
            return b.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
