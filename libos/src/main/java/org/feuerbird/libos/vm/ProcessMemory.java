package org.feuerbird.libos.vm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;

/**
 * A process's address space as policy: its areas (VMAs), the program break, where mmap puts
 * things, and the page-fault handler (demand zero, file pages, copy-on-write). Every page is
 * a frame allocated from the kernel and bound through the kernel's secure binding; nothing
 * here writes a page table. After fork two spaces bind the same frames read-only and a write
 * fault copies the page, or takes it over when no one else holds it any more.
 */
public final class ProcessMemory {
    public static final long PAGE = 4096;
    /** Top of the user half of Sv39, and the stack just below it (Linux puts it there too). */
    public static final long USER_TOP = 1L << 38, STACK_TOP = USER_TOP - PAGE, STACK_SIZE = 8L << 20;
    /** The largest stack area (RLIMIT_STACK beyond it, or unlimited, gets this much). */
    public static final long STACK_MAX = 1L << 30;
    /** mmap places areas top-down from here, below the largest stack's reserve. */
    public static final long MMAP_TOP = STACK_TOP - STACK_MAX - (1L << 30);

    private final Kernel k;
    private final long domain;
    private final TreeMap<Long, Vma> vmas = new TreeMap<>();
    /** Virtual page → the page bound there. */
    private final Map<Long, Page> frames = new HashMap<>();
    private long brkStart, brk;
    private long mmapNext = MMAP_TOP;

    public ProcessMemory(Kernel k, long domain) {
        this.k = k;
        this.domain = domain;
    }

    public long domain() { return domain; }

    public List<Vma> areas() { return new ArrayList<>(vmas.values()); }

    public long brk() { return brk; }

    /** Sets where the heap starts (after the executable's last segment). */
    public void setBrkStart(long at) {
        brkStart = brk = roundUp(at);
    }

    static long roundUp(long v) { return (v + PAGE - 1) & -PAGE; }

    // ---- areas: every insertion and removal goes through these two, for shared objects' counts ----

    private void putVma(Vma v) {
        vmas.put(v.start(), v);
        if (v.object() != null) v.object().users++;
    }

    private void takeVma(Vma v) {
        vmas.remove(v.start());
        if (v.object() != null) v.object().release();
    }

    /** Adds an area, replacing what overlapped it (and unmapping those pages). */
    public void add(Vma v) throws SyscallException {
        remove(v.start(), v.end());
        putVma(v);
    }

    public Vma find(long va) {
        Map.Entry<Long, Vma> e = vmas.floorEntry(va);
        return e != null && e.getValue().contains(va) ? e.getValue() : null;
    }

    private List<Vma> touching(long start, long end) {
        Long from = vmas.floorKey(start);
        List<Vma> out = new ArrayList<>();
        for (Vma v : vmas.subMap(from == null ? start : from, end).values()) {
            if (v.end() > start && v.start() < end) out.add(v);
        }
        return out;
    }

    /** Removes {@code [start, end)} from every area, splitting areas and freeing their pages. */
    public void remove(long start, long end) throws SyscallException {
        for (Vma v : touching(start, end)) {
            long s = Math.max(v.start(), start), e = Math.min(v.end(), end);
            if (v.object() != null) v.object().writeBack(v.fileOffset() / PAGE + (s - v.start()) / PAGE,
                v.fileOffset() / PAGE + (e - v.start()) / PAGE);
            // The pieces that stay take their references before the old area lets go of its object.
            vmas.remove(v.start());
            if (v.start() < start) putVma(v.withRange(v.start(), start));
            if (v.end() > end) putVma(v.withRange(end, v.end()));
            if (v.object() != null) v.object().release();
            for (long p = s; p < e; p += PAGE) dropPage(p);
        }
    }

    private void dropPage(long va) throws SyscallException {
        Page p = frames.remove(va);
        if (p == null) return;
        try {
            k.unmap(domain, va);
        } catch (KernelException e) {
            throw new SyscallException(Errno.EFAULT, e.getMessage());
        }
        if (--p.refs == 0) free(k, p);
    }

