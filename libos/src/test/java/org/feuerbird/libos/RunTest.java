package org.feuerbird.libos;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code feuerbird run -c}: the booted system (our init, busybox, the tmpfs root from the
 * image user/build/rootfs.cpio) runs shell commands; scripts that need nothing of the
 * system are also run by the same busybox under qemu-riscv64-static, and must agree.
 */
class RunTest {
    @TempDir Path tmp;

    static Path build() { return Path.of(System.getProperty("feuerbird.user.build", "../user/build")); }

    static Path image() {
        Path img = build().resolve("rootfs.cpio");
        assertTrue(Files.isRegularFile(img), img + " is missing: build it with 'make -C user busybox rootfs' (./feuerbird test does)");
        return img;
    }

    record Outcome(int status, String out, String err) {}

    static Outcome boot(Path image, String command, String stdin, long memory) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Run.run(new Run.Options(image, memory, command, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false, false, false));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Outcome run(String command) { return boot(image(), command, "", Run.DEFAULT_MEMORY); }

    /** The same busybox under qemu: sh -c in a scratch directory, PATH holding only links to it. */
    Outcome qemu(String command) throws IOException, InterruptedException {
        Path busybox = build().resolve("busybox/busybox").toAbsolutePath();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        for (String applet : new String[] {"sh", "echo", "cat", "tr", "wc", "sort", "uniq", "head", "tail", "seq", "find", "xargs",
                "tar", "gzip", "gunzip", "zcat", "md5sum", "mkdir", "rm", "ls", "printf", "sed", "awk", "grep", "cut", "cmp", "cp", "true", "false"}) {
            if (!Files.exists(bin.resolve(applet))) Files.createSymbolicLink(bin.resolve(applet), busybox);
        }
        List<String> cmd = new ArrayList<>(QemuBinfmt.prefix());
        // PATH is set inside: the namespace wrapper itself needs the host's sh.
        cmd.addAll(List.of("qemu-riscv64-static", busybox.toString(), "sh", "-c", "PATH=" + bin + "; export PATH; " + command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        HostProcess.Result r = HostProcess.run(pb, 120, "qemu: " + command);
        return new Outcome(r.exit(), new String(r.stdout(), StandardCharsets.UTF_8), new String(r.stderr(), StandardCharsets.UTF_8));
    }

    /** Runs a script in both, from a fresh directory (./ in qemu's scratch dir, /root/w in the booted system). */
    void agree(String script) throws Exception {
        Outcome ours = run("mkdir -p w && cd w && " + script);
        Outcome ref = qemu(script);
        assertEquals(ref.out(), ours.out(), "stdout differs; ours stderr: " + ours.err() + "; qemu stderr: " + ref.err());
        assertEquals(ref.status(), ours.status(), "status differs; ours stderr: " + ours.err());
    }

    @Test
    void pipelinesAgreeWithQemu() throws Exception {
        agree("echo 'the quick brown fox jumps over the lazy dog' | tr ' ' '\\n' | sort | uniq -c | sort -rn | head -3; "
            + "seq 1 1000 | grep 7 | wc -l; echo abc | sed 's/b/B/' | cat | cat | cat; "
            + "seq 5 | awk '{ s += $1 } END { print s }'");
    }

    @Test
    void redirectionsAgreeWithQemu() throws Exception {
        agree("echo one > f; echo two >> f; wc -l < f; cat f nothere 2> err; echo status $?; wc -l < err; "
            + "exec 3> g; echo three >&3; exec 3>&-; cat g; (echo out; echo err >&2) 2>&1 > h | tr a-z A-Z; cat h; "
            + "echo x | { read v; echo got $v; }; : > empty; wc -c < empty");
    }

    @Test
    void hereDocumentsAgreeWithQemu() throws Exception {
        agree("x=42; cat <<EOF\nvalue $x\n$(echo sub) and $((x * 2))\nEOF\ncat <<'EOF'\nliteral $x\nEOF\n"
            + "tr a-z A-Z <<-EOF\n\tindented\n\tEOF\nwc -l <<EOF\n1\n2\n3\nEOF");
    }

    @Test
    void findAndXargsAgreeWithQemu() throws Exception {
        agree("mkdir -p t/a/b t/c; for f in t/1 t/a/2 t/a/b/3 t/c/4; do echo $f > $f.txt; done; "
            + "find t -name '*.txt' | sort | xargs cat; find t -type d | sort; find t -type f | sort | xargs -n 2 echo; "
            + "find t -name '*.txt' -print0 | xargs -0 cat | wc -l");
    }

    @Test
    void tarAndGzipRoundTripsAgreeWithQemu() throws Exception {
        agree("mkdir -p src/sub; seq 1 2000 > src/numbers; echo hello > src/sub/hello; printf 'x%.0s' $(seq 300) > src/sub/xs; "
            + "tar cf a.tar src && mkdir x && tar xf a.tar -C x && cmp src/numbers x/src/numbers && cmp src/sub/xs x/src/sub/xs && echo tar ok; "
            + "tar czf a.tgz src && mkdir y && cd y && tar xzf ../a.tgz && cd .. && cat y/src/sub/hello && md5sum < y/src/numbers; "
            + "gzip -c src/numbers > n.gz && gunzip -c n.gz | md5sum && zcat n.gz | tail -1; gzip -t n.gz && echo gzip ok; "
            + "tar tf a.tar | sort");
    }

    @Test
    void exitStatusesAgreeWithQemu() throws Exception {
        agree("exit 3");
        agree("false");
        agree("true && false || (exit 7)");
        agree("nosuchcommand 2>/dev/null");
    }

    @Test
    void aCommandKilledBySignalGives128PlusNAndTheSignalsName() {
        Outcome o = run("kill -9 $$");
        assertEquals(137, o.status(), o.err());
        assertTrue(o.err().contains("Killed"), o.err());
        Outcome t = run("kill -TERM $$");
        assertEquals(143, t.status(), t.err());
        assertTrue(t.err().contains("Terminated"), t.err());
    }

    @Test
    void theHostsStdinReachesTheCommandAndItsStdoutComesBackUntouched() {
        Outcome o = boot(image(), "wc -c", "hi\n", Run.DEFAULT_MEMORY);
        assertEquals(new Outcome(0, "3\n", ""), o);
        Outcome cat = boot(image(), "cat; echo end", "line 1\nline 2\n", Run.DEFAULT_MEMORY);
        assertEquals("line 1\nline 2\nend\n", cat.out());
    }

    @Test
    void dashCPrintsNothingOfItsOwn() {
        Outcome o = run("true");
        assertEquals(new Outcome(0, "", ""), o);
    }

    @Test
    void theBootedSystemHasItsTreeItsHostnameAndScripts() {
        Outcome o = run("hostname; cat /etc/hostname; ls -d /bin /sbin /usr/bin /usr/sbin /etc /dev /proc /tmp /root /home; "
            + "ls -ln /etc/passwd | awk '{ print $1, $3, $4 }'; readlink /bin/sh; echo $HOME $PWD; "
            + "printf '#!/bin/sh -e\\necho script \"$@\" $(cat /proc/$$/comm)\\n' > /tmp/s && chmod +x /tmp/s && /tmp/s one two; "
            + "printf 'echo no shebang\\n' > /tmp/t && chmod +x /tmp/t && /tmp/t; "
            + "cp /bin/busybox /tmp/busybox && /tmp/busybox echo copied binary runs from tmpfs");
        assertEquals(0, o.status(), o.err());
        assertEquals("""
            feuerbird
            feuerbird
            /bin
            /dev
            /etc
            /home
            /proc
            /root
            /sbin
            /tmp
            /usr/bin
            /usr/sbin
            -rw-r--r-- 0 0
            busybox
            /root /root
            script one two s
            no shebang
            copied binary runs from tmpfs
            """.replace("busybox\n", "/bin/busybox\n"), o.out());
    }

    /** Interactive: banner, motd, prompt from /etc/profile; the shell's exit status ends the run. */
    @Test
    void theInteractiveBootShowsBannerMotdAndPromptAndEndsWithTheShell() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Run.run(new Run.Options(image(), Run.DEFAULT_MEMORY, null,
            new ByteArrayInputStream("echo hello from $(hostname)\nexit 4\n".getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), true, false, false));
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(4, status, text);
        assertTrue(text.startsWith("FeuerBird: exokernel on a 256 MiB RV64GC board (1 hart), POSIX LibOS"), text);
        assertTrue(text.contains("Welcome to FeuerBird"), text);
        assertTrue(text.contains("root@feuerbird:~# "), text);
        assertTrue(text.contains("hello from feuerbird"), text);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("feuerbird: init exited with status 4"), text);
    }

