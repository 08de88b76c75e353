package org.feuerbird.libos.posix.trace;

/**
 * Strings as strace prints them: in double quotes, C escapes for \t \n \v \f \r " and \,
 * octal for other unprintable bytes (three digits only when a digit follows, so that the
 * escape stays unambiguous), and {@code ...} after the quote when the data went on.
 */
public final class Quote {
    private Quote() {}

    /** strace's default -s: how many bytes of a buffer or argument string are shown. */
    public static final int MAX = 32;

    public static String of(byte[] b, int len, boolean more) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < len; i++) {
            int c = b[i] & 0xff;
            switch (c) {
                case '\t' -> s.append("\\t");
                case '\n' -> s.append("\\n");
                case 0x0b -> s.append("\\v");
                case '\f' -> s.append("\\f");
                case '\r' -> s.append("\\r");
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        s.append((char) c);
                    } else {
                        boolean digitNext = i + 1 < len && b[i + 1] >= '0' && b[i + 1] <= '7';
                        s.append('\\').append(digitNext ? String.format("%03o", c) : Integer.toOctalString(c));
                    }
                }
            }
        }
        return s.append(more ? "\"..." : "\"").toString();
    }

    /** A buffer of {@code total} bytes of which {@code b} holds the first ones (at most {@link #MAX} shown). */
    public static String buffer(byte[] b, long total) {
        int len = (int) Math.min(Math.min(b.length, total), MAX);
        return of(b, len, total > len);
    }

    /** Every byte as \xNN, as strace shows random bytes. */
    public static String hex(byte[] b, long total) {
        int len = (int) Math.min(Math.min(b.length, total), MAX);
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < len; i++) s.append(String.format("\\x%02x", b[i] & 0xff));
        return s.append(total > len ? "\"..." : "\"").toString();
    }

    /** A Java string (already decoded text), quoted. */
    public static String text(String t) {
        byte[] b = t.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return of(b, b.length, false);
    }
}
