package org.feuerbird.libos.tty;

import static org.feuerbird.libos.tty.Termios.*;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;

/**
 * A terminal's line discipline (what Linux's n_tty does), as pure logic: received bytes go
 * through the input flags, canonical line editing, echo and the signal characters; written
 * bytes through the output flags. It knows nothing of processes or devices: what it echoes
 * is collected for the caller to transmit ({@link #takeEcho}), and a signal character is
 * returned as the signal for the caller to send to the foreground group.
 */
public final class LineDiscipline {
    /** Longest canonical line (Linux: N_TTY_BUF_SIZE - 1); more input is dropped until a line ends. */
    public static final int MAX_LINE = 4095;
    static final int SIGINT = 2, SIGQUIT = 3, SIGTSTP = 20;

    /** Input readers can take: in canonical mode, whole lines (a ^D-ended one may be empty). */
    private static final class Chunk {
        byte[] data;
        int pos;
        /** A whole line: a canonical read ends at its end. */
        boolean line;

        Chunk(byte[] data, boolean line) {
            this.data = data;
            this.line = line;
        }

        int left() { return data.length - pos; }
    }

    public final Termios termios = new Termios();
    private final ArrayDeque<Chunk> ready = new ArrayDeque<>();
    /** Bytes in {@link #ready} not yet read. */
    private int readyBytes;
    /** The line being edited (canonical mode). */
    private final byte[] edit = new byte[MAX_LINE + 1];
    private int editLen;
    /** The output column where the edited line began, for erasing tabs. */
    private int editColumn;
    private boolean literalNext;
    private boolean outputStopped;
    /** The output column, as output processing tracks it. */
    private int column;
    private final ByteArrayOutputStream echo = new ByteArrayOutputStream();

    // ---- input ----

    /**
     * One received byte. Returns the signal a signal character asks for (SIGINT, SIGQUIT,
     * SIGTSTP), else 0. Echo, if any, waits in {@link #takeEcho}.
     */
    public int receive(int c) {
        c &= 0xff;
        Termios t = termios;
        if ((t.iflag & ISTRIP) != 0) c &= 0x7f;
        if (literalNext) {
            literalNext = false;
            store(c, true);
            return 0;
        }
        if ((t.iflag & IXON) != 0) {
            if (c == t.cc(VSTOP)) {
                outputStopped = true;
                return 0;
            }
            if (c == t.cc(VSTART)) {
                outputStopped = false;
                return 0;
            }
        }
        if (c == '\r') {
            if ((t.iflag & IGNCR) != 0) return 0;
            if ((t.iflag & ICRNL) != 0) c = '\n';
        } else if (c == '\n' && (t.iflag & INLCR) != 0) {
            c = '\r';
        }
        if (t.has(ISIG)) {
            int sig = c == t.cc(VINTR) ? SIGINT : c == t.cc(VQUIT) ? SIGQUIT : c == t.cc(VSUSP) ? SIGTSTP : 0;
            if (sig != 0) {
                if (!t.has(NOFLSH)) flushInput();
                outputStopped = false;
                if (t.has(ECHO)) echoChar(c);
                return sig;
            }
        }
        if (t.canonical()) {
            boolean ext = t.has(IEXTEN);
            // ^H erases as well while ERASE is DEL: terminals send either for the backspace key.
            if (c == '\b' && t.cc(VERASE) == 0177) c = 0177;
            if (c == t.cc(VERASE) || c == t.cc(VKILL) || ext && c == t.cc(VWERASE)) {
                erase(c);
                return 0;
            }
            if (ext && c == t.cc(VLNEXT)) {
                literalNext = true;
                if (t.has(ECHO) && t.has(ECHOCTL)) {
                    echoRaw('^');
                    echoRaw('\b');
                }
                return 0;
            }
            if (ext && c == t.cc(VREPRINT)) {
                if (t.has(ECHO)) {
                    echoChar(c);
                    echoRaw('\n');
                    editColumn = column;
                    for (int i = 0; i < editLen; i++) echoChar(edit[i] & 0xff);
                }
                return 0;
            }
            if (c == t.cc(VEOF)) {
                commit(false);
                return 0;
            }
        }
        store(c, false);
        return 0;
    }

