package org.feuerbird.libos.posix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kernel's struct termios that TCGETS fills (asm-generic: four flag words, c_line and
 * NCCS = 19 control characters, 36 bytes; glibc's own 60-byte struct termios is not what
 * the ioctl sees), with a cooked terminal's usual settings.
 */
public final class Termios {
    private Termios() {}

    /** sizeof(struct termios) for the ioctls: writing more overruns the caller's buffer. */
    public static final int SIZE = 36;

    static final int ICRNL = 0400, IXON = 02000, OPOST = 1, ONLCR = 4, CS8 = 060, CREAD = 0200, B38400 = 017;
    static final int ISIG = 1, ICANON = 2, ECHO = 010, ECHOE = 020, ECHOK = 040, IEXTEN = 0100000;

    public static byte[] defaults() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ICRNL | IXON).putInt(OPOST | ONLCR).putInt(CS8 | CREAD | B38400).putInt(ISIG | ICANON | ECHO | ECHOE | ECHOK | IEXTEN);
        b.put((byte) 0);   // c_line
        byte[] cc = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0};
        b.put(cc);
        return b.array();
    }
}
