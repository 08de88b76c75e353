package org.feuerbird.libos.fs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest name the JDK cannot encode as a host file name is an errno, never an exception out
 * of the LibOS. Under a C or POSIX locale the JVM encodes host names in ASCII, so any "é" in a
 * guest path used to end the whole LibOS with InvalidPathException (busybox's ls and tar
 * tests did it). The JVM's encoding is fixed at its start, so this test uses a name that no
 * encoding accepts: a lone UTF-16 surrogate.
 */
class HostNamesTest {
    @TempDir Path root;

    @Test
    void aNameTheHostCannotEncodeIsEilseq() throws IOException {
        java.nio.file.Files.createDirectory(root.resolve("dir"));
        HostFs fs = new HostFs(root);
        for (String path : new String[] {"/a\uD800b", "/dir/a\uD800b/c", "rel\uDC00"}) {
            SyscallException e = assertThrows(SyscallException.class, () -> fs.resolve("/", path, true), path);
            assertEquals(Errno.EILSEQ, e.errno, path);
        }
    }
}
