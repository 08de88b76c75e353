package org.feuerbird.libos.vm;

import java.util.HashMap;
import java.util.Map;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.libos.fs.FdTable;
import org.feuerbird.libos.fs.OpenFile;
import org.feuerbird.libos.posix.SyscallException;

/**
 * What MAP_SHARED areas map: pages by offset that every sharer (across fork) sees alike,
 * backed by a file or by nothing (anonymous). It keeps one reference to each of its pages
 * while any area uses it, so pages outlive the address space that touched them first;
 * file pages are written back on msync, munmap and when the last area goes.
 */
public final class SharedObject {
    private final Kernel k;
    /** The open file description behind it, held while it lives; null for anonymous shared memory. */
    private final FdTable.Ref held;
    /** Its file, or null. */
    final OpenFile file;
    /** Page index (byte offset / PAGE) → page. */
    final Map<Long, Page> pages = new HashMap<>();
    /** Areas, in any address space, that map it. */
    int users;

    /**
     * Shared memory backed by the file of {@code held}, a description the caller holds one
     * reference to ({@link FdTable.Ref#hold}) for this object to drop when the last area
     * goes; or anonymous if null.
     */
    public SharedObject(Kernel k, FdTable.Ref held) {
        this.k = k;
        this.held = held;
        this.file = held == null ? null : held.file;
    }

    /** The page at {@code index}, filled from the file on first use. */
    Page page(long index) throws KernelException, SyscallException {
        Page p = pages.get(index);
        if (p != null) return p;
        long f = k.allocFrames(k.self(), 1);
        p = new Page(f);
        if (file != null) {
            byte[] buf = new byte[(int) ProcessMemory.PAGE];
            int n = file.pread(buf, 0, buf.length, index * ProcessMemory.PAGE);
            if (n > 0) k.write(f, 0, buf, 0, n);
        }
        pages.put(index, p);
        return p;
    }

    /** Writes the pages of {@code [fromIndex, toIndex)} back to the file, up to its length. */
    void writeBack(long fromIndex, long toIndex) {
        if (file == null) return;
        long length;
        try {
            length = file.stat().size();
        } catch (SyscallException e) {
            return;
        }
        byte[] buf = new byte[(int) ProcessMemory.PAGE];
        for (Map.Entry<Long, Page> e : pages.entrySet()) {
            long idx = e.getKey();
            if (idx < fromIndex || idx >= toIndex) continue;
            long pos = idx * ProcessMemory.PAGE;
            // A shared mapping never extends its file: bytes past the end stay in memory only.
            int n = (int) Math.min(buf.length, length - pos);
            if (n <= 0) continue;
            try {
                k.read(e.getValue().frame, 0, buf, 0, n);
                file.pwrite(buf, 0, n, pos);
            } catch (KernelException | SyscallException ignored) {
                // The file went read-only or away; as on Linux, the memory keeps the data.
            }
        }
    }

    /** One area fewer; the last one writes back and lets go of the pages. */
    void release() {
        if (--users > 0) return;
        writeBack(0, Long.MAX_VALUE);
        for (Page p : pages.values()) {
            if (--p.refs == 0) ProcessMemory.free(k, p);
        }
        pages.clear();
        if (held != null) held.drop();
    }
}
