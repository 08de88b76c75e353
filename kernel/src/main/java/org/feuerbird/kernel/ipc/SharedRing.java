package org.feuerbird.kernel.ipc;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.Ring;
import org.feuerbird.kernel.cap.CapSpace;
import org.feuerbird.kernel.cap.Capability;
import org.feuerbird.kernel.hal.PhysicalMemory;

/**
 * A bounded lock-free ring in shared frames, with the layout in the frames themselves so
 * any party mapping them (a LibOS through the kernel, or guest code) can take part:
 *
 * <pre>
 *   0  magic "FBRING01"        8  slot bytes (int), capacity (int)
 *  64  head: next index the consumer takes      128  tail: next index a producer claims
 * 192  slots: capacity x (8-byte sequence, 4-byte length, payload padded to 8)
 * </pre>
 *
 * Each slot's sequence word says whose turn it is (Vyukov's bounded queue): {@code i}
 * means free for the producer of index i, {@code i+1} full for the consumer of index i,
 * {@code i+capacity} free again a lap later. A multi-producer ring claims indices with a
 * compare-and-swap on the tail; a single producer stores it plainly. Stores of a payload
 * happen before the release of its sequence word, and the consumer acquires the sequence
 * before reading the payload.
 *
 * <p>Revocation: the ring is a binding on the capability it was made from. When that
 * capability goes, the ring is closed and the kernel waits for operations in flight before
 * the frames can be reused, so a closed ring can never touch frames of a new owner.
 */
public final class SharedRing implements Ring {
    private static final long MAGIC = 0x3130474e49524246L;   // "FBRING01" little-endian
    private static final int HEAD = 64, TAIL = 128, SLOTS = 192;

    private final PhysicalMemory memory;
    private final long base;
    private final int slotBytes, capacity, stride;
    private final boolean multiProducer;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    private SharedRing(PhysicalMemory memory, long base, int slotBytes, int capacity, boolean multiProducer) {
        this.memory = memory;
        this.base = base;
        this.slotBytes = slotBytes;
        this.capacity = capacity;
        this.stride = 8 + ((4 + slotBytes + 7) & ~7);
        this.multiProducer = multiProducer;
    }

    /** Makes (or attaches to) a ring over {@code size} bytes at physical {@code base}. Caller holds the kernel lock. */
    public static SharedRing over(PhysicalMemory memory, CapSpace caps, long handle, long base, long size, int slotBytes,
                                  boolean multiProducer, boolean format, Object lock) throws KernelException {
        if (slotBytes <= 0 || slotBytes > 65536) throw new KernelException(KernelError.INVALID_ARGUMENT, "slot size " + slotBytes);
        int stride = 8 + ((4 + slotBytes + 7) & ~7);
        long cap = (size - SLOTS) / stride;
        if (cap < 2) throw new KernelException(KernelError.INVALID_ARGUMENT, "frames too small for two slots of " + slotBytes + " bytes");
        int capacity = (int) Math.min(cap, 1 << 20);
        if (format) {
            memory.fill(base, SLOTS, (byte) 0);
            memory.writeLong(base + 8, (long) capacity << 32 | slotBytes);
            for (int i = 0; i < capacity; i++) memory.writeLong(base + SLOTS + (long) i * stride, i);
            VarHandle.releaseFence();
            memory.writeLong(base, MAGIC);
        } else {
            if (memory.readLong(base) != MAGIC) throw new KernelException(KernelError.WRONG_STATE, "no ring in these frames");
            long geometry = memory.readLong(base + 8);
            if ((int) geometry != slotBytes || (int) (geometry >>> 32) != capacity) {
                throw new KernelException(KernelError.WRONG_STATE, "the ring here has slots of " + (int) geometry + " bytes, capacity " + (geometry >>> 32));
            }
        }
        SharedRing ring = new SharedRing(memory, base, slotBytes, capacity, multiProducer);
        Capability c = caps.lookup(handle);
        c.addBinding(ring);
        return ring;
    }

    @Override public int slotBytes() { return slotBytes; }

    @Override public int capacity() { return capacity; }

    private void enter() throws KernelException {
        inFlight.incrementAndGet();
        if (closed) {
            inFlight.decrementAndGet();
            throw new KernelException(KernelError.INVALID_HANDLE, "the ring's frames were revoked");
        }
    }

    /** The capability went away: no operation may start, and those in flight finish first. */
    public void close() {
        closed = true;
        while (inFlight.get() != 0) Thread.onSpinWait();
    }

    private long slot(long index) { return base + SLOTS + (index % capacity) * stride; }

    @Override
    public boolean offer(byte[] message, int off, int len) throws KernelException {
        if (len < 0 || len > slotBytes || off < 0 || off > message.length - len) {
            throw new KernelException(KernelError.INVALID_ARGUMENT, "message of " + len + " bytes (slots hold " + slotBytes + ")");
        }
        enter();
        try {
            long pos;
            long s;
            for (;;) {
                pos = memory.readLong(base + TAIL);
                s = slot(pos);
                long seq = memory.readLong(s);
                VarHandle.acquireFence();
                if (seq == pos) {
                    if (!multiProducer) {
                        memory.writeLong(base + TAIL, pos + 1);
                        break;
                    }
                    if (memory.compareAndSetLong(base + TAIL, pos, pos + 1)) break;
                } else if (seq < pos) {
                    return false;   // the slot of this lap is still full: the ring is full
                }
                Thread.onSpinWait();   // another producer moved the tail; look again
            }
            memory.writeLong(s + 8, len);   // length in the low half; the high half is padding
            memory.write(s + 12, message, off, len);
            VarHandle.releaseFence();
            memory.writeLong(s, pos + 1);
            return true;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public int poll(byte[] dst, int off) throws KernelException {
        enter();
        try {
            long pos = memory.readLong(base + HEAD);
            long s = slot(pos);
            long seq = memory.readLong(s);
            VarHandle.acquireFence();
            if (seq != pos + 1) return -1;
            int len = (int) memory.readLong(s + 8);
            if (len < 0 || len > slotBytes) throw new KernelException(KernelError.WRONG_STATE, "corrupt ring slot (length " + len + ")");
            if (off < 0 || off > dst.length - len) throw new KernelException(KernelError.INVALID_ARGUMENT, "destination too small for " + len + " bytes");
            memory.read(s + 12, dst, off, len);
            VarHandle.releaseFence();
            memory.writeLong(s, pos + capacity);
            memory.writeLong(base + HEAD, pos + 1);
            return len;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public int size() throws KernelException {
        enter();
        try {
            long n = memory.readLong(base + TAIL) - memory.readLong(base + HEAD);
            return (int) Math.max(0, Math.min(n, capacity));
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
