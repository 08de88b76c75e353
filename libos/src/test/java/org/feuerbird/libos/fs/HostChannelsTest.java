package org.feuerbird.libos.fs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hostfs shares one read-only host channel among the opens of a file and keeps it a while
 * after the last close: each open still reads its own bytes at its own offset, a file
 * replaced on the host or unlinked through hostfs is never read through an old channel,
 * writers never share, and the idle channels are bounded.
 */
class HostChannelsTest {
    private static final int O_RDONLY = 0, O_WRONLY = 1, O_TRUNC = 01000;

    @TempDir Path root;

    private static OpenFile open(HostFs fs, String name, int flags) throws Exception {
        List<String> rel = List.of(name);
        return fs.open(null, rel, "/" + name, fs.lookup(null, rel), flags, 0644);
    }

    private static String read(OpenFile f, int n) throws Exception {
        byte[] b = new byte[n];
        int got = f.read(b, 0, n);
        return new String(b, 0, got, StandardCharsets.UTF_8);
    }

    /** A fresh read-only open of {@code name} reads {@code expected}. */
    private static void assertReads(HostFs fs, String name, String expected) throws Exception {
        OpenFile f = open(fs, name, O_RDONLY);
        assertEquals(expected, read(f, 100));
        f.close();
    }

    /** A hostfs whose file f, holding {@code content}, was opened and closed: its channel is kept. */
    private HostFs keptChannelOf(String content) throws Exception {
        Files.writeString(root.resolve("f"), content);
        HostFs fs = new HostFs(root);
        open(fs, "f", O_RDONLY).close();
        assertEquals(1, fs.channels().idle());
        return fs;
    }

    @Test
    void readOnlyOpensShareOneChannelAndKeepTheirOwnOffsets() throws Exception {
        Files.writeString(root.resolve("f"), "abcdef");
        HostFs fs = new HostFs(root);
        OpenFile a = open(fs, "f", O_RDONLY), b = open(fs, "f", O_RDONLY);
        assertEquals(1, fs.channels().open(), "one host channel for both opens");
        assertEquals("abc", read(a, 3));
        assertEquals("ab", read(b, 2));
        assertEquals("def", read(a, 10));
        a.close();
        assertEquals("cdef", read(b, 10), "closing one open leaves the other's channel working");
        b.close();
        assertEquals(1, fs.channels().idle(), "kept after the last close");
        OpenFile c = open(fs, "f", O_RDONLY);
        assertEquals(0, fs.channels().idle(), "the next open takes the kept channel");
        c.close();
        assertReads(fs, "f", "abcdef");
    }

    @Test
    void aFileReplacedOnTheHostIsOpenedAfresh() throws Exception {
        HostFs fs = keptChannelOf("old");
        // Another host process puts a new file in its place (a new inode).
        Files.writeString(root.resolve("f.new"), "new");
        Files.move(root.resolve("f.new"), root.resolve("f"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertReads(fs, "f", "new");
    }

    @Test
    void unlinkThroughHostfsClosesTheKeptChannel() throws Exception {
        HostFs fs = keptChannelOf("old");
        assertEquals(1, fs.channels().open());
        fs.remove(null, List.of("f"), false);
        assertEquals(0, fs.channels().open(), "the unlinked file's space is not held");
        Files.writeString(root.resolve("f"), "new");
        assertReads(fs, "f", "new");
    }

    @Test
    void chmodMakesTheNextOpenAskTheHostWhileOpensInUseGoOn() throws Exception {
        Files.writeString(root.resolve("f"), "data");
        HostFs fs = new HostFs(root);
        OpenFile a = open(fs, "f", O_RDONLY);
        fs.chmod(null, List.of("f"), 0600);
        OpenFile b = open(fs, "f", O_RDONLY);
        assertEquals(1, fs.channels().open(), "b has a channel of its own, not the dropped one");
        assertEquals("data", read(a, 10), "an open file stays readable after chmod, as on Linux");
        assertEquals("data", read(b, 10));
        a.close();
        b.close();
        assertEquals(0, fs.channels().open(), "the dropped channel closed at its last close; b's was never shared");
    }

    @Test
    void writersAndTruncatingOpensDoNotShare() throws Exception {
        Files.writeString(root.resolve("f"), "data");
        HostFs fs = new HostFs(root);
        OpenFile r = open(fs, "f", O_RDONLY);
        OpenFile w = open(fs, "f", O_WRONLY | O_TRUNC);
        assertEquals(1, fs.channels().open(), "only the reader's channel is shared");
        assertEquals(0, Files.size(root.resolve("f")), "O_TRUNC truncated at open");
        byte[] x = "xyz".getBytes(StandardCharsets.UTF_8);
        w.write(x, 0, x.length);
        assertEquals("xyz", read(r, 10), "the reader sees the writer's bytes: the same host file");
        w.close();
        r.close();
    }

    @Test
    void idleChannelsAreBounded() throws Exception {
        int files = HostChannels.MAX_IDLE + 10;
        for (int i = 0; i < files; i++) Files.writeString(root.resolve("f" + i), "x" + i);
        HostFs fs = new HostFs(root);
        List<OpenFile> opens = new ArrayList<>();
        for (int i = 0; i < files; i++) opens.add(open(fs, "f" + i, O_RDONLY));
        assertEquals(files, fs.channels().open());
        for (OpenFile f : opens) f.close();
        assertEquals(HostChannels.MAX_IDLE, fs.channels().idle());
        assertEquals(HostChannels.MAX_IDLE, fs.channels().open(), "the oldest idle channels were closed");
        assertReads(fs, "f" + (files - 1), "x" + (files - 1));
    }

    @Test
    void idleChannelsExpire() throws Exception {
        Files.writeString(root.resolve("f"), "data");
        Files.writeString(root.resolve("g"), "data");
        HostFs fs = new HostFs(root);
        open(fs, "f", O_RDONLY).close();
        Thread.sleep(HostChannels.IDLE_NANOS / 1_000_000 + 50);
        open(fs, "g", O_RDONLY).close();
        assertEquals(1, fs.channels().open(), "f's channel closed when g's open found it expired");
    }
}
