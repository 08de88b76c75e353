package org.feuerbird.hardware.device;

import java.util.List;
import org.feuerbird.hardware.cpu.HartInterrupts;
import org.feuerbird.hardware.memory.MmioDevice;

/**
 * The platform-level interrupt controller, after the RISC-V PLIC specification in the register
 * layout of QEMU virt: priorities at 0x0 + 4*source, pending bits at 0x1000, per-context enable
 * bits at 0x2000 + 0x80*context, per-context threshold at 0x20_0000 + 0x1000*context and
 * claim/complete 4 bytes after it. Context 2h is hart h's M-mode (it drives MEIP), context 2h+1
 * its S-mode (it drives SEIP). Registers are 32 bits wide and only 4-byte aligned accesses reach
 * them; other accesses read 0 and write nothing.
 *
 * <p>Sources are level-triggered. A device drives its {@link #line(int) line}; while a source is
 * not claimed its pending bit follows the line (as QEMU does, so a condition the guest already
 * cleared by polling does not leave a stale claim). A claim returns the enabled pending source of
 * highest priority above the context's threshold (lowest id on ties; as QEMU, the threshold
 * applies to the claim as well as to the notification), clears its pending bit and holds the
 * source until its completion; completing it re-arms the gateway, so a line that is still high
 * becomes pending again. Priorities and thresholds have 3 bits (0..7); priority 0 never interrupts.
 *
 * <p>Thread safety: device threads drive lines while hart threads claim and complete, so every
 * state change happens under one monitor, and the context outputs are recomputed and driven to
 * the harts inside it, only where they changed. Driving them inside the lock keeps the order of
 * raises and lowers as the state changes happened (no stale "raise" overtaking a later "lower").
 * Lock order: a device's own lock, then the PLIC, then the hart's state; the PLIC never calls a
 * device.
 */
public final class Plic implements MmioDevice {
    /** Offset of the priority of source 0 (reserved); source s is at {@code PRIORITY + 4*s}. */
    public static final long PRIORITY = 0x0;
    /** Offset of the first pending word (sources 0..31). */
    public static final long PENDING = 0x1000;
    /** Offset of context 0's first enable word; context c's block is at {@code ENABLE + 0x80*c}. */
    public static final long ENABLE = 0x2000;
    /** Distance between two contexts' enable blocks. */
    public static final long ENABLE_STRIDE = 0x80;
    /** Offset of context 0's threshold; context c's block is at {@code CONTEXT + 0x1000*c}. */
    public static final long CONTEXT = 0x20_0000;
    /** Distance between two contexts' threshold/claim blocks. */
    public static final long CONTEXT_STRIDE = 0x1000;
    /** Offset of claim/complete within a context's block. */
    public static final long CLAIM = 4;
    /** Highest priority and threshold. */
    public static final int MAX_PRIORITY = 7;
    /** Most sources the layout holds (pending and enable blocks are 1024 bits). */
    public static final int MAX_SOURCES = 1024;

    private final int numSources;
    private final int words;
    private final HartInterrupts[] harts;
    private final IrqLine[] lines;
    private final int[] priority;
    /** Bitmaps of 32-bit words, bit s%32 of word s/32 for source s. */
    private final int[] level;
    private final int[] pending;
    private final int[] claimed;
    private final int[][] enable;
    private final int[] threshold;
    /** The value last driven on each context's hart bit. */
    private final boolean[] asserted;

    /**
     * A PLIC with source ids 0..numSources-1 (0 is reserved) and two contexts for each of
     * {@code harts}, whose ids must be 0..n-1.
     */
    public Plic(int numSources, List<? extends HartInterrupts> harts) {
        if (numSources < 2 || numSources > MAX_SOURCES) {
            throw new IllegalArgumentException("sources must be 2.." + MAX_SOURCES + ": " + numSources);
        }
        this.harts = Clint.byHartId(harts, (int) ((CONTEXT - ENABLE) / ENABLE_STRIDE / 2));
        this.numSources = numSources;
        this.words = (numSources + 31) >>> 5;
        int contexts = 2 * this.harts.length;
        this.lines = new IrqLine[numSources];
        for (int s = 1; s < numSources; s++) {
            int src = s;
            lines[s] = high -> setLevel(src, high);
        }
        this.priority = new int[numSources];
        this.level = new int[words];
        this.pending = new int[words];
        this.claimed = new int[words];
        this.enable = new int[contexts][words];
        this.threshold = new int[contexts];
        this.asserted = new boolean[contexts];
    }

    /** The wire of source {@code source} (1..numSources-1), for the device that drives it. */
    public IrqLine line(int source) {
        if (source <= 0 || source >= numSources) {
            throw new IllegalArgumentException("no PLIC source " + source);
        }
        return lines[source];
    }

    /** Number of source ids, the reserved 0 included. */
    public int numSources() {
        return numSources;
    }

    /** Number of contexts: two per hart. */
    public int numContexts() {
        return threshold.length;
    }

