package org.feuerbird.libos.posix;

import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.vm.ProcessMemory;
import org.feuerbird.libos.vm.Vma;

/** brk, mmap, munmap, mprotect, madvise: address-space policy over the kernel's bindings. */
public final class MemoryCalls {
    static final int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_FIXED_NOREPLACE = 0x100000;
    private static final long PAGE = ProcessMemory.PAGE;

    private final PosixLibOS os;

    MemoryCalls(PosixLibOS os) { this.os = os; }

    long brk(Args a) throws SyscallException {
        return a.task().process.memory.setBrk(a.a0());
    }

    long mmap(Args a) throws SyscallException {
        long addr = a.a0(), len = a.a1();
        int prot = a.i(2), flags = a.i(3), fd = a.i(4);
        long off = a.a5();
        if (len <= 0 || (addr & (PAGE - 1)) != 0 || (off & (PAGE - 1)) != 0) throw new SyscallException(Errno.EINVAL);
        if ((flags & (MAP_SHARED | MAP_PRIVATE)) == 0) throw new SyscallException(Errno.EINVAL);
        if ((flags & MAP_ANONYMOUS) == 0) {
            // File mappings come with the file-system work; until then a clear refusal.
            os.process(a.task().process.pid).fds.get(fd);
            throw new SyscallException(Errno.ENODEV, "file mappings are not supported yet");
        }
        long size = (len + PAGE - 1) & -PAGE;
        if (size > ProcessMemory.USER_TOP) throw new SyscallException(Errno.ENOMEM);
        ProcessMemory mem = a.task().process.memory;
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
        mem.add(new Vma(at, at + size, prot & 7, (flags & MAP_SHARED) != 0, null, 0, 0, "anon"));
        return at;
    }

    long munmap(Args a) throws SyscallException {
        long addr = a.a0(), len = a.a1();
        if ((addr & (PAGE - 1)) != 0 || len <= 0) throw new SyscallException(Errno.EINVAL);
        a.task().process.memory.remove(addr, addr + ((len + PAGE - 1) & -PAGE));
        return 0;
    }

    long mprotect(Args a) throws SyscallException {
        long addr = a.a0(), len = a.a1();
        if ((addr & (PAGE - 1)) != 0) throw new SyscallException(Errno.EINVAL);
        if (len == 0) return 0;
        a.task().process.memory.protect(addr, addr + ((len + PAGE - 1) & -PAGE), a.i(2) & 7);
        return 0;
    }

    static final int MADV_DONTNEED = 4;

    long madvise(Args a) throws SyscallException {
        if ((a.a0() & (PAGE - 1)) != 0) throw new SyscallException(Errno.EINVAL);
        // MADV_DONTNEED has a visible effect (private anonymous pages read zero again); the
        // other advice is a hint this LibOS may ignore.
        if (a.i(2) == MADV_DONTNEED) a.task().process.memory.discard(a.a0(), a.a0() + ((a.a1() + PAGE - 1) & -PAGE));
        return 0;
    }
}
