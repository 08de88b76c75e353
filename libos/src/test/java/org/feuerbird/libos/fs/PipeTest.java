package org.feuerbird.libos.fs;

import static org.junit.jupiter.api.Assertions.*;

import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;
import org.junit.jupiter.api.Test;

/** The pipe's buffer: bytes come out in order and whole, and a reused page changes nothing a reader or writer sees. */
class PipeTest {
    private static Pipe open() {
        Pipe p = new Pipe();
        p.open(true);
        p.open(false);
        return p;
    }

    @Test
    void pingPongThroughTheSparePageKeepsEveryByte() throws SyscallException {
        Pipe p = open();
        byte[] got = new byte[8];
        for (int i = 0; i < 1000; i++) {
            byte[] msg = ("m" + i).getBytes();
            assertEquals(msg.length, p.write(msg, 0, msg.length));
            int n = p.read(got, 0, got.length);
            assertEquals(new String(msg), new String(got, 0, n), "message " + i);
            assertEquals(0, p.available());
        }
    }

    @Test
    void capacityIsSixteenPagesWhateverWasReusedBefore() throws SyscallException {
        Pipe p = open();
        byte[] one = {1};
        p.write(one, 0, 1);
        p.read(new byte[1], 0, 1);   // the emptied page becomes the spare
        byte[] page = new byte[Pipe.PAGE];
        for (int i = 0; i < Pipe.SLOTS; i++) assertEquals(Pipe.PAGE, p.write(page, 0, page.length), "page " + i);
        SyscallException full = assertThrows(SyscallException.class, () -> p.write(one, 0, 1));
        assertEquals(Errno.EAGAIN, full.errno);
        assertEquals(Pipe.CAPACITY, p.available());
    }

    @Test
    void aSmallWriteAfterAReadDoesNotSeeOldBytes() throws SyscallException {
        Pipe p = open();
        p.write("abcdef".getBytes(), 0, 6);
        byte[] got = new byte[6];
        assertEquals(6, p.read(got, 0, 6));
        p.write("x".getBytes(), 0, 1);
        assertEquals(1, p.read(got, 0, 6));
        assertEquals('x', got[0]);
    }
}
