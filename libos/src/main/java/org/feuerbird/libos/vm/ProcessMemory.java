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
 * things, and the page-fault handler that fills pages on first touch. Every page it backs is
 * one frame allocated from the kernel and bound through the kernel's secure binding; nothing
 * here writes a page table.
 */
public final class ProcessMemory {
    public static final long PAGE = 4096;
    /** Top of the user half of Sv39, and the stack just below it (Linux puts it there too). */
    public static final long USER_TOP = 1L << 38, STACK_TOP = USER_TOP - PAGE, STACK_SIZE = 8L << 20;
    /** mmap places areas top-down from here, below the stack's reserve. */
    public static final long MMAP_TOP = STACK_TOP - STACK_SIZE - (1L << 30);

    private final Kernel k;
    private final long domain;
    private final TreeMap<Long, Vma> vmas = new TreeMap<>();
    /** Virtual page → frame capability backing it. */
    private final Map<Long, Long> frames = new HashMap<>();
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

    /** Adds an area, replacing what overlapped it (and unmapping those pages). */
    public void add(Vma v) throws SyscallException {
        remove(v.start(), v.end());
        vmas.put(v.start(), v);
    }

    public Vma find(long va) {
        Map.Entry<Long, Vma> e = vmas.floorEntry(va);
        return e != null && e.getValue().contains(va) ? e.getValue() : null;
    }

    /** Removes {@code [start, end)} from every area, splitting areas and freeing their pages. */
    public void remove(long start, long end) throws SyscallException {
        List<Vma> touched = new ArrayList<>(vmas.subMap(vmas.floorKey(start) == null ? start : vmas.floorKey(start), end).values());
        for (Vma v : touched) {
            if (v.end() <= start || v.start() >= end) continue;
            vmas.remove(v.start());
            if (v.start() < start) vmas.put(v.start(), v.withRange(v.start(), start));
            if (v.end() > end) vmas.put(end, v.withRange(end, v.end()));
            for (long p = Math.max(v.start(), start); p < Math.min(v.end(), end); p += PAGE) dropPage(p);
        }
    }

    private void dropPage(long va) throws SyscallException {
        Long f = frames.remove(va);
        if (f == null) return;
        try {
            k.unmap(domain, va);
            k.freeFrames(f);
        } catch (KernelException e) {
            throw new SyscallException(Errno.EFAULT, e.getMessage());
        }
    }

    /** Drops the pages of {@code [start, end)} but keeps the areas: they fault in afresh (MADV_DONTNEED). */
    public void discard(long start, long end) throws SyscallException {
        for (long p = start; p < end; p += PAGE) dropPage(p);
    }

    /** Map bits for an area's protections (Sv39 has no write-only pages). */
    private static int mapBits(int prot) {
        int bits = 0;
        if ((prot & Vma.PROT_READ) != 0) bits |= Kernel.MAP_READ;
        if ((prot & Vma.PROT_WRITE) != 0) bits |= Kernel.MAP_READ | Kernel.MAP_WRITE;
        if ((prot & Vma.PROT_EXEC) != 0) bits |= Kernel.MAP_EXECUTE;
        return bits;
    }

    /**
     * Serves a page fault (or a kernel copy that found no binding): if an area allows the
     * access, the page gets a frame, filled from the area's file, and is bound. Returns false
     * when the access is not allowed: the caller delivers SIGSEGV or returns EFAULT.
     */
    public boolean fault(long va, boolean write, boolean exec) throws SyscallException {
        Vma v = find(va);
        if (v == null) return false;
        if (write && (v.prot() & Vma.PROT_WRITE) == 0) return false;
        if (exec && (v.prot() & Vma.PROT_EXEC) == 0) return false;
        if (!write && !exec && (v.prot() & (Vma.PROT_READ | Vma.PROT_WRITE | Vma.PROT_EXEC)) == 0) return false;
        long page = va & -PAGE;
        if (frames.containsKey(page)) return false;   // bound already: the access itself is not allowed
        try {
            long f = k.allocFrames(k.self(), 1);
            if (v.file() != null) {
                long from = v.fileOffset() + (page - v.start());
                long to = Math.min(from + PAGE, v.fileEnd());
                if (to > from && from < v.file().length) {
                    int len = (int) Math.min(to - from, v.file().length - from);
                    k.write(f, 0, v.file(), (int) from, len);
                }
            }
            k.map(domain, page, f, 0, mapBits(v.prot()));
            frames.put(page, f);
            return true;
        } catch (KernelException e) {
            if (e.error() == KernelError.QUOTA_EXCEEDED || e.error() == KernelError.OUT_OF_MEMORY) {
                throw new SyscallException(Errno.ENOMEM, e.getMessage());
            }
            throw new SyscallException(Errno.EFAULT, e.getMessage());
        }
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
            vmas.put(oldTop, new Vma(oldTop, top, Vma.PROT_READ | Vma.PROT_WRITE, false, null, 0, 0, "[heap]"));
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
        if (p.end() == start && p.file() == null && cur.file() == null && p.prot() == cur.prot() && p.name().equals(cur.name())) {
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

    /** mprotect(2): changes the protections of every page of the range (which must be mapped). */
    public void protect(long start, long end, int prot) throws SyscallException {
        for (long a = start; a < end; ) {
            Vma v = find(a);
            if (v == null) throw new SyscallException(Errno.ENOMEM, "mprotect of an unmapped range");
            a = Math.min(v.end(), end);
        }
        List<Vma> parts = new ArrayList<>(vmas.subMap(vmas.floorKey(start), end).values());
        for (Vma v : parts) {
            if (v.end() <= start || v.start() >= end) continue;
            vmas.remove(v.start());
            long s = Math.max(v.start(), start), e = Math.min(v.end(), end);
            if (v.start() < s) vmas.put(v.start(), v.withRange(v.start(), s));
            vmas.put(s, v.withRange(s, e).withProt(prot));
            if (v.end() > e) vmas.put(e, v.withRange(e, v.end()));
            for (long p = s; p < e; p += PAGE) {
                Long f = frames.get(p);
                if (f == null) continue;
                try {
                    if (mapBits(prot) == 0) k.unmap(domain, p);
                    else k.map(domain, p, f, 0, mapBits(prot));
                } catch (KernelException ex) {
                    throw new SyscallException(Errno.ENOMEM, ex.getMessage());
                }
            }
        }
    }

    /** Gives every frame back (the process is gone). */
    public void release() {
        for (Map.Entry<Long, Long> e : frames.entrySet()) {
            try {
                k.freeFrames(e.getValue());
            } catch (KernelException ignored) {
                // Already gone with a revocation: nothing to give back.
            }
        }
        frames.clear();
        vmas.clear();
    }

    /** Frames this process holds (for accounting and tests). */
    public int residentPages() { return frames.size(); }
}
