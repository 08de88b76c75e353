package org.feuerbird.libos.posix.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.feuerbird.libos.posix.Args;

/**
 * One system call being decoded, in one of two passes as strace does them: on entry the
 * input arguments are formatted (up to the first output argument), on exit the rest, once
 * the result is known and output buffers are filled. A decoder lists the arguments with
 * {@link #in} and {@link #out} in order; the same decoder serves both passes.
 */
public final class Call {
    final Args a;
    final GuestMemory mem;
    private final boolean entry;
    final long result;
    private final int skip;
    private final List<String> args = new ArrayList<>();
    private int pos;
    private boolean stopped;
    /** How the result is shown, if not as a plain number (hex address, a comment after it). */
    String resultText;

    private Call(Args a, boolean entry, long result, int skip) {
        this.a = a;
        this.mem = new GuestMemory(a.task());
        this.entry = entry;
        this.result = result;
        this.skip = skip;
    }

    /** What the entry pass shows: the input arguments before any output one, and whether more follow. */
    public record Entry(List<String> args, boolean more) {}

    public static Entry entry(Args a) {
        Call c = new Call(a, true, 0, 0);
        Decoders.decode(c);
        return new Entry(c.args, c.stopped);
    }

    /** The exit pass: the arguments after the {@code entryCount} already shown, and the result. */
    public static Call exit(Args a, long result, int entryCount) {
        Call c = new Call(a, false, result, entryCount);
        Decoders.decode(c);
        return c;
    }

    public List<String> args() { return args; }

    /** The result as strace writes it after "= ". */
    public String resultText() {
        if (failed()) {
            int e = (int) -result;
            return "-1 " + Errnos.name(e) + " (" + Errnos.text(e) + ")";
        }
        return resultText != null ? resultText : Long.toString(result);
    }

    /** The call failed: output structures were not written, so their pointers are shown. */
    boolean failed() { return !entry && result < 0 && result > -4096; }

    long arg(int i) { return a.arg(i); }

    int i(int n) { return a.i(n); }

    /** An input argument (known on entry). */
    void in(Supplier<String> f) {
        int at = pos++;
        if (entry ? !stopped : at >= skip) args.add(safe(f, at));
    }

    /** An output argument (shown on exit; the entry pass stops before it). */
    void out(Supplier<String> f) {
        int at = pos++;
        if (entry) stopped = true;
        else if (at >= skip) args.add(safe(f, at));
    }

    /** An output argument that shows its pointer when the call failed. */
    void outPtr(int i, Supplier<String> f) {
        out(() -> failed() ? ptr(arg(i)) : f.get());
    }

    /** Decoding never breaks a call: a decoder that trips over odd values shows the raw argument. */
    private String safe(Supplier<String> f, int at) {
        try {
            return f.get();
        } catch (RuntimeException e) {
            return at < 6 ? "0x" + Long.toHexString(a.arg(at)) : "?";
        }
    }

    // ---- common argument forms ----

    void dec(int i) { in(() -> Integer.toString(i(i))); }

    void udec(int i) { in(() -> Long.toUnsignedString(arg(i))); }

    void ldec(int i) { in(() -> Long.toString(arg(i))); }

    void hex(int i) { in(() -> "0x" + Long.toHexString(arg(i))); }

    void fd(int i) { dec(i); }

    void dirfd(int i) { in(() -> i(i) == -100 ? "AT_FDCWD" : Integer.toString(i(i))); }

    void pointer(int i) { in(() -> ptr(arg(i))); }

    void path(int i) { in(() -> path(arg(i))); }

    void flags(int i, Flags.Set set) { in(() -> set.format(arg(i) & 0xffffffffL)); }

    void signal(int i) { in(() -> i(i) == 0 ? "0" : SignalNames.name(i(i))); }

    void mode(int i) { in(() -> Flags.mode(arg(i))); }

    /** An input buffer of {@code len} bytes (write, pwrite64). */
    void inBuffer(int i, long len) {
        in(() -> {
            byte[] b = mem.bytes(arg(i), Math.min(Math.max(len, 0), Quote.MAX));
            return b == null || len < 0 ? ptr(arg(i)) : Quote.buffer(b, len);
        });
    }

    /** An output buffer holding the result's count of bytes (read, pread64). */
    void outBuffer(int i) {
        outPtr(i, () -> {
            byte[] b = mem.bytes(arg(i), Math.min(result, Quote.MAX));
            return b == null ? ptr(arg(i)) : Quote.buffer(b, result);
        });
    }

    static String ptr(long v) { return v == 0 ? "NULL" : "0x" + Long.toHexString(v); }

    /** A path: the whole string (strace does not shorten paths), or the pointer if unreadable. */
    String path(long va) {
        if (va == 0) return "NULL";
        GuestMemory.CString s = mem.cstring(va, 4096);
        return s == null ? ptr(va) : Quote.of(s.bytes(), s.bytes().length, s.more());
    }

    /** A string argument shortened like a buffer (argv elements, names). */
    String string(long va) {
        if (va == 0) return "NULL";
        GuestMemory.CString s = mem.cstring(va, Quote.MAX + 1);
        if (s == null) return ptr(va);
        int n = Math.min(s.bytes().length, Quote.MAX);
        return Quote.of(s.bytes(), n, s.more() || s.bytes().length > n);
    }
}