    /** Puts a byte into the input ({@code literal}: after ^V, never a line end). */
    private void store(int c, boolean literal) {
        Termios t = termios;
        if (!t.canonical()) {
            ready.addLast(new Chunk(new byte[] {(byte) c}, false));
            readyBytes++;
            if (t.has(ECHO)) {
                if (c == '\n') echoRaw('\n');
                else echoChar(c);
            } else if (c == '\n' && t.has(ECHONL)) {
                echoRaw('\n');
            }
            return;
        }
        boolean ends = !literal && (c == '\n' || c == t.cc(VEOL) || t.has(IEXTEN) && c == t.cc(VEOL2));
        if (editLen >= MAX_LINE && !ends) return;   // full: only a line end gets in
        if (editLen == 0) editColumn = column;
        if (c == '\n') {
            if (t.has(ECHO) || t.has(ECHONL)) echoRaw('\n');
        } else if (t.has(ECHO)) {
            echoChar(c);
        }
        edit[editLen++] = (byte) c;
        if (ends) commit(true);
    }

    /** The edited line becomes readable (a ^D commits it without a line end). */
    private void commit(boolean lineEnd) {
        byte[] b = java.util.Arrays.copyOf(edit, editLen);
        ready.addLast(new Chunk(b, true));
        readyBytes += b.length;
        editLen = 0;
    }

    /** ERASE, WERASE or KILL on the edited line, with the echo Linux gives each. */
    private void erase(int c) {
        Termios t = termios;
        if (editLen == 0) return;
        boolean kill = c == t.cc(VKILL) && c != t.cc(VERASE);
        boolean word = !kill && c == t.cc(VWERASE) && c != t.cc(VERASE);
        if (kill) {
            if (!t.has(ECHO)) {
                editLen = 0;
                return;
            }
            if (!t.has(ECHOK) || !t.has(ECHOKE) || !t.has(ECHOE)) {
                editLen = 0;
                echoChar(c);
                if (t.has(ECHOK)) echoRaw('\n');
                return;
            }
        }
        boolean seenWord = false;
        while (editLen > 0) {
            int e = edit[editLen - 1] & 0xff;
            if (word) {
                if (Character.isLetterOrDigit(e) && e < 128 || e == '_') seenWord = true;
                else if (seenWord) break;
            }
            editLen--;
            if (t.has(ECHO)) {
                if (!kill && !word && !t.has(ECHOE)) {
                    echoChar(c);
                } else if (e == '\t') {
                    int back = column - widthOfEdit();
                    for (int i = 0; i < back; i++) echoRaw('\b');
                } else {
                    boolean ctl = e < 32 || e == 127;
                    if (ctl && t.has(ECHOCTL)) rubout();
                    if (!ctl || t.has(ECHOCTL)) {
                        if ((e & 0xc0) != 0x80 || (t.iflag & IUTF8) == 0) rubout();
                    }
                }
            }
            if (!kill && !word) break;
        }
    }

    private void rubout() {
        echoRaw('\b');
        echoRaw(' ');
        echoRaw('\b');
    }

    /** The column the edited line's echo reaches (tabs to multiples of 8, ^X two wide). */
    private int widthOfEdit() {
        int col = editColumn;
        for (int i = 0; i < editLen; i++) {
            int e = edit[i] & 0xff;
            if (e == '\t') col = (col | 7) + 1;
            else if (e < 32 || e == 127) col += termios.has(ECHOCTL) ? 2 : 0;
            else if ((e & 0xc0) != 0x80 || (termios.iflag & IUTF8) == 0) col++;
        }
        return col;
    }

    /** Echoes a character: control characters as ^X under ECHOCTL (but tab and newline as they are). */
    private void echoChar(int c) {
        if (termios.has(ECHOCTL) && (c < 32 || c == 127) && c != '\t' && c != '\n') {
            echoRaw('^');
            echoRaw(c ^ 0100);
        } else {
            echoRaw(c);
        }
    }

    private void echoRaw(int c) { output(c, echo); }

    /** Drops all input, read or being edited (TCFLSH, TCSETSF, a signal character without NOFLSH). */
    public void flushInput() {
        ready.clear();
        readyBytes = 0;
        editLen = 0;
        literalNext = false;
    }

    /** What to echo since the last call (already output-processed). */
    public byte[] takeEcho() {
        byte[] b = echo.toByteArray();
        echo.reset();
        return b;
    }

    // ---- reading ----

    /** Bytes a read can take now (FIONREAD): whole lines in canonical mode. */
    public int readable() { return readyBytes; }

    /** Whether a canonical read would return now (a line, maybe an empty ^D one, is complete). */
    public boolean lineReady() {
        Chunk c = ready.peekFirst();
        return c != null && c.line;
    }