    @Override
    public String name() {
        return "plic";
    }

    @Override
    public synchronized long read(long offset, int size) {
        if (size != 4 || (offset & 3) != 0 || offset < 0) return 0;
        if (offset < PENDING) {
            int s = (int) (offset >>> 2);
            return s < numSources ? priority[s] : 0;
        }
        if (offset < ENABLE) {
            int w = (int) ((offset - PENDING) >>> 2);
            return w < words ? pending[w] & 0xffff_ffffL : 0;
        }
        if (offset < CONTEXT) {
            int ctx = (int) ((offset - ENABLE) / ENABLE_STRIDE);
            int w = (int) (((offset - ENABLE) % ENABLE_STRIDE) >>> 2);
            return ctx < enable.length && w < words ? enable[ctx][w] & 0xffff_ffffL : 0;
        }
        int ctx = (int) ((offset - CONTEXT) / CONTEXT_STRIDE);
        long reg = (offset - CONTEXT) % CONTEXT_STRIDE;
        if (ctx >= threshold.length) return 0;
        if (reg == 0) return threshold[ctx];
        if (reg == CLAIM) return claimLocked(ctx);
        return 0;
    }

    @Override
    public synchronized void write(long offset, int size, long value) {
        if (size != 4 || (offset & 3) != 0 || offset < 0) return;
        int v = (int) value;
        if (offset < PENDING) {
            int s = (int) (offset >>> 2);
            if (s > 0 && s < numSources) priority[s] = v & MAX_PRIORITY;
        } else if (offset < ENABLE) {
            return; // pending bits are read-only: only gateways set them, only claims clear them
        } else if (offset < CONTEXT) {
            int ctx = (int) ((offset - ENABLE) / ENABLE_STRIDE);
            int w = (int) (((offset - ENABLE) % ENABLE_STRIDE) >>> 2);
            if (ctx < enable.length && w < words) enable[ctx][w] = v & implementedBits(w);
        } else {
            int ctx = (int) ((offset - CONTEXT) / CONTEXT_STRIDE);
            long reg = (offset - CONTEXT) % CONTEXT_STRIDE;
            if (ctx >= threshold.length) return;
            if (reg == 0) {
                threshold[ctx] = v & MAX_PRIORITY;
            } else if (reg == CLAIM) {
                completeLocked(ctx, v);
            }
        }
        updateLocked();
    }

    /** Gateway of one source: called through its {@link IrqLine}. */
    private synchronized void setLevel(int src, boolean high) {
        int w = src >>> 5, bit = 1 << (src & 31);
        level[w] = high ? level[w] | bit : level[w] & ~bit;
        if ((claimed[w] & bit) == 0) {
            pending[w] = high ? pending[w] | bit : pending[w] & ~bit;
        }
        updateLocked();
    }

    private int claimLocked(int ctx) {
        int src = bestLocked(ctx);
        if (src != 0) {
            int w = src >>> 5, bit = 1 << (src & 31);
            pending[w] &= ~bit;
            claimed[w] |= bit;
            updateLocked();
        }
        return src;
    }

    /** Spec: a completion for a source not enabled for this context is silently ignored. */
    private void completeLocked(int ctx, int src) {
        if (src <= 0 || src >= numSources) return;
        int w = src >>> 5, bit = 1 << (src & 31);
        if ((enable[ctx][w] & bit) == 0 || (claimed[w] & bit) == 0) return;
        claimed[w] &= ~bit;
        if ((level[w] & bit) != 0) pending[w] |= bit;
    }

    /** The source a claim by {@code ctx} would return now, or 0. */
    private int bestLocked(int ctx) {
        int best = 0, bestPriority = threshold[ctx];
        int[] en = enable[ctx];
        for (int w = 0; w < words; w++) {
            int bits = pending[w] & en[w];
            while (bits != 0) {
                int src = (w << 5) + Integer.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                // Strictly greater: ids are visited in ascending order, so ties go to the lowest id.
                if (priority[src] > bestPriority) {
                    best = src;
                    bestPriority = priority[src];
                }
            }
        }
        return best;
    }

    /** Drives each context's hart bit to "some claimable source exists", where that changed. */
    private void updateLocked() {
        for (int ctx = 0; ctx < asserted.length; ctx++) {
            boolean want = bestLocked(ctx) != 0;
            if (want != asserted[ctx]) {
                asserted[ctx] = want;
                int bit = (ctx & 1) == 0 ? HartInterrupts.MEIP : HartInterrupts.SEIP;
                harts[ctx >>> 1].setInterruptLevel(bit, want);
            }
        }
    }

    /** Bits of enable word {@code w} that name real sources (source 0 is hardwired off). */
    private int implementedBits(int w) {
        int mask = -1;
        if (w == 0) mask &= ~1;
        int over = (w + 1) * 32 - numSources;
        if (over > 0) mask &= -1 >>> over;
        return mask;
    }
}