    static void free(Kernel k, Page p) {
        try {
            k.freeFrames(p.frame);
        } catch (KernelException ignored) {
            // Already taken back by a revocation: nothing left to free.
        }
    }

    /** Drops the private pages of {@code [start, end)} but keeps the areas: they fault in afresh (MADV_DONTNEED). */
    public void discard(long start, long end) throws SyscallException {
        // Area by area, so that a huge range over few areas costs only their pages.
        for (Vma v : touching(start, end)) {
            // Shared memory keeps its contents (the object holds them), as Linux's page cache does.
            if (v.object() != null) continue;
            for (long p = Math.max(v.start(), start); p < Math.min(v.end(), end); p += PAGE) dropPage(p);
        }
    }

    /** Map bits for an area's protections (Sv39 has no write-only pages). */
    private static int mapBits(int prot) {
        int bits = 0;
        if ((prot & Vma.PROT_READ) != 0) bits |= Kernel.MAP_READ;
        if ((prot & Vma.PROT_WRITE) != 0) bits |= Kernel.MAP_READ | Kernel.MAP_WRITE;
        if ((prot & Vma.PROT_EXEC) != 0) bits |= Kernel.MAP_EXECUTE;
        return bits;
    }

    /** What a page may be bound with: a private page someone else also holds is read-only (copy-on-write). */
    private static int bitsFor(Vma v, Page p) {
        int bits = mapBits(v.prot());
        if (v.object() == null && p.refs > 1) bits &= ~Kernel.MAP_WRITE;
        return bits;
    }

    private void bind(long va, Page p, int bits) throws KernelException {
        if (bits == 0) k.unmap(domain, va);
        else k.map(domain, va, p.frame, 0, bits);
    }

    /**
     * Serves a page fault (or a kernel copy that found no binding): if an area allows the
     * access, the page gets a frame (zeros, the area's file bytes, its shared object's page,
     * or a private copy of a page shared after fork) and is bound. Returns false when the
     * access is not allowed: the caller delivers SIGSEGV or returns EFAULT. This is the one
     * place that decides whether a fault is legal.
     */
    public boolean fault(long va, boolean write, boolean exec) throws SyscallException {
        Vma v = find(va);
        if (v == null) return false;
        if (write && (v.prot() & Vma.PROT_WRITE) == 0) return false;
        if (exec && (v.prot() & Vma.PROT_EXEC) == 0) return false;
        if (!write && !exec && (v.prot() & (Vma.PROT_READ | Vma.PROT_WRITE | Vma.PROT_EXEC)) == 0) return false;
        long page = va & -PAGE;
        try {
            Page have = frames.get(page);
            if (have != null) {
                // Bound already: only a write to a copy-on-write page is served here.
                if (!write || v.object() != null) return false;
                if (have.refs == 1) {
                    bind(page, have, mapBits(v.prot()));   // the last holder takes the page over
                    return true;
                }
                Page copy = new Page(k.allocFrames(k.self(), 1));
                k.copyFrames(have.frame, 0, copy.frame, 0, PAGE);
                have.refs--;
                frames.put(page, copy);
                bind(page, copy, mapBits(v.prot()));
                return true;
            }
            Page p;
            if (v.object() != null) {
                p = v.object().page((v.fileOffset() + (page - v.start())) / PAGE);
                p.refs++;
            } else {
                p = new Page(k.allocFrames(k.self(), 1));
                if (v.file() != null) {
                    long from = v.fileOffset() + (page - v.start());
                    long to = Math.min(from + PAGE, v.fileEnd());
                    if (to > from && from < v.file().length) {
                        int len = (int) Math.min(to - from, v.file().length - from);
                        k.write(p.frame, 0, v.file(), (int) from, len);
                    }
                }
            }
            frames.put(page, p);
            bind(page, p, bitsFor(v, p));
            return true;
        } catch (KernelException e) {
            if (e.error() == KernelError.QUOTA_EXCEEDED || e.error() == KernelError.OUT_OF_MEMORY) {
                throw new SyscallException(Errno.ENOMEM, e.getMessage());
            }
            throw new SyscallException(Errno.EFAULT, e.getMessage());
        }
    }

