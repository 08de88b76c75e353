package org.feuerbird.kernel.testing;

import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;

/**
 * Sets up a domain for a test: code mapped at {@link #CODE} (read+execute), one data page at
 * {@link #DATA} (read+write) with the stack at its top, pc at the first instruction. The
 * domain's tag is a {@link Holder} of its own handle, so upcalls can name it.
 */
public final class Guest {
    public static final long CODE = 0x10000, DATA = 0x20000;

    public final long domain, code, data;

    private Guest(long domain, long code, long data) {
        this.domain = domain;
        this.code = code;
        this.data = data;
    }

    public static Guest load(Kernel k, GuestCode program) throws KernelException {
        Holder holder = new Holder();
        long d = k.createDomain(k.self(), holder);
        holder.handle = d;
        byte[] bytes = program.bytes();
        int pages = Math.max(1, (bytes.length + 4095) / 4096);
        long code = k.allocFrames(k.self(), pages);
        k.write(code, 0, bytes, 0, bytes.length);
        for (int p = 0; p < pages; p++) k.map(d, CODE + p * 4096L, code, p, Kernel.MAP_READ | Kernel.MAP_EXECUTE);
        long data = k.allocFrames(k.self(), 1);
        k.map(d, DATA, data, 0, Kernel.MAP_READ | Kernel.MAP_WRITE);
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        ctx[Kernel.CONTEXT_PC] = CODE;
        ctx[2] = DATA + 4096;
        k.setContext(d, ctx);
        return new Guest(d, code, data);
    }

    /** A domain tag that is the domain's handle, filled in once the domain exists. */
    public static final class Holder {
        public volatile long handle;

        @Override public String toString() { return "domain@" + Long.toHexString(handle); }
    }
}
