package org.feuerbird.hardware.cpu;

import java.util.Arrays;
import org.feuerbird.hardware.memory.Ram;

/**
 * Sv39 address translation with a software TLB, for one hart.
 *
 * <p>The TLB is direct-mapped (its slot the page number mixed with the address-space tag,
 * {@link #index}), in primitive arrays: for fetches a tag array and an offset
 * array; for data one array holding four longs per entry (read tag, read offset, write tag,
 * write offset), so the interpreter keeps a single array in a register and a page's read
 * and write entries share a cache line. An offset turns a virtual address into an index
 * of the RAM array. A tag is the virtual page number with the translation context folded into its
 * top bits (effective privilege, SUM, MXR, and an address-space tag), so neither a privilege
 * change nor a host context switch ({@link #switchAddressSpace}) needs a flush. Only RAM
 * pages enter the TLB; MMIO always takes the slow path. A write entry exists only for a
 * page whose PTE is already dirty and that holds no decoded code, so the interpreter's
 * store fast path never has to update a PTE or invalidate decoded instructions.
 *
 * <p>The walk follows the privileged spec, section "Sv39": A and D bits are set by the
 * hardware (as QEMU does), superpages must be aligned, reserved PTE bits fault.
 */
final class Mmu {
    static final int TLB_BITS = 9, TLB_SIZE = 1 << TLB_BITS, TLB_MASK = TLB_SIZE - 1;
    static final int FETCH = 0, LOAD = 1, STORE = 2;
    /** Returned by {@link #translate} for a fault; the cause is in {@link #faultCause}. */
    static final long FAULT = -1;
    private static final long INVALID = -1;

    private static final long PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_A = 64, PTE_D = 128;
    private static final long PTE_RESERVED = 0xffc0_0000_0000_0000L;   // bits 63..54: no Svnapot/Svpbmt

    final long[] fetchTag = new long[TLB_SIZE], fetchOff = new long[TLB_SIZE];
    /** Data entries: at {@code 4 * index} the read tag, read offset, write tag, write offset. */
    final long[] data = new long[4 * TLB_SIZE];
    static final int READ_TAG = 0, READ_OFF = 1, WRITE_TAG = 2, WRITE_OFF = 3;

    /** Context bits of the tags for data accesses and for fetches, kept current by {@link #contextChanged}. */
    long dataCtx, fetchCtx;
    /**
     * Changes whenever a fetch translation may have changed (a fill, a flush, a new context or
     * address space) or a code page was written ({@link CodeCache}): what a hart caches about
     * where code leads ({@link Interpreter}'s callees) holds only while it stays the same.
     */
    long codeGen;
    /** The cause of the last fault returned by {@link #translate}. */
    int faultCause;

    private final Ram ram;
    private final long ramBase;
    private final CsrFile csr;
    private boolean paging;      // satp mode is Sv39
    private int dataPriv, fetchPriv;
    /**
     * Address-space tags: the satp value each of the 128 tags stands for (-1: none). A host
     * context switch looks its satp up here, so each address space keeps its own entries.
     * (128, not 256: bit 63 of a tag stays clear, so no tag can equal INVALID.)
     */
    private final long[] satpOfTag = new long[128];
    private int spaceTag, lastTag;
    /** Tags below this may have entries (tags are handed out in order from 0 after a flush). */
    private int tagsUsed = 1;

    Mmu(Ram ram, CsrFile csr) {
        this.ram = ram;
        this.ramBase = ram.base();
        this.csr = csr;
        Arrays.fill(satpOfTag, -1);
        satpOfTag[0] = csr.satp;
        flush();
    }