    /**
     * fork: a copy of this space in {@code childDomain} (a fresh one) that shares every page.
     * Private pages become read-only in both, so the first write of either side copies it.
     */
    public ProcessMemory fork(long childDomain) throws SyscallException {
        ProcessMemory c = new ProcessMemory(k, childDomain);
        c.brkStart = brkStart;
        c.brk = brk;
        c.mmapNext = mmapNext;
        for (Vma v : vmas.values()) c.putVma(v);
        try {
            for (Map.Entry<Long, Page> e : frames.entrySet()) {
                long va = e.getKey();
                Page p = e.getValue();
                Vma v = find(va);
                p.refs++;
                c.frames.put(va, p);
                int bits = bitsFor(v, p);
                c.bind(va, p, bits);
                if ((mapBits(v.prot()) & Kernel.MAP_WRITE) != 0 && (bits & Kernel.MAP_WRITE) == 0) bind(va, p, bits);
            }
        } catch (KernelException e) {
            c.release();
            throw new SyscallException(e.error() == KernelError.QUOTA_EXCEEDED || e.error() == KernelError.OUT_OF_MEMORY
                ? Errno.ENOMEM : Errno.EFAULT, e.getMessage());
        }
        return c;
    }

    /** brk(2): moves the break within [brkStart, the next area); returns the break in force. */
    public long setBrk(long want) throws SyscallException {
        if (want < brkStart) return brk;
        long top = roundUp(want);
        long oldTop = roundUp(brk);
        if (top > oldTop) {
            Map.Entry<Long, Vma> next = vmas.ceilingEntry(oldTop);
            if (next != null && next.getKey() < top) return brk;   // would collide: refused
            if (top - brkStart > (1L << 34)) return brk;
            putVma(new Vma(oldTop, top, Vma.PROT_READ | Vma.PROT_WRITE, false, null, 0, 0, "[heap]"));
            merge(oldTop);
        } else if (top < oldTop) {
            remove(top, oldTop);
        }
        brk = want;
        return brk;
    }

    /** Joins an area with the one ending where it starts, if they are alike (heap growth). */
    private void merge(long start) {
        Map.Entry<Long, Vma> prev = vmas.lowerEntry(start);
        Vma cur = vmas.get(start);
        if (prev == null || cur == null) return;
        Vma p = prev.getValue();
        if (p.end() == start && p.file() == null && cur.file() == null && p.object() == null && cur.object() == null
                && p.prot() == cur.prot() && p.name().equals(cur.name())) {
            vmas.remove(start);
            vmas.put(p.start(), new Vma(p.start(), cur.end(), p.prot(), false, null, 0, 0, p.name()));
        }
    }

    /** Finds a free range of {@code len} bytes for mmap, top-down below {@link #MMAP_TOP}. */
    public long findFree(long len) throws SyscallException {
        long cand = (mmapNext - len) & -PAGE;
        for (int tries = 0; tries < 100_000 && cand > PAGE * 16; tries++) {
            Map.Entry<Long, Vma> below = vmas.lowerEntry(cand + len);
            if (below == null || below.getValue().end() <= cand) {
                mmapNext = cand;
                return cand;
            }
            cand = (below.getValue().start() - len) & -PAGE;
        }
        throw new SyscallException(Errno.ENOMEM, "no room for " + len + " bytes");
    }

    /** Whether any area overlaps {@code [start, end)}. */
    public boolean overlaps(long start, long end) {
        Map.Entry<Long, Vma> e = vmas.lowerEntry(end);
        return e != null && e.getValue().end() > start;
    }

    /** Whether every byte of {@code [start, end)} lies in some area. */
    public boolean covered(long start, long end) {
        for (long a = start; a < end; ) {
            Vma v = find(a);
            if (v == null) return false;
            a = v.end();
        }
        return true;
    }

