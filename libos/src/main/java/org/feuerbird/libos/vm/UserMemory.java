package org.feuerbird.libos.vm;

import java.nio.charset.StandardCharsets;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;

/**
 * Reads and writes a process's memory on behalf of its system calls: through the kernel's
 * copy in/out, faulting pages in where an area allows it, and failing with EFAULT where the
 * process itself would have taken a segmentation fault.
 */
public final class UserMemory {
    private final Kernel k;
    private final ProcessMemory mem;

    public UserMemory(Kernel k, ProcessMemory mem) {
        this.k = k;
        this.mem = mem;
    }

    public void read(long va, byte[] dst, int off, int len) throws SyscallException {
        int done = 0;
        while (done < len) {
            int n = copy(va + done, dst, off + done, len - done, true);
            done += n;
            if (done < len && !mem.fault(va + done, false, false)) throw new SyscallException(Errno.EFAULT, "read at 0x" + Long.toHexString(va + done));
        }
    }

    public byte[] read(long va, int len) throws SyscallException {
        if (len < 0) throw new SyscallException(Errno.EINVAL);
        byte[] b = new byte[len];
        read(va, b, 0, len);
        return b;
    }

    public void write(long va, byte[] src, int off, int len) throws SyscallException {
        int done = 0;
        while (done < len) {
            int n = copy(va + done, src, off + done, len - done, false);
            done += n;
            if (done < len && !mem.fault(va + done, true, false)) throw new SyscallException(Errno.EFAULT, "write at 0x" + Long.toHexString(va + done));
        }
    }

    public void write(long va, byte[] src) throws SyscallException { write(va, src, 0, src.length); }

    private int copy(long va, byte[] buf, int off, int len, boolean in) throws SyscallException {
        try {
            return in ? k.copyIn(mem.domain(), va, buf, off, len) : k.copyOut(mem.domain(), va, buf, off, len);
        } catch (KernelException e) {
            throw new SyscallException(Errno.EFAULT, e.getMessage());
        }
    }

    public long readLong(long va) throws SyscallException {
        byte[] b = read(va, 8);
        return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    public int readInt(long va) throws SyscallException {
        byte[] b = read(va, 4);
        return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    }

    public void writeLong(long va, long v) throws SyscallException {
        write(va, java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    public void writeInt(long va, int v) throws SyscallException {
        write(va, java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    /** A NUL-terminated string of at most {@code max} bytes (ENAMETOOLONG past it). */
    public String readString(long va, int max) throws SyscallException {
        byte[] buf = new byte[Math.min(max, 256)];
        int len = 0;
        while (true) {
            if (len == buf.length) {
                if (len >= max) throw new SyscallException(Errno.ENAMETOOLONG);
                buf = java.util.Arrays.copyOf(buf, Math.min(max, len * 2));
            }
            // One byte at a time would cost a kernel call each; read up to the page end instead.
            int chunk = (int) Math.min(buf.length - len, ProcessMemory.PAGE - ((va + len) & (ProcessMemory.PAGE - 1)));
            read(va + len, buf, len, chunk);
            for (int i = len; i < len + chunk; i++) {
                if (buf[i] == 0) return new String(buf, 0, i, StandardCharsets.UTF_8);
            }
            len += chunk;
        }
    }
}