    @Test
    void poweroffHaltAndRebootFromInsideEndTheRun() {
        Outcome off = run("echo before; poweroff; sleep 10; echo after");
        assertEquals(0, off.status(), off.err());
        assertEquals("before\n", off.out());
        assertTrue(off.err().contains("feuerbird: power off"), off.err());
        Outcome halt = run("halt");
        assertEquals(0, halt.status(), halt.err());
        assertTrue(halt.err().contains("feuerbird: halted"), halt.err());
        Outcome reboot = run("sleep 100 & reboot");
        assertEquals(0, reboot.status(), reboot.err());
        assertTrue(reboot.err().contains("feuerbird: reboot"), reboot.err());
    }

    @Test
    void aBadImageIsNamedWithItsProblemAndFails() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.cpio"), "not an archive at all, just text\n".repeat(10));
        Outcome o = boot(junk, "true", "", Run.DEFAULT_MEMORY);
        assertEquals(2, o.status());
        assertTrue(o.err().contains("bad initramfs: offset 0: bad magic"), o.err());
        byte[] img = Files.readAllBytes(image());
        Path cut = Files.write(tmp.resolve("cut.cpio"), java.util.Arrays.copyOf(img, img.length / 2));
        Outcome c = boot(cut, "true", "", Run.DEFAULT_MEMORY);
        assertEquals(2, c.status());
        assertTrue(c.err().contains("truncated"), c.err());
        Outcome missing = boot(tmp.resolve("nothing.cpio"), "true", "", Run.DEFAULT_MEMORY);
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("make -C user busybox rootfs"), missing.err());
        assertFalse((o.err() + c.err() + missing.err()).contains("Exception"));
    }

    @Test
    void anImageWithoutInitSaysSo() throws IOException {
        Path empty = Files.write(tmp.resolve("empty.cpio"), emptyArchive());
        Outcome o = boot(empty, "true", "", Run.DEFAULT_MEMORY);
        assertEquals(2, o.status());
        assertTrue(o.err().contains("cannot start /sbin/init: No such file or directory"), o.err());
    }

    private static byte[] emptyArchive() {
        String name = "TRAILER!!!\0";
        String h = "070701" + String.format("%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, name.length(), 0);
        byte[] b = (h + name).getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(b, (b.length + 3) & ~3);
    }

    @Test
    void memorySizesAreParsedAndBadOnesRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(256L << 20, Run.parseMemory("256M", e));
        assertEquals(1L << 30, Run.parseMemory("1G", e));
        assertEquals(1L << 30, Run.parseMemory("1GiB", e));
        assertEquals(64L << 20, Run.parseMemory("65536k", e));
        assertEquals(32L << 20, Run.parseMemory(String.valueOf(32L << 20), e));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        for (String bad : new String[] {"", "M", "lots", "-1G", "0", "1M", "100G", "1.5G", "99999999999999999999G", "17000001"}) {
            err.reset();
            assertEquals(-1, Run.parseMemory(bad, e), bad);
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("feuerbird run: --memory"), bad + ": " + err);
        }
    }

    @Test
    void aBootWithMoreMemoryShowsIt() {
        Outcome o = boot(image(), "free -m >/dev/null 2>&1; echo ok", "", 1L << 30);
        assertEquals(new Outcome(0, "ok\n", ""), o);
    }
}