    /**
     * Switches to another address space without a flush: the entries of the old one stay
     * under its tag for when it comes back. Callers keep the entries true: after changing the
     * page tables of any address space they flush the pages concerned ({@link #flushPage}).
     */
    void switchAddressSpace(long satp) {
        csr.satp = satp;
        int tag = -1;
        for (int i = 0; i < satpOfTag.length; i++) {
            if (satpOfTag[i] == satp) { tag = i; break; }
        }
        if (tag < 0) {
            tag = lastTag = (lastTag + 1) & (satpOfTag.length - 1);
            tagsUsed = Math.max(tagsUsed, tag + 1);
            if (satpOfTag[tag] != -1) flushAll();   // the tag's old entries would alias
            satpOfTag[tag] = satp;
        }
        spaceTag = tag;
        codeGen++;
    }

    /**
     * The TLB slot of a virtual address under a context ({@link #dataCtx} or
     * {@link #fetchCtx}): the page number with the address-space tag mixed in, so that
     * processes forked from one image, which use the same virtual pages, do not evict each
     * other's entries at every switch. The tag sits at bit 56 of a context, so
     * {@code ctx >>> 44} puts it on the page-number bits (the privilege bits land in the
     * page offset, which the shift drops). The interpreter and RegionSupport compute the
     * same index inline.
     */
    static int index(long va, long ctx) {
        return (int) ((va ^ (ctx >>> 44)) >>> 12) & TLB_MASK;
    }

    /** Forgets the translations of one virtual page, in every address space. */
    void flushPage(long va) {
        codeGen++;
        for (int tag = 0; tag < tagsUsed; tag++) {
            if (satpOfTag[tag] == -1) continue;
            int i = (int) ((va >>> 12) ^ tag) & TLB_MASK;
            fetchTag[i] = INVALID;
            data[4 * i + READ_TAG] = INVALID;
            data[4 * i + WRITE_TAG] = INVALID;
        }
    }

    /** Recomputes the translation context after a change of privilege, mstatus or satp. */
    void contextChanged(int priv) {
        codeGen++;
        long ms = csr.mstatus;
        fetchPriv = priv;
        dataPriv = (priv == Privilege.M && (ms & Csr.MPRV) != 0) ? (int) ((ms & Csr.MPP) >>> Csr.MPP_SHIFT) : priv;
        paging = (csr.satp >>> Csr.SATP_MODE_SHIFT) == Csr.SATP_MODE_SV39;
        int sum = (ms & Csr.SUM) != 0 ? 1 : 0, mxr = (ms & Csr.MXR) != 0 ? 1 : 0;
        dataCtx = (long) (dataPriv | sum << 2 | mxr << 3 | spaceTag << 4) << 52;
        fetchCtx = (long) (fetchPriv | spaceTag << 4) << 52;
    }

    /**
     * Forgets every cached translation (sfence.vma, guest and host CSR writes). The current
     * satp becomes the only tagged address space, so the tags stay in step with csr.satp.
     */
    void flush() {
        Arrays.fill(satpOfTag, -1);
        satpOfTag[0] = csr.satp;
        spaceTag = lastTag = 0;
        tagsUsed = 1;
        // The contexts carry the tag too: left stale, the next fills would go under a tag that
        // a later address space receives, and that space would see this one's pages.
        dataCtx &= ~(0xffL << 56);
        fetchCtx &= ~(0xffL << 56);
        flushAll();
    }

    private void flushAll() {
        codeGen++;
        Arrays.fill(fetchTag, INVALID);
        for (int e = 0; e < data.length; e += 4) {
            data[e + READ_TAG] = INVALID;
            data[e + WRITE_TAG] = INVALID;
        }
    }

    /** Forgets write permissions only: a page just became a code page. */
    void flushWrites() {
        for (int e = WRITE_TAG; e < data.length; e += 4) data[e] = INVALID;
    }

    /** Translates an instruction address: the fetch TLB, else a walk. */
    long translateFetch(long va) {
        int i = index(va, fetchCtx);
        if (fetchTag[i] == ((va >>> 12) | fetchCtx)) return va + fetchOff[i] + ramBase;
        return translate(va, FETCH);
    }

