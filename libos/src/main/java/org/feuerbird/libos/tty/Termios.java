package org.feuerbird.libos.tty;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A terminal's settings: the kernel's struct termios as TCGETS/TCSETS move it (asm-generic:
 * four flag words, c_line and NCCS = 19 control characters, 36 bytes). Fresh terminals get
 * Linux's defaults (its tty_std_termios).
 */
public final class Termios {
    public static final int SIZE = 36, NCCS = 19;

    // c_iflag
    public static final int ISTRIP = 040, INLCR = 0100, IGNCR = 0200, ICRNL = 0400, IXON = 02000, IXANY = 04000, IUTF8 = 040000;
    // c_oflag
    public static final int OPOST = 1, ONLCR = 4, OCRNL = 010, ONOCR = 020, ONLRET = 040, TABDLY = 014000, XTABS = 014000;
    // c_cflag
    public static final int B38400 = 017, CS8 = 060, CREAD = 0200, HUPCL = 02000;
    // c_lflag
    public static final int ISIG = 1, ICANON = 2, ECHO = 010, ECHOE = 020, ECHOK = 040, ECHONL = 0100, NOFLSH = 0200,
        TOSTOP = 0400, ECHOCTL = 01000, ECHOPRT = 02000, ECHOKE = 04000, IEXTEN = 0100000;
    // c_cc indices
    public static final int VINTR = 0, VQUIT = 1, VERASE = 2, VKILL = 3, VEOF = 4, VTIME = 5, VMIN = 6, VSTART = 8,
        VSTOP = 9, VSUSP = 10, VEOL = 11, VREPRINT = 12, VDISCARD = 13, VWERASE = 14, VLNEXT = 15, VEOL2 = 16;

    public int iflag = ICRNL | IXON;
    public int oflag = OPOST | ONLCR;
    public int cflag = B38400 | CS8 | CREAD | HUPCL;
    public int lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    public int line;
    /** ^C ^\ DEL ^U ^D, TIME 0, MIN 1, -, ^Q ^S ^Z, -, ^R ^O ^W ^V, -. */
    public final byte[] cc = {3, 034, 0177, 025, 4, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0, 0, 0};

    public boolean has(int lflagBits) { return (lflag & lflagBits) == lflagBits; }

    public boolean canonical() { return (lflag & ICANON) != 0; }

    /** Control character {@code i}, or -1 if disabled (0 is _POSIX_VDISABLE). */
    public int cc(int i) {
        int c = cc[i] & 0xff;
        return c == 0 ? -1 : c;
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(iflag).putInt(oflag).putInt(cflag).putInt(lflag).put((byte) line).put(cc);
        return b.array();
    }

    /** Sets everything from a struct termios as TCSETS passes it. */
    public void set(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        iflag = b.getInt();
        oflag = b.getInt();
        cflag = b.getInt();
        lflag = b.getInt();
        line = b.get() & 0xff;
        b.get(cc);
    }

    public Termios copy() {
        Termios t = new Termios();
        t.set(toBytes());
        return t;
    }
}
