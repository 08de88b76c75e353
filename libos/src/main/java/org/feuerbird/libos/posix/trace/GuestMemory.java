package org.feuerbird.libos.posix.trace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.Task;

/**
 * Reads a traced thread's memory for decoding. Every read may fail (wild pointer, unmapped
 * page, a process already gone): it then returns null and the caller shows the pointer
 * instead. It never faults the process and never throws.
 */
final class GuestMemory {
    /** Bounds what one decoded argument may copy, whatever length the guest claims. */
    static final int MAX_COPY = 64 * 1024;

    private final Task task;

    GuestMemory(Task task) { this.task = task; }

    /** {@code len} bytes at {@code va}, or null. */
    byte[] bytes(long va, long len) {
        if (len < 0 || len > MAX_COPY || va == 0) return null;
        try {
            var user = task.process.user;
            return user == null ? null : user.read(va, (int) len);
        } catch (SyscallException | RuntimeException e) {
            return null;
        }
    }

    /** A little-endian view of {@code len} bytes, or null. */
    ByteBuffer struct(long va, int len) {
        byte[] b = bytes(va, len);
        return b == null ? null : ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    Long u64(long va) {
        ByteBuffer b = struct(va, 8);
        return b == null ? null : b.getLong(0);
    }

    Integer s32(long va) {
        ByteBuffer b = struct(va, 4);
        return b == null ? null : b.getInt(0);
    }

    /** A C string: its bytes, and whether it went on past the bytes read. */
    record CString(byte[] bytes, boolean more) {}

    /**
     * A NUL-terminated string of at most {@code max} bytes, read a piece at a time so that a
     * string ending just before an unmapped page still reads; null if it cannot be read to
     * its end or to {@code max}.
     */
    CString cstring(long va, int max) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (long p = va; out.size() < max; ) {
            int chunk = (int) Math.min(max - out.size(), 64 - (p & 63));
            byte[] b = bytes(p, chunk);
            if (b == null) return null;
            for (byte x : b) {
                if (x == 0) return new CString(out.toByteArray(), false);
                out.write(x);
            }
            p += chunk;
        }
        return new CString(out.toByteArray(), true);
    }
}