    /** mprotect(2): changes the protections of every page of the range (which must be mapped). */
    public void protect(long start, long end, int prot) throws SyscallException {
        if (!covered(start, end)) throw new SyscallException(Errno.ENOMEM, "mprotect of an unmapped range");
        for (Vma v : touching(start, end)) {
            long s = Math.max(v.start(), start), e = Math.min(v.end(), end);
            vmas.remove(v.start());
            if (v.start() < s) putVma(v.withRange(v.start(), s));
            Vma mid = v.withRange(s, e).withProt(prot);
            putVma(mid);
            if (v.end() > e) putVma(v.withRange(e, v.end()));
            if (v.object() != null) v.object().release();
            for (long p = s; p < e; p += PAGE) {
                Page f = frames.get(p);
                if (f == null) continue;
                try {
                    bind(p, f, bitsFor(mid, f));
                } catch (KernelException ex) {
                    throw new SyscallException(Errno.ENOMEM, ex.getMessage());
                }
            }
        }
    }

    /**
     * mremap(2) of {@code [old, old+oldSize)}, which must lie inside one area: shrinks it,
     * grows it in place when the room after it is free, or else (when {@code mayMove}) moves
     * it, pages and all, to {@code fixedAt} (if not -1) or a free range. Returns the new address.
     */
    public long remap(long old, long oldSize, long newSize, boolean mayMove, long fixedAt) throws SyscallException {
        Vma v = find(old);
        if (v == null || old + oldSize > v.end()) throw new SyscallException(Errno.EFAULT);
        if (fixedAt == -1 && newSize <= oldSize) {
            remove(old + newSize, old + oldSize);
            return old;
        }
        if (fixedAt == -1 && old + oldSize == v.end() && !overlaps(old + oldSize, old + newSize)
                && old + newSize <= MMAP_TOP + (1L << 30)) {
            vmas.remove(v.start());
            vmas.put(v.start(), new Vma(v.start(), old + newSize, v.prot(), v.shared(), v.file(), v.fileOffset(), v.fileEnd(),
                v.name(), v.object()));
            return old;
        }
        if (!mayMove) throw new SyscallException(Errno.ENOMEM);
        long to;
        if (fixedAt != -1) {
            if (fixedAt < old + oldSize && old < fixedAt + newSize) throw new SyscallException(Errno.EINVAL);
            remove(fixedAt, fixedAt + newSize);
            to = fixedAt;
        } else {
            to = findFree(newSize);
        }
        Vma moved = v.withRange(old, old + oldSize);
        putVma(new Vma(to, to + newSize, moved.prot(), moved.shared(), moved.file(), moved.fileOffset(), moved.fileEnd(),
            moved.name(), moved.object()));
        long keep = Math.min(oldSize, newSize);
        try {
            for (long off = 0; off < keep; off += PAGE) {
                Page p = frames.remove(old + off);
                if (p == null) continue;
                k.unmap(domain, old + off);
                frames.put(to + off, p);
                bind(to + off, p, bitsFor(find(to + off), p));
            }
        } catch (KernelException e) {
            throw new SyscallException(Errno.ENOMEM, e.getMessage());
        }
        remove(old, old + oldSize);
        return to;
    }

    /** msync(2): writes the shared file pages of the range back; ENOMEM if part is unmapped. */
    public void sync(long start, long end) throws SyscallException {
        if (!covered(start, end)) throw new SyscallException(Errno.ENOMEM);
        for (Vma v : touching(start, end)) {
            if (v.object() == null) continue;
            long s = Math.max(v.start(), start), e = Math.min(v.end(), end);
            v.object().writeBack(v.fileOffset() / PAGE + (s - v.start()) / PAGE, v.fileOffset() / PAGE + (e - v.start() + PAGE - 1) / PAGE);
        }
    }

    /** Gives every page back (the process is gone, or exec replaces the image). */
    public void release() {
        for (Map.Entry<Long, Page> e : frames.entrySet()) {
            try {
                k.unmap(domain, e.getKey());
            } catch (KernelException ignored) {
                // The domain is gone already: its bindings went with it.
            }
            if (--e.getValue().refs == 0) free(k, e.getValue());
        }
        frames.clear();
        for (Vma v : List.copyOf(vmas.values())) takeVma(v);
    }

    /** Pages bound in this space (for accounting and tests). */
    public int residentPages() { return frames.size(); }
}
