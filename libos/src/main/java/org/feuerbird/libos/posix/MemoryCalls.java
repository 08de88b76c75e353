package org.feuerbird.libos.posix;

import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.fs.FdTable;
import org.feuerbird.libos.fs.HostFile;
import org.feuerbird.libos.fs.OpenFile;
import org.feuerbird.libos.fs.Stat;
import org.feuerbird.libos.vm.ProcessMemory;
import org.feuerbird.libos.vm.SharedObject;
import org.feuerbird.libos.vm.Vma;

/** brk, mmap, munmap, mprotect, mremap, msync, madvise: address-space policy over the kernel's bindings. */
public final class MemoryCalls {
    static final int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_SHARED_VALIDATE = 3, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20;
    static final int MAP_FIXED_NOREPLACE = 0x100000;
    static final int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;
    static final int MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4;
    private static final long PAGE = ProcessMemory.PAGE;
    /** The most a private file mapping reads up front (its snapshot of the file). */
    private static final long MAX_FILE_SNAPSHOT = 64L << 20;

    private final PosixLibOS os;

    MemoryCalls(PosixLibOS os) { this.os = os; }

    long brk(Args a) throws SyscallException {
        return a.task().process.memory.setBrk(a.a0());
    }

    long mmap(Args a) throws SyscallException {
        long addr = a.a0(), len = a.a1();
        int prot = a.i(2), flags = a.i(3), fd = a.i(4);
        long off = a.a5();
        if (len <= 0 || (addr & (PAGE - 1)) != 0 || (off & (PAGE - 1)) != 0 || off < 0) throw new SyscallException(Errno.EINVAL);
        int type = flags & MAP_SHARED_VALIDATE;
        if (type == 0) throw new SyscallException(Errno.EINVAL);
        boolean shared = type != MAP_PRIVATE;
        long size = (len + PAGE - 1) & -PAGE;
        if (size > ProcessMemory.USER_TOP || size <= 0) throw new SyscallException(Errno.ENOMEM);
        ProcessMemory mem = a.task().process.memory;
        Vma area;
        if ((flags & MAP_ANONYMOUS) != 0) {
            area = new Vma(0, size, prot & 7, shared, null, 0, 0, null, shared ? new SharedObject(os.kernel(), null) : null);
        } else {
            area = fileArea(a.task().process.fds.ref(fd), size, prot & 7, shared, off);
        }
        long at;
        if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0) {
            if (addr + size > ProcessMemory.USER_TOP || addr < PAGE) throw new SyscallException(Errno.ENOMEM);
            if ((flags & MAP_FIXED_NOREPLACE) != 0 && mem.overlaps(addr, addr + size)) throw new SyscallException(Errno.EEXIST);
            at = addr;
        } else if (addr != 0 && addr + size <= ProcessMemory.USER_TOP && !mem.overlaps(addr, addr + size)) {
            at = addr;
        } else {
            at = mem.findFree(size);
        }
        mem.add(new Vma(at, at + size, area.prot(), area.shared(), area.file(), area.fileOffset(), area.fileEnd(), area.name(),
            area.object()));
        return at;
    }

    /**
     * The area a file mapping gets (placed at 0 for now): a private one holds a snapshot of
     * the mapped bytes, copied into pages on first touch; a shared one maps the file's shared
     * object, written back on msync, munmap and exit.
     */
    private Vma fileArea(FdTable.Ref ref, long size, int prot, boolean shared, long off) throws SyscallException {
        OpenFile f = ref.file;
        Stat st = f.stat();
        int kind = st.mode() & Stat.S_IFMT;
        if (kind != Stat.S_IFREG) throw new SyscallException(Errno.ENODEV);
        int access = f.flags() & HostFile.O_ACCMODE;
        if (access == HostFile.O_WRONLY) throw new SyscallException(Errno.EACCES);
        if (shared && (prot & Vma.PROT_WRITE) != 0 && access != HostFile.O_RDWR) throw new SyscallException(Errno.EACCES);
        if (shared) {
            // The mapping holds the description itself, as Linux's does: it outlives the
            // descriptor (close after mmap), and it stays with this file even if the path
            // now names another one.
            return new Vma(0, size, prot, true, null, off, 0, f.path(), new SharedObject(os.kernel(), ref.hold()));
        }
        long avail = Math.max(0, Math.min(size, st.size() - off));
        if (avail > MAX_FILE_SNAPSHOT) throw new SyscallException(Errno.ENOMEM, "private file mapping too large");
        byte[] bytes = new byte[(int) avail];
        int got = 0;
        while (got < bytes.length) {
            int n = f.pread(bytes, got, bytes.length - got, off + got);
            if (n <= 0) break;
            got += n;
        }
        return new Vma(0, size, prot, false, bytes, 0, got, f.path());
    }

    long munmap(Args a) throws SyscallException {
        long addr = a.a0(), len = a.a1();
        if ((addr & (PAGE - 1)) != 0 || len <= 0) throw new SyscallException(Errno.EINVAL);
        a.task().process.memory.remove(addr, addr + ((len + PAGE - 1) & -PAGE));
        return 0;
    }

    long mprotect(Args a) throws SyscallException {
        long addr = a.a0(), len = a.a1();
        if ((addr & (PAGE - 1)) != 0 || (a.i(2) & ~7 & ~0x03000000) != 0) throw new SyscallException(Errno.EINVAL);
        if (len == 0) return 0;
        a.task().process.memory.protect(addr, addr + ((len + PAGE - 1) & -PAGE), a.i(2) & 7);
        return 0;
    }

    long mremap(Args a) throws SyscallException {
        long old = a.a0(), oldLen = a.a1(), newLen = a.a2(), newAddr = a.a4();
        int flags = a.i(3);
        if ((old & (PAGE - 1)) != 0 || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) != 0) throw new SyscallException(Errno.EINVAL);
        if ((flags & MREMAP_FIXED) != 0 && ((flags & MREMAP_MAYMOVE) == 0 || (newAddr & (PAGE - 1)) != 0)) {
            throw new SyscallException(Errno.EINVAL);
        }
        long oldSize = (oldLen + PAGE - 1) & -PAGE, newSize = (newLen + PAGE - 1) & -PAGE;
        if (newSize <= 0 || oldSize <= 0 || newSize > ProcessMemory.USER_TOP) throw new SyscallException(oldSize == 0 ? Errno.EINVAL : Errno.EINVAL);
        if ((flags & MREMAP_FIXED) != 0 && (newAddr < PAGE || newAddr + newSize > ProcessMemory.USER_TOP)) throw new SyscallException(Errno.EINVAL);
        return a.task().process.memory.remap(old, oldSize, newSize, (flags & MREMAP_MAYMOVE) != 0,
            (flags & MREMAP_FIXED) != 0 ? newAddr : -1);
    }

    long msync(Args a) throws SyscallException {
        long addr = a.a0(), len = a.a1();
        int flags = a.i(2);
        if ((addr & (PAGE - 1)) != 0 || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0
                || (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC)) {
            throw new SyscallException(Errno.EINVAL);
        }
        long end = addr + ((len + PAGE - 1) & -PAGE);
        // A length that wraps past the top of the address space names no range (Linux: ENOMEM).
        if (Long.compareUnsigned(end, addr) < 0 || (len != 0 && end == addr)) throw new SyscallException(Errno.ENOMEM);
        if (Long.compareUnsigned(end, ProcessMemory.USER_TOP) > 0) throw new SyscallException(Errno.ENOMEM);   // nothing is mapped there
        a.task().process.memory.sync(addr, end);
        return 0;
    }

    static final int MADV_DONTNEED = 4;

    long madvise(Args a) throws SyscallException {
        if ((a.a0() & (PAGE - 1)) != 0) throw new SyscallException(Errno.EINVAL);
        // MADV_DONTNEED has a visible effect (private anonymous pages read zero again); the
        // other advice is a hint this LibOS may ignore.
        long end = a.a0() + ((a.a1() + PAGE - 1) & -PAGE);
        // A length that wraps past the top of the address space is invalid, as on Linux.
        if (Long.compareUnsigned(end, a.a0()) < 0 || (a.a1() != 0 && end == a.a0())) throw new SyscallException(Errno.EINVAL);
        if (Long.compareUnsigned(end, ProcessMemory.USER_TOP) > 0) throw new SyscallException(Errno.ENOMEM);   // nothing is mapped there
        if (a.i(2) == MADV_DONTNEED) a.task().process.memory.discard(a.a0(), end);
        return 0;
    }
}
