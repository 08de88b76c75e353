package org.feuerbird.libos.tty;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The line discipline alone: what a terminal does with typed bytes and written ones, without a board. */
class LineDisciplineTest {
    private final LineDiscipline ld = new LineDiscipline();

    private int type(String s) {
        int sig = 0;
        for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) {
            int r = ld.receive(b);
            if (r != 0) sig = r;
        }
        return sig;
    }

    private String echo() { return new String(ld.takeEcho(), StandardCharsets.ISO_8859_1); }

    private String read(int len) {
        byte[] b = new byte[len];
        int n = ld.read(b, 0, len);
        return n < 0 ? null : new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private void lflag(int on, int off) {
        Termios t = ld.termios.copy();
        t.lflag = (t.lflag | on) & ~off;
        ld.setTermios(t.toBytes());
    }

    @Test
    void defaultsAreLinuxs() {
        byte[] raw = ld.termios.toBytes();
        assertEquals(36, raw.length);
        assertEquals(0x500, ld.termios.iflag, "ICRNL|IXON");
        assertEquals(0x5, ld.termios.oflag, "OPOST|ONLCR");
        assertEquals(0x4bf, ld.termios.cflag, "B38400|CS8|CREAD|HUPCL");
        assertEquals(0x8a3b, ld.termios.lflag, "ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN");
        assertEquals(3, raw[17]);
        assertEquals(127, raw[17 + Termios.VERASE]);
        assertEquals(1, raw[17 + Termios.VMIN]);
    }

    @Test
    void canonicalReadWaitsForTheLineAndGivesOneLineAtATime() {
        type("hel");
        assertNull(read(100), "no whole line yet");
        assertEquals(0, ld.readable());
        type("lo\rsecond\n");
        assertEquals("hello\r\nsecond\r\n", echo(), "CR typed becomes NL (ICRNL), echoed as CR NL (ONLCR)");
        assertEquals(13, ld.readable());
        assertEquals("hello\n", read(100));
        assertEquals("sec", read(3), "a short read leaves the rest of the line");
        assertEquals("ond\n", read(100));
        assertNull(read(100));
    }

    @Test
    void eraseKillAndWordErase() {
        type("abx\u007f");
        assertEquals("abx\b \b", echo(), "ECHOE rubs the character out");
        type("\bc\n");
        assertEquals("ac\n", read(100), "^H erases too while ERASE is DEL");
        type("one two  \u0017three\n");
        assertEquals("one three\n", read(100), "^W takes the word and the blanks after it");
        ld.takeEcho();
        type("gone\u0015kept\n");
        assertEquals("gone\b \b\b \b\b \b\b \bkept\r\n", echo(), "ECHOKE: the killed line is rubbed out");
        assertEquals("kept\n", read(100));
        type("\u007f\u007f");
        assertEquals("", echo(), "nothing to erase at a line's start");
    }

    @Test
    void controlCharactersEchoAsCaretAndEraseAsTwoColumns() {
        type("a\u0001");
        assertEquals("a^A", echo());
        type("\u007f");
        assertEquals("\b \b\b \b", echo());
        type("\t\u007f");
        assertEquals("\t\b\b\b\b\b\b\b", echo(), "a tab is erased back to where it began");
    }

    @Test
    void killWithoutEchokeEchoesTheKillCharacterAndNewline() {
        lflag(0, Termios.ECHOKE);
        type("abc\u0015");
        assertEquals("abc^U\r\n", echo());
        type("x\n");
        assertEquals("x\n", read(100));
    }

    @Test
    void eraseWithoutEchoeEchoesTheEraseCharacter() {
        lflag(0, Termios.ECHOE);
        type("ab\u007f");
        assertEquals("ab^?", echo());
    }

    @Test
    void controlDEndsFileOrPushesAPartialLine() {
        type("part\u0004");
        assertEquals("part", echo(), "^D itself is not echoed");
        assertEquals("part", read(100), "a partial line is pushed without a newline");
        type("\u0004");
        assertEquals("", read(100), "at a line's start it is end of file: a read of 0");
        assertNull(read(100));
    }

    @Test
    void eolAndLiteralNext() {
        Termios t = ld.termios.copy();
        t.cc[Termios.VEOL] = ';';
        ld.setTermios(t.toBytes());
        type("a;b");
        assertEquals("a;", read(100), "VEOL ends a line and stays in it");
        type("\u0016\u007f\u0016\u0003\n");
        assertEquals("b\u007f\u0003\n", read(100), "^V takes the next character literally, even ^C");
        assertEquals("a;b^\b^?^\b^C\r\n", echo());
    }

    @Test
    void echoOffAndEchoNl() {
        lflag(0, Termios.ECHO);
        type("secret\n");
        assertEquals("", echo());
        lflag(Termios.ECHONL, 0);
        type("x\n");
        assertEquals("\r\n", echo(), "ECHONL echoes the newline even without ECHO");
        assertEquals("secret\n", read(100));
    }

    @Test
    void signalCharactersFlushAndEcho() {
        type("half");
        ld.takeEcho();
        assertEquals(LineDiscipline.SIGINT, type("\u0003"));
        assertEquals("^C", echo());
        type("\n");
        assertEquals("\n", read(100), "the half line was flushed");
        assertEquals(LineDiscipline.SIGQUIT, type("\u001c"));
        assertEquals(LineDiscipline.SIGTSTP, type("\u001a"));
        lflag(Termios.NOFLSH, Termios.ISIG);
        assertEquals(0, type("\u0003\n"), "without ISIG ^C is data");
        assertEquals("\u0003\n", read(100));
    }

    @Test
    void noflshKeepsInput() {
        lflag(Termios.NOFLSH, 0);
        type("keep");
        assertEquals(LineDiscipline.SIGINT, type("\u0003"));
        type("\n");
        assertEquals("keep\n", read(100));
    }

    @Test
    void inputFlags() {
        Termios t = ld.termios.copy();
        t.iflag = Termios.IGNCR;
        ld.setTermios(t.toBytes());
        type("a\rb\n");
        assertEquals("ab\n", read(100), "IGNCR drops CR");
        t.iflag = Termios.INLCR | Termios.ISTRIP;
        t.cc[Termios.VEOL] = '\r';
        ld.setTermios(t.toBytes());
        type("\u00e1\n");
        assertEquals("a\r", read(100), "ISTRIP clears bit 7; INLCR makes NL a CR");
    }

    @Test
    void rawModeGivesBytesAsTheyCome() {
        Termios t = ld.termios.copy();
        t.iflag = 0;
        t.oflag = 0;
        t.lflag = 0;
        ld.setTermios(t.toBytes());
        assertEquals(0, type("a\r\u0003\u007f"));
        assertEquals(4, ld.readable());
        assertEquals("a\r", read(2));
        assertEquals("\u0003\u007f", read(10));
        assertEquals("", echo());
        assertNull(read(10));
    }

    @Test
    void leavingCanonicalModeReleasesTheEditedLine() {
        type("ab");
        lflag(0, Termios.ICANON);
        assertEquals("ab", read(10));
    }

    @Test
    void outputProcessing() {
        assertEquals("a\r\nb", new String(ld.processOutput("a\nb".getBytes(), 0, 3), StandardCharsets.ISO_8859_1));
        Termios t = ld.termios.copy();
        t.oflag = Termios.OPOST | Termios.OCRNL | Termios.XTABS;
        ld.setTermios(t.toBytes());
        assertEquals("       x\n\n", new String(ld.processOutput("\tx\r\n".getBytes(), 0, 4), StandardCharsets.ISO_8859_1),
            "the column was 1: the tab goes to 8");
        t.oflag = 0;
        ld.setTermios(t.toBytes());
        assertEquals("a\nb", new String(ld.processOutput("a\nb".getBytes(), 0, 3), StandardCharsets.ISO_8859_1));
    }

    @Test
    void xonXoffStopOutput() {
        type("\u0013");
        assertTrue(ld.outputStopped());
        type("\u0011");
        assertFalse(ld.outputStopped());
        assertEquals(0, ld.readable());
    }

    @Test
    void vminAndVtime() {
        long s = 1_000_000_000L;
        // MIN 0, TIME 0: a poll
        assertEquals(-1, LineDiscipline.nonCanonicalWait(0, 0, 0, 10, 0, 0, s));
        // MIN 3: wait without bound until 3 bytes (or fewer if fewer are asked)
        assertEquals(0, LineDiscipline.nonCanonicalWait(3, 0, 2, 10, s, s, s));
        assertEquals(-1, LineDiscipline.nonCanonicalWait(3, 0, 3, 10, s, s, s));
        assertEquals(-1, LineDiscipline.nonCanonicalWait(3, 0, 2, 2, s, s, s));
        // MIN 0, TIME 5: half a second from the call's start, or the first byte
        assertEquals(s + 500_000_000L, LineDiscipline.nonCanonicalWait(0, 5, 0, 10, s, 0, s + 1));
        assertEquals(-1, LineDiscipline.nonCanonicalWait(0, 5, 0, 10, s, 0, s + 500_000_000L));
        assertEquals(-1, LineDiscipline.nonCanonicalWait(0, 5, 1, 10, s, 0, s + 1));
        // MIN 4, TIME 2: no bound before the first byte, then an inter-byte timer
        assertEquals(0, LineDiscipline.nonCanonicalWait(4, 2, 0, 10, s, 0, s + 1));
        assertEquals(2 * s + 200_000_000L, LineDiscipline.nonCanonicalWait(4, 2, 1, 10, s, 2 * s, 2 * s + 1));
        assertEquals(-1, LineDiscipline.nonCanonicalWait(4, 2, 1, 10, s, 2 * s, 2 * s + 200_000_000L));
        assertEquals(-1, LineDiscipline.nonCanonicalWait(4, 2, 4, 10, s, 2 * s, 2 * s + 1));
    }

    @Test
    void pollReadableFollowsTheMode() {
        type("x");
        assertFalse(ld.pollReadable(), "canonical: no line yet");
        Termios t = ld.termios.copy();
        t.lflag &= ~Termios.ICANON;
        t.cc[Termios.VMIN] = 2;
        ld.setTermios(t.toBytes());
        assertFalse(ld.pollReadable(), "one byte, VMIN 2");
        type("y");
        assertTrue(ld.pollReadable());
    }
}