    /**
     * Reads input: in canonical mode at most one line (0 for a ^D at the start of a line), in
     * non-canonical mode what is there. Returns -1 if there is nothing (the caller waits, or in
     * non-canonical mode decides by VMIN/VTIME with {@link #nonCanonicalWait}).
     */
    public int read(byte[] dst, int off, int len) {
        boolean canon = termios.canonical();
        if (canon && !lineReady()) return -1;
        if (!canon && readyBytes == 0) return len == 0 ? 0 : -1;
        int n = 0;
        while (n < len && !ready.isEmpty()) {
            Chunk c = ready.peekFirst();
            int k = Math.min(len - n, c.left());
            System.arraycopy(c.data, c.pos, dst, off + n, k);
            c.pos += k;
            n += k;
            readyBytes -= k;
            if (c.left() > 0) break;
            ready.pollFirst();
            if (canon && c.line) break;
        }
        return n;
    }

    /**
     * Non-canonical reads by VMIN and VTIME (tenths of a second): -1 if a read of
     * {@code len} bytes returns now with what is there, else the kernel time it may wait until
     * (0: without bound; it returns earlier when enough input arrives). {@code callStart} is
     * when the read began, {@code lastArrival} when the latest byte came.
     */
    public static long nonCanonicalWait(int min, int time, int available, int len, long callStart, long lastArrival, long now) {
        long timeNanos = time * 100_000_000L;
        if (min == 0 && time == 0) return -1;
        if (min == 0) {
            long deadline = callStart + timeNanos;
            return available > 0 || now >= deadline ? -1 : deadline;
        }
        if (available >= Math.min(min, len) || len == 0) return -1;
        if (time == 0 || available == 0) return 0;
        long deadline = Math.max(lastArrival, callStart) + timeNanos;   // the inter-byte timer
        return now >= deadline ? -1 : deadline;
    }

    /** Whether poll says the terminal is readable (non-canonical: VMIN bytes, or one if VTIME is set). */
    public boolean pollReadable() {
        if (termios.canonical()) return lineReady();
        int need = termios.cc[VTIME] != 0 ? 1 : Math.max(1, termios.cc[VMIN] & 0xff);
        return readyBytes >= need;
    }

    /**
     * New settings. Leaving canonical mode makes the line being edited readable; entering it
     * makes what was there readable as one line.
     */
    public void setTermios(byte[] raw) {
        boolean wasCanon = termios.canonical();
        termios.set(raw);
        if (wasCanon && !termios.canonical() && editLen > 0) {
            ready.addLast(new Chunk(java.util.Arrays.copyOf(edit, editLen), false));
            readyBytes += editLen;
            editLen = 0;
        } else if (!wasCanon && termios.canonical()) {
            for (Chunk c : ready) c.line = true;
        }
        if ((termios.iflag & IXON) == 0) outputStopped = false;
    }

    /** Output stopped by VSTOP (^S) under IXON, until VSTART (^Q). */
    public boolean outputStopped() { return outputStopped; }

    /** TCXONC: suspend or restart output. */
    public void setOutputStopped(boolean stopped) { outputStopped = stopped; }

    // ---- output ----

    /** Output processing of what a program writes (OPOST: ONLCR, OCRNL, ONOCR, ONLRET, tab expansion). */
    public byte[] processOutput(byte[] src, int off, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 16);
        for (int i = 0; i < len; i++) output(src[off + i] & 0xff, out);
        return out.toByteArray();
    }

    private void output(int c, ByteArrayOutputStream out) {
        Termios t = termios;
        if ((t.oflag & OPOST) == 0) {
            out.write(c);
            return;
        }
        switch (c) {
            case '\n' -> {
                if ((t.oflag & ONLRET) != 0) column = 0;
                if ((t.oflag & ONLCR) != 0) {
                    column = 0;
                    out.write('\r');
                }
                out.write('\n');
            }
            case '\r' -> {
                if ((t.oflag & ONOCR) != 0 && column == 0) return;
                if ((t.oflag & OCRNL) != 0) {
                    if ((t.oflag & ONLRET) != 0) column = 0;
                    out.write('\n');
                    return;
                }
                column = 0;
                out.write('\r');
            }
            case '\t' -> {
                int spaces = 8 - (column & 7);
                column += spaces;
                if ((t.oflag & TABDLY) == XTABS) {
                    for (int i = 0; i < spaces; i++) out.write(' ');
                } else {
                    out.write('\t');
                }
            }
            case '\b' -> {
                if (column > 0) column--;
                out.write('\b');
            }
            default -> {
                if (c >= 32 && c != 127 && ((c & 0xc0) != 0x80 || (t.iflag & IUTF8) == 0)) column++;
                out.write(c);
            }
        }
    }
}
