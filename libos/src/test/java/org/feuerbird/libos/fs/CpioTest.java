package org.feuerbird.libos.fs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.feuerbird.libos.posix.SyscallException;
import org.junit.jupiter.api.Test;

/** The newc cpio reader: what it unpacks into a tmpfs, and how it refuses malformed archives. */
class CpioTest {
    private static final long T = 1_700_000_000L;

    /** Writes newc archives as the Linux tools do: header, name, padding, data, padding. */
    private static final class Writer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        String magic = "070701";
        int ino = 1;

        Writer entry(String name, int mode, int uid, int gid, int nlink, long mtime, byte[] data, int inode, long check) {
            byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
            String h = magic + String.format("%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                inode, mode, uid, gid, nlink, mtime, data.length, 0, 0, 0, 0, n.length, check);
            out.writeBytes(h.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(n);
            pad();
            out.writeBytes(data);
            pad();
            return this;
        }

        Writer entry(String name, int mode, byte[] data) { return entry(name, mode, 0, 0, 1, T, data, ino++, 0); }

        Writer dir(String name, int perm) { return entry(name, Stat.S_IFDIR | perm, new byte[0]); }

        Writer file(String name, int perm, String text) { return entry(name, Stat.S_IFREG | perm, text.getBytes(StandardCharsets.UTF_8)); }

        Writer link(String name, String target) { return entry(name, Stat.S_IFLNK | 0777, target.getBytes(StandardCharsets.UTF_8)); }

        Writer trailer() { return entry("TRAILER!!!", 0, new byte[0]); }

        void pad() { while (out.size() % 4 != 0) out.write(0); }

        byte[] bytes() { return out.toByteArray(); }
    }

    private static List<String> p(String path) { return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList(); }

    private static String read(TmpFs fs, String path) throws SyscallException {
        OpenFile f = fs.open(null, p(path), "/" + path, fs.lookup(null, p(path)), 0, 0);
        byte[] b = new byte[4096];
        int n = f.pread(b, 0, b.length, 0);
        f.close();
        return new String(b, 0, Math.max(n, 0), StandardCharsets.UTF_8);
    }

    @Test
    void unpacksFilesDirectoriesLinksWithTheirMetadata() throws Exception {
        Writer w = new Writer();
        w.dir(".", 0755).dir("etc", 0755).file("etc/passwd", 0644, "root:x:0:0::/root:/bin/sh\n")
            .entry("bin/tool", Stat.S_IFREG | 04755, 12, 34, 1, T + 5, "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 77, 0)
            .link("bin/sh", "busybox").dir("tmp", 01777).entry("dev/null", Stat.S_IFCHR | 0666, new byte[0]).trailer();
        TmpFs fs = new TmpFs(1, 1 << 20);
        Cpio.Summary s = Cpio.unpack(w.bytes(), fs);
        assertEquals(2, s.files());
        assertEquals(1, s.links());
        assertEquals(1, s.skipped());
        assertEquals("root:x:0:0::/root:/bin/sh\n", read(fs, "etc/passwd"));
        Stat tool = fs.lstat(null, p("bin/tool"));
        assertEquals(Stat.S_IFREG | 04755, tool.mode());
        assertEquals(12, tool.uid());
        assertEquals(34, tool.gid());
        assertEquals((T + 5) * 1_000_000_000L, tool.mtimeNanos());
        assertEquals("busybox", fs.readlink(null, p("bin/sh")));
        assertEquals(Stat.S_IFDIR | 01777, fs.lstat(null, p("tmp")).mode());
        // bin was never listed: made as 0755; directory times are the archive's, set last.
        assertEquals(Stat.S_IFDIR | 0755, fs.lstat(null, p("bin")).mode());
        assertEquals(T * 1_000_000_000L, fs.lstat(null, p("etc")).mtimeNanos());
        assertThrows(SyscallException.class, () -> fs.lstat(null, p("dev/null")));
    }

    @Test
    void hardLinksShareOneFileWhicheverEntryCarriesTheData() throws Exception {
        Writer w = new Writer();
        // GNU cpio writes the data with the last name of a hard-linked file.
        w.entry("a", Stat.S_IFREG | 0644, 0, 0, 2, T, new byte[0], 9, 0)
            .entry("b", Stat.S_IFREG | 0644, 0, 0, 2, T, "shared".getBytes(StandardCharsets.UTF_8), 9, 0).trailer();
        TmpFs fs = new TmpFs(1, 1 << 20);
        Cpio.Summary s = Cpio.unpack(w.bytes(), fs);
        assertEquals(1, s.hardLinks());
        assertEquals("shared", read(fs, "a"));
        assertEquals(fs.lstat(null, p("a")).ino(), fs.lstat(null, p("b")).ino());
        assertEquals(2, fs.lstat(null, p("b")).nlink());
    }

    @Test
    void aLaterEntryOfTheSameNameReplacesTheEarlierOne() throws Exception {
        Writer w = new Writer();
        w.file("f", 0644, "first").file("f", 0600, "second").file("d", 0644, "a file").dir("d", 0700).link("l", "x").link("l", "y").trailer();
        TmpFs fs = new TmpFs(1, 1 << 20);
        Cpio.unpack(w.bytes(), fs);
        assertEquals("second", read(fs, "f"));
        assertEquals(Stat.S_IFREG | 0600, fs.lstat(null, p("f")).mode());
        assertEquals(Stat.S_IFDIR | 0700, fs.lstat(null, p("d")).mode());
        assertEquals("y", fs.readlink(null, p("l")));
    }

    @Test
    void checksumsOf070702AreVerified() throws Exception {
        Writer ok = new Writer();
        ok.magic = "070702";
        ok.entry("f", Stat.S_IFREG | 0644, 0, 0, 1, T, "ab".getBytes(StandardCharsets.US_ASCII), 1, 'a' + 'b').trailer();
        Cpio.unpack(ok.bytes(), new TmpFs(1, 1 << 20));
        Writer bad = new Writer();
        bad.magic = "070702";
        bad.entry("f", Stat.S_IFREG | 0644, 0, 0, 1, T, "ab".getBytes(StandardCharsets.US_ASCII), 1, 5).trailer();
        assertBad(bad.bytes(), "f: checksum mismatch");
    }

    @Test
    void zeroPaddingAfterTheTrailerIsAllowed() throws Exception {
        Writer w = new Writer();
        w.file("x", 0644, "1").trailer();
        byte[] padded = Arrays.copyOf(w.bytes(), 4096);
        Cpio.unpack(padded, new TmpFs(1, 1 << 20));
    }

    private static void assertBad(byte[] image, String expected) {
        Cpio.BadImage e = assertThrows(Cpio.BadImage.class, () -> Cpio.unpack(image, new TmpFs(1, 1 << 20)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void malformedArchivesAreRefusedWithTheProblemNamed() {
        byte[] good = new Writer().file("etc/motd", 0644, "hello").trailer().bytes();
        assertBad("root:x:0:0::/root:/bin/sh\n".repeat(10).getBytes(StandardCharsets.US_ASCII), "bad magic");
        assertBad(new byte[] {'0', '7', '0', '7', '0', '7'}, "truncated header");
        assertBad(Arrays.copyOf(good, 115), "truncated name");
        assertBad(Arrays.copyOf(good, 124), "truncated data");
        assertBad(Arrays.copyOf(good, 128), "no TRAILER!!!");
        assertBad(new byte[0], "no TRAILER!!!");
        byte[] nonHex = good.clone();
        nonHex[10] = 'z';
        assertBad(nonHex, "not hexadecimal");
        byte[] noNul = good.clone();
        noNul[110 + 8] = 'x';   // the NUL after "etc/motd"
        assertBad(noNul, "not terminated by NUL");
        assertBad(new Writer().file("../escape", 0644, "x").trailer().bytes(), "outside the root");
        assertBad(new Writer().entry("odd", 0170000 & 0150000, new byte[0]).trailer().bytes(), "unknown file type");
        assertBad(new Writer().file("a", 0644, "x").file("a/b", 0644, "y").trailer().bytes(), "a/b: Not a directory");
        assertBad(new Writer().link("l", "").trailer().bytes(), "bad link target size");
    }

    @Test
    void aFullFileSystemIsReportedNotThrown() {
        byte[] big = new Writer().file("big", 0644, "x".repeat(5000)).trailer().bytes();
        Cpio.BadImage e = assertThrows(Cpio.BadImage.class, () -> Cpio.unpack(big, new TmpFs(1, 4096)));
        assertTrue(e.getMessage().contains("big: No space left on device"), e.getMessage());
    }
}
