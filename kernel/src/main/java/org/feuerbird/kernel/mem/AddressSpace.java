package org.feuerbird.kernel.mem;

import java.util.ArrayList;
import java.util.List;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.hal.PhysicalMemory;

/**
 * A domain's Sv39 address space. Only the kernel writes its page tables, and only for
 * bindings a capability authorised; the table of {@link Mapping}s beside them is what the
 * kernel consults to unbind, to copy in and out, and to revoke.
 *
 * <p>All mappings are 4 KiB user pages in the lower half (below 2^38). Accessed and dirty
 * bits are set when the page is bound, so the hart never has to update a PTE.
 */
public final class AddressSpace {
    /** Lowest address past the user half of Sv39. */
    public static final long USER_LIMIT = 1L << 38;
    private static final long V = 1, R = 2, W = 4, X = 8, U = 16, A = 64, D = 128;
    private static final int PAGE = PhysicalMemory.FRAME_SIZE;

    private final PhysicalMemory memory;
    private final FrameAllocator frames;
    private final MemoryAccount account;
    private final TlbShootdown tlb;
    private final long root;
    private final List<Long> tables = new ArrayList<>();
    private final LongMap<Mapping> mappings = new LongMap<>();
    private boolean destroyed;
    private Mapping replaced;
    /** Domains using this address space (threads of one process share one). */
    private int users = 1;
    /** The ASID its satp carries; the TLB tags entries by satp, so sharers share entries. */
    public final int asid;

    /** Allocates the root table (charged to {@code account}). */
    public AddressSpace(PhysicalMemory memory, FrameAllocator frames, MemoryAccount account, TlbShootdown tlb, int asid) throws KernelException {
        this.asid = asid;
        this.memory = memory;
        this.frames = frames;
        this.account = account;
        this.tlb = tlb;
        this.root = newTable();
    }

    /** One more domain uses this address space. */
    public void share() { users++; }

    /** One domain stops using it; returns how many still do (0: the caller destroys it). */
    public int release() { return --users; }

    /** Physical address of the root table (satp's PPN). */
    public long root() { return root; }

    public int mappingCount() { return mappings.size(); }

    public Mapping at(long va) { return mappings.get(va >>> 12); }

    /** Every binding, for destruction and tests. */
    public List<Mapping> mappings() { return mappings.values(); }

    /** Page-table frames in use (the root included). */
    public int tableFrames() { return tables.size(); }

    /**
     * Binds {@code va} to {@code frame}; returns the new binding ({@link #lastReplaced} is
     * the one it replaced). The caller has checked the authority and records the binding on
     * its capability.
     */
    public Mapping map(long va, long frame, int permissions, org.feuerbird.kernel.cap.Capability via) throws KernelException {
        replaced = null;
        checkVa(va);
        if ((permissions & ~(Rights.READ | Rights.WRITE | Rights.EXECUTE)) != 0 || permissions == 0) {
            throw new KernelException(KernelError.INVALID_ARGUMENT, "permissions must be a non-empty set of MAP_READ, MAP_WRITE, MAP_EXECUTE");
        }
        if ((permissions & Rights.WRITE) != 0 && (permissions & Rights.READ) == 0) {
            throw new KernelException(KernelError.INVALID_ARGUMENT, "Sv39 has no write-only pages: MAP_WRITE needs MAP_READ");
        }
        long pte = leafSlot(va);
        long bits = V | U | A | (frame << 10);
        if ((permissions & Rights.READ) != 0) bits |= R;
        if ((permissions & Rights.WRITE) != 0) bits |= W | D;
        if ((permissions & Rights.EXECUTE) != 0) bits |= X;
        memory.writeLong(pte, bits);
        Mapping m = new Mapping(this, va, frame, permissions, via);
        Mapping old = mappings.put(va >>> 12, m);
        if (old != null) tlb.flushPage(va);
        replaced = old;
        return m;
    }

    /** The binding the last {@link #map} replaced, or null. */
    public Mapping lastReplaced() { return replaced; }

    /** Removes the binding at {@code va}; returns it, or null if there was none. */
    public Mapping unmap(long va) {
        Mapping m = mappings.remove(va >>> 12);
        if (m == null) return null;
        long pte = leafSlotIfPresent(va);
        if (pte >= 0) memory.writeLong(pte, 0);
        tlb.flushPage(va);
        return m;
    }

    /** Removes a binding if it is still the current one at its address (revocation). */
    public void unbind(Mapping m) {
        if (mappings.get(m.va >>> 12) == m) unmap(m.va);
    }

    /**
     * Copies between the address space and a Java array as user code would access it: each
     * page must be bound with READ (copy in) or WRITE (copy out). Returns bytes copied.
     */
    public int copy(long va, byte[] buf, int off, int len, boolean in) {
        int done = 0;
        int need = in ? Rights.READ : Rights.WRITE;
        while (done < len) {
            long a = va + done;
            if (a < 0 || a >= USER_LIMIT) break;
            Mapping m = mappings.get(a >>> 12);
            if (m == null || (m.permissions & need) == 0) break;
            int chunk = (int) Math.min(len - done, PAGE - (a & (PAGE - 1)));
            long pa = (m.frame << 12) + (a & (PAGE - 1));
            if (in) memory.read(pa, buf, off + done, chunk);
            else memory.write(pa, buf, off + done, chunk);
            done += chunk;
        }
        return done;
    }

    /** Frees the page tables; the caller has unbound (and accounted for) the mappings. */
    public void destroy() {
        if (destroyed) return;
        destroyed = true;
        mappings.clear();
        tlb.flushAll();
        for (long t : tables) {
            memory.fill(t, PAGE, (byte) 0);   // free frames are zero (FrameAllocator)
            frames.release(t >>> 12, 1);
        }
        account.credit(tables.size());
        tables.clear();
    }

    private static void checkVa(long va) throws KernelException {
        if ((va & (PAGE - 1)) != 0 || va < 0 || va >= USER_LIMIT) {
            throw new KernelException(KernelError.INVALID_ARGUMENT, "virtual address 0x" + Long.toHexString(va)
                + " is not a page-aligned address of the user half (below 0x" + Long.toHexString(USER_LIMIT) + ")");
        }
    }

    /** The physical address of the leaf PTE for {@code va}, making tables on the way. */
    private long leafSlot(long va) throws KernelException {
        long table = root;
        for (int level = 2; level > 0; level--) {
            long slot = table + ((va >>> (12 + 9 * level)) & 511) * 8;
            long pte = memory.readLong(slot);
            if ((pte & V) == 0) {
                long next = newTable();
                memory.writeLong(slot, V | (next >>> 12) << 10);
                table = next;
            } else {
                table = (pte >>> 10) << 12;
            }
        }
        return table + ((va >>> 12) & 511) * 8;
    }

    private long leafSlotIfPresent(long va) {
        long table = root;
        for (int level = 2; level > 0; level--) {
            long pte = memory.readLong(table + ((va >>> (12 + 9 * level)) & 511) * 8);
            if ((pte & V) == 0) return -1;
            table = (pte >>> 10) << 12;
        }
        return table + ((va >>> 12) & 511) * 8;
    }

    private long newTable() throws KernelException {
        if (!account.canCharge(1)) throw new KernelException(KernelError.QUOTA_EXCEEDED, "no quota left for a page table");
        long f = frames.allocate(1);
        if (f < 0) throw new KernelException(KernelError.OUT_OF_MEMORY, "no free frame for a page table");
        account.charge(1);
        long pa = f << 12;   // already zero: free frames are
        tables.add(pa);
        return pa;
    }
}