    /**
     * Translates a virtual address for one kind of access, filling the TLB when the page is
     * RAM. Returns the physical address, or {@link #FAULT} with {@link #faultCause} set.
     */
    long translate(long va, int access) {
        int priv = access == FETCH ? fetchPriv : dataPriv;
        long pa;
        if (!paging || priv == Privilege.M) {
            pa = va;
        } else {
            pa = walk(va, access, priv);
            if (pa == FAULT) return FAULT;
        }
        fill(va, pa, access);
        return pa;
    }

    private void fill(long va, long pa, int access) {
        long pagePa = pa & ~0xfffL;
        if (!ram.contains(pagePa, Ram.PAGE_SIZE)) return;
        int i = index(va, access == FETCH ? fetchCtx : dataCtx);
        long off = (pagePa - ramBase) - (va & ~0xfffL);
        switch (access) {
            case FETCH -> { fetchTag[i] = (va >>> 12) | fetchCtx; fetchOff[i] = off; codeGen++; }
            case LOAD -> { data[4 * i + READ_TAG] = (va >>> 12) | dataCtx; data[4 * i + READ_OFF] = off; }
            default -> {
                int page = (int) ((pagePa - ramBase) >>> 12);
                // Stores into decoded code must drop the decoded copy; they stay on the slow path
                // only until the copy is gone, then the page is an ordinary data page again.
                ram.codeWritten(page);
                data[4 * i + WRITE_TAG] = (va >>> 12) | dataCtx;
                data[4 * i + WRITE_OFF] = off;
            }
        }
    }

    private long walk(long va, int access, int priv) {
        int pageFault = access == FETCH ? Cause.FETCH_PAGE_FAULT
            : access == LOAD ? Cause.LOAD_PAGE_FAULT : Cause.STORE_PAGE_FAULT;
        if ((va << 25 >> 25) != va) return fault(pageFault);   // not sign-extended from bit 38
        long table = (csr.satp & Csr.SATP_PPN) << 12;
        for (int level = 2; level >= 0; level--) {
            long pteAddr = table + ((va >>> (12 + 9 * level)) & 511) * 8;
            if (!ram.contains(pteAddr, 8)) {
                return fault(access == FETCH ? Cause.FETCH_ACCESS : access == LOAD ? Cause.LOAD_ACCESS : Cause.STORE_ACCESS);
            }
            long pte = ram.load64(pteAddr);
            if ((pte & PTE_V) == 0 || (pte & (PTE_R | PTE_W)) == PTE_W || (pte & PTE_RESERVED) != 0) {
                return fault(pageFault);
            }
            long ppn = (pte >>> 10) & ((1L << 44) - 1);
            if ((pte & (PTE_R | PTE_X)) == 0) {          // pointer to the next level
                if ((pte & (PTE_A | PTE_D | PTE_U)) != 0) return fault(pageFault);
                table = ppn << 12;
                continue;
            }
            if (!permitted(pte, access, priv)) return fault(pageFault);
            long levelMask = (1L << (9 * level)) - 1;
            if ((ppn & levelMask) != 0) return fault(pageFault);   // misaligned superpage
            long want = PTE_A | (access == STORE ? PTE_D : 0);
            if ((pte & want) != want) {
                ram.store64(pteAddr, pte | want);
            }
            return ((ppn & ~levelMask) << 12) | (va & ((levelMask << 12) | 0xfff));
        }
        return fault(pageFault);
    }

    private boolean permitted(long pte, int access, int priv) {
        boolean user = (pte & PTE_U) != 0;
        if (priv == Privilege.U && !user) return false;
        if (priv == Privilege.S && user && (access == FETCH || (csr.mstatus & Csr.SUM) == 0)) return false;
        return switch (access) {
            case FETCH -> (pte & PTE_X) != 0;
            case LOAD -> (pte & PTE_R) != 0 || ((csr.mstatus & Csr.MXR) != 0 && (pte & PTE_X) != 0);
            default -> (pte & PTE_W) != 0;
        };
    }

    private long fault(int cause) {
        faultCause = cause;
        return FAULT;
    }
}
