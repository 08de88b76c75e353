package org.feuerbird.hardware.device;

import java.util.List;
import java.util.Objects;
import org.feuerbird.hardware.cpu.HartInterrupts;
import org.feuerbird.hardware.memory.MmioDevice;

/**
 * The core-local interruptor in SiFive's layout (as on QEMU virt): per-hart software interrupt
 * bits ({@code msip}, 4 bytes each at 0x0), per-hart timer compares ({@code mtimecmp}, 8 bytes
 * each at 0x4000) and the shared {@code mtime} (8 bytes at 0xbff8).
 *
 * <p>The CLINT keeps no timer of its own. A {@code mtimecmp} write is handed to the hart
 * ({@link HartInterrupts#setTimerCompare}), which compares it against the same {@link Mtime}
 * the CLINT reads, so MTIP rises on time without the device polling anything. A write to
 * {@code mtime} moves that shared counter, so the harts' {@code time} CSR and their compares
 * follow it at once. Registers are reached with 4- or 8-byte naturally aligned accesses; a
 * 4-byte access to a 64-bit register reads or replaces one half (the other half is kept), an
 * 8-byte access to the msip area covers two neighbouring harts. Other sizes read 0 and write
 * nothing. Register accesses are serialised by the CLINT's monitor; it calls the harts while
 * holding it (lock order: CLINT, then the hart's own state).
 */
public final class Clint implements MmioDevice {
    /** Offset of {@code msip[0]}; hart h's word is at {@code MSIP + 4*h}. */
    public static final long MSIP = 0x0;
    /** Offset of {@code mtimecmp[0]}; hart h's register is at {@code MTIMECMP + 8*h}. */
    public static final long MTIMECMP = 0x4000;
    /** Offset of {@code mtime}. */
    public static final long MTIME = 0xbff8;
    /** Harts the layout has room for: the mtimecmp array must end before mtime. */
    public static final int MAX_HARTS = (int) ((MTIME - MTIMECMP) / 8);
    /** Reset value of every mtimecmp: the largest unsigned value, so no timer fires. */
    public static final long MTIMECMP_RESET = -1L;

    private static final long LOW32 = 0xffff_ffffL;

    private final Mtime mtime;
    private final HartInterrupts[] harts;
    private final boolean[] msip;
    private final long[] mtimecmp;

    /**
     * A CLINT for {@code harts}, whose ids must be 0..n-1 in any order, reading and writing
     * {@code mtime}. The reset state is pushed to the harts at once.
     */
    public Clint(Mtime mtime, List<? extends HartInterrupts> harts) {
        this.mtime = Objects.requireNonNull(mtime);
        this.harts = byHartId(harts, MAX_HARTS);
        this.msip = new boolean[this.harts.length];
        this.mtimecmp = new long[this.harts.length];
        reset();
    }

    /** Orders harts by id and checks the ids are exactly 0..n-1; shared with the {@link Plic}. */
    static HartInterrupts[] byHartId(List<? extends HartInterrupts> harts, int max) {
        if (harts.isEmpty() || harts.size() > max) {
            throw new IllegalArgumentException("need 1.." + max + " harts, got " + harts.size());
        }
        HartInterrupts[] out = new HartInterrupts[harts.size()];
        for (HartInterrupts h : harts) {
            int id = h.hartId();
            if (id < 0 || id >= out.length || out[id] != null) {
                throw new IllegalArgumentException("hart ids must be 0.." + (out.length - 1) + " once each: " + id);
            }
            out[id] = h;
        }
        return out;
    }

    /** The counter this CLINT shows as {@code mtime}; give it to the harts as their clock. */
    public Mtime mtime() {
        return mtime;
    }

    /** Clears every msip and sets every mtimecmp to all ones, telling the harts. */
    public synchronized void reset() {
        for (int h = 0; h < harts.length; h++) {
            setMsip(h, false);
            setMtimecmp(h, MTIMECMP_RESET);
        }
    }

    @Override
    public String name() {
        return "clint";
    }

    @Override
    public synchronized long read(long offset, int size) {
        if (!valid(offset, size)) return 0;
        if (offset < MTIMECMP) {
            int h = (int) (offset >>> 2);
            return size == 4 ? msipWord(h) : msipWord(h) | msipWord(h + 1) << 32;
        }
        // One read of the 64-bit register, so that an 8-byte mtime read is never torn.
        long v = reg64(offset & ~7L);
        if (size == 8) return v;
        return (offset & 4) == 0 ? v & LOW32 : v >>> 32;
    }

    @Override
    public synchronized void write(long offset, int size, long value) {
        if (!valid(offset, size)) return;
        if (offset < MTIMECMP) {
            int h = (int) (offset >>> 2);
            writeMsip(h, value);
            if (size == 8) writeMsip(h + 1, value >>> 32);
            return;
        }
        long aligned = offset & ~7L;
        long v = value;
        if (size == 4) {
            long old = reg64(aligned);
            v = (offset & 4) == 0 ? (old & ~LOW32) | (value & LOW32) : (old & LOW32) | value << 32;
        }
        if (aligned == MTIME) {
            mtime.set(v);
        } else if (aligned >= MTIMECMP && aligned < MTIME) {
            int h = (int) ((aligned - MTIMECMP) >>> 3);
            if (h < harts.length) setMtimecmp(h, v);
        }
    }

    private static boolean valid(long offset, int size) {
        return (size == 4 || size == 8) && (offset & (size - 1)) == 0 && offset >= 0 && offset <= MTIME + 8 - size;
    }

    private long msipWord(int h) {
        return h < harts.length && msip[h] ? 1 : 0;
    }

    private void writeMsip(int h, long value) {
        if (h < harts.length) setMsip(h, (value & 1) != 0);
    }

    private void setMsip(int h, boolean on) {
        msip[h] = on;
        harts[h].setInterruptLevel(HartInterrupts.MSIP, on);
    }

    private void setMtimecmp(int h, long value) {
        mtimecmp[h] = value;
        harts[h].setTimerCompare(value);
    }

    /** The 64-bit register at an 8-aligned offset in the timer area, or 0 where there is none. */
    private long reg64(long aligned) {
        if (aligned == MTIME) return mtime.now();
        int h = (int) ((aligned - MTIMECMP) >>> 3);
        return h < harts.length ? mtimecmp[h] : 0;
    }
}
