package org.feuerbird.libos.fs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hostfs's cheap path walk: lookups report type and (device, inode) identity, directories
 * are remembered for a bounded time and forgotten at once when hostfs itself removes or
 * renames, and open uses what the lookup found instead of asking the host again.
 */
class HostFsLookupTest {
    @TempDir Path tmp;

    /** A root holding an empty directory d and a file real/f. */
    private Path rootWithDirAndRealFile() throws java.io.IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("d"));
        Files.createDirectories(root.resolve("real"));
        Files.writeString(root.resolve("real/f"), "inside");
        return root;
    }

    private Vfs vfsOver(HostFs fs) {
        Vfs vfs = new Vfs();
        vfs.mount("/", fs);
        return vfs;
    }

    /**
     * A directory the walk has remembered, renamed away through hostfs and replaced by an
     * absolute link: the walk must follow the link from the guest's root. A remembered "d is
     * a directory" would let the host resolve d/f itself, following the link from the host's
     * root, outside the guest's.
     */
    @Test
    void renameForgetsRememberedDirectories() throws Exception {
        HostFs fs = new HostFs(rootWithDirAndRealFile());
        Vfs vfs = vfsOver(fs);
        assertNull(vfs.resolve(null, "/", "/d/f", true).found(), "d/f does not exist yet");
        fs.rename(null, List.of("d"), List.of("d.old"), 0);
        fs.symlink(null, "/real", List.of("d"));
        Vfs.Location l = vfs.resolve(null, "/", "/d/f", true);
        assertEquals(List.of("real", "f"), l.rel(), "walked through the guest's link");
        assertNotNull(l.found());
        assertEquals(Stat.S_IFREG, l.found().type());
    }

    @Test
    void rmdirForgetsRememberedDirectories() throws Exception {
        HostFs fs = new HostFs(rootWithDirAndRealFile());
        Vfs vfs = vfsOver(fs);
        assertNull(vfs.resolve(null, "/", "/d/f", true).found());
        fs.remove(null, List.of("d"), true);
        fs.symlink(null, "/real", List.of("d"));
        assertEquals(List.of("real", "f"), vfs.resolve(null, "/", "/d/f", true).rel());
    }

    @Test
    void aRememberedDirectoryExpires() {
        DirectoryCache c = new DirectoryCache();
        List<String> d = List.of("a", "b");
        c.remember(d, 1_000);
        assertTrue(c.isDirectory(List.of("a", "b"), 1_000));
        assertTrue(c.isDirectory(d, 1_000 + DirectoryCache.TTL_NANOS - 1));
        assertFalse(c.isDirectory(d, 1_000 + DirectoryCache.TTL_NANOS), "believed for the time-to-live only");
        assertFalse(c.isDirectory(List.of("a"), 1_000), "only what was remembered");
        c.remember(d, 2_000);
        c.forget();
        assertFalse(c.isDirectory(d, 2_000));
    }

    @Test
    void lookupsTellTypesAndAbsence() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("file"), "x");
        Files.createSymbolicLink(root.resolve("link"), Path.of("file"));
        HostFs fs = new HostFs(root);
        assertEquals(Stat.S_IFDIR, fs.lookup(null, List.of("dir")).type());
        assertEquals(Stat.S_IFDIR, fs.lookup(null, List.of("dir")).type(), "again, from memory");
        assertEquals(Stat.S_IFREG, fs.lookup(null, List.of("file")).type());
        assertEquals(Stat.S_IFLNK, fs.lookup(null, List.of("link")).type());
        assertNull(fs.lookup(null, List.of("absent")));
        SyscallException e = assertThrows(SyscallException.class, () -> vfsOver(fs).resolve(null, "/", "/file/x", true));
        assertEquals(Errno.ENOTDIR, e.errno, "the walk checks that every component but the last is a directory");
    }

    /** Record locks belong to the inode: two names of one file, and a directory opened from memory, share a key. */
    @Test
    void opensOfOneInodeShareTheLockKey() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("a"), "x");
        Files.createLink(root.resolve("b"), root.resolve("a"));
        Files.writeString(root.resolve("c"), "y");
        HostFs fs = new HostFs(root);
        OpenFile a = open(fs, "a"), b = open(fs, "b"), c = open(fs, "c");
        assertEquals(a.lockKey(), b.lockKey());
        assertNotEquals(a.lockKey(), c.lockKey());
        OpenFile d1 = open(fs, "dir"), d2 = open(fs, "dir");   // the second lookup comes from memory
        assertEquals(d1.lockKey(), d2.lockKey());
        OpenFile created = fs.open(null, List.of("new"), "/new", null, 2, 0640);
        assertEquals(created.lockKey(), open(fs, "new").lockKey());
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("new"))));
        for (OpenFile f : List.of(a, b, c, d1, d2, created)) f.close();
    }

    /** A FIFO in the host directory is refused: the JDK's open of it would wait for a writer forever. */
    @Test
    void aHostFifoIsEnxioNotAHang() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Process mk = new ProcessBuilder("mkfifo", root.resolve("fifo").toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        HostFs fs = new HostFs(root);
        Lookup found = fs.lookup(null, List.of("fifo"));
        assertEquals(Stat.S_IFIFO, found.type());
        SyscallException e = assertThrows(SyscallException.class, () -> fs.open(null, List.of("fifo"), "/fifo", found, 0, 0));
        assertEquals(Errno.ENXIO, e.errno);
    }

    private static OpenFile open(HostFs fs, String name) throws SyscallException {
        return fs.open(null, List.of(name), "/" + name, fs.lookup(null, List.of(name)), 0, 0);
    }

}
