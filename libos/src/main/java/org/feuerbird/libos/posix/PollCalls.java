package org.feuerbird.libos.posix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.fs.HostStream;
import org.feuerbird.libos.fs.OpenFile;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.sched.Blocked;
import org.feuerbird.libos.sched.WaitQueue;
import org.feuerbird.libos.signal.Signals;
import org.feuerbird.libos.time.TimedWait;

/**
 * ppoll and pselect6 (glibc's poll and select use them on riscv64, which has no older
 * calls). Readiness comes from each file; a caller that must wait is parked on its own
 * wake-up queue, which every polled file's queue and its timeout alarm forward to.
 */
public final class PollCalls {
    static final int POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;
    static final int POLLRDNORM = 0x40, POLLWRNORM = 0x100;
    /** Most descriptors one call may name (RLIMIT_NOFILE here). */
    static final int MAX_FDS = 1024;
    private final PosixLibOS os;

    PollCalls(PosixLibOS os) { this.os = os; }

    private TimedWait waits() { return os.timedWait(); }

    private Signals signals() { return os.signals(); }

    /** The host's stdin is ready when bytes (or its end) have arrived. */
    private static int readiness(OpenFile f) {
        if (f instanceof HostStream s && s.input() != null) return s.wouldBlock() ? 0 : POLLIN | POLLRDNORM;
        int e = f.pollEvents();
        if ((e & POLLIN) != 0) e |= POLLRDNORM;
        if ((e & POLLOUT) != 0) e |= POLLWRNORM;
        return e;
    }

    private static WaitQueue waiters(OpenFile f) {
        if (f instanceof HostStream s && s.input() != null) return s.input().waiters;
        return f.pollWaiters();
    }

    private static OpenFile file(Process p, int fd) {
        try {
            return fd < 0 ? null : p.fds.get(fd);
        } catch (SyscallException e) {
            return null;
        }
    }

    /** Parks the caller until a file changes, the deadline passes or a signal acts. */
    private Blocked park(Task t, Iterable<OpenFile> files, long deadline, java.util.function.BooleanSupplier nothingReady) {
        for (OpenFile f : files) {
            WaitQueue q = waiters(f);
            if (q != null) q.add(t.signals.wakeups::wakeAll);
        }
        if (deadline != 0) waits().arm(t, os.kernel().now());
        return new Blocked(t.signals.wakeups,
            () -> nothingReady.getAsBoolean() && (deadline == 0 || os.kernel().now() < deadline) && !signals().wouldInterrupt(t));
    }

    /** The call's deadline from a timespec pointer (0 = wait without bound), fixed at its first run. */
    private long deadline(Task t, int nr, long timeout) throws SyscallException {
        if (timeout == 0) return 0;
        long d = TimeCalls.readTimespec(t, timeout);
        long now = os.kernel().now();
        return waits().deadline(t, nr, Math.max(now + d, 1));
    }

    /** The sigmask argument of ppoll/pselect6: set for the call, restored after it (or after the handler). */
    private void applyMask(Task t, long at, long size) throws SyscallException {
        if (at == 0) return;
        if (size != 8) throw new SyscallException(Errno.EINVAL);
        signals().replaceMaskForWait(t, t.process.user.readLong(at));
    }

    /** ppoll(fds, nfds, tmo_p, sigmask, sigsetsize). */
    long ppoll(Args a) throws SyscallException, Blocked {
        Task t = a.task();
        Process p = t.process;
        if (a.a1() < 0 || a.a1() > MAX_FDS) throw new SyscallException(Errno.EINVAL);
        int n = (int) a.a1();
        long deadline = deadline(t, Sys.PPOLL, a.a2());
        boolean immediate = a.a2() != 0 && deadline <= os.kernel().now();
        applyMask(t, a.a3(), a.a4());
        ByteBuffer b = ByteBuffer.wrap(p.user.read(a.a0(), 8 * n)).order(ByteOrder.LITTLE_ENDIAN);
        int count = 0;
        java.util.List<OpenFile> files = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int fd = b.getInt(8 * i);
            int events = b.getShort(8 * i + 4) & 0xffff;
            int revents = 0;
            if (fd >= 0) {
                OpenFile f = file(p, fd);
                if (f == null) {
                    revents = POLLNVAL;
                } else {
                    files.add(f);
                    revents = readiness(f) & (events | POLLERR | POLLHUP);
                }
            }
            b.putShort(8 * i + 6, (short) revents);
            if (revents != 0) count++;
        }
        long now = os.kernel().now();
        if (count > 0 || immediate || deadline != 0 && now >= deadline) {
            p.user.write(a.a0(), b.array());
            finish(t, a.a2(), deadline, now);
            return count;
        }
        if (signals().wouldInterrupt(t)) {
            interrupted(t, a.a2(), deadline, now);
        }
        final int nfds = n;
        throw park(t, files, deadline, () -> noneReady(p, a.a0(), nfds));
    }

    /** Whether every polled descriptor is still not ready (asked once more after the caller is queued). */
    private static boolean noneReady(Process p, long fds, int n) {
        try {
            ByteBuffer b = ByteBuffer.wrap(p.user.read(fds, 8 * n)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                int fd = b.getInt(8 * i);
                OpenFile f = file(p, fd);
                if (fd >= 0 && (f == null || (readiness(f) & ((b.getShort(8 * i + 4) & 0xffff) | POLLERR | POLLHUP)) != 0)) return false;
            }
            return true;
        } catch (SyscallException e) {
            return false;   // let the call run again and report the fault
        }
    }

    /** The call returns a result: the time left goes back to the timeout, the old mask comes back. */
    private void finish(Task t, long timeout, long deadline, long now) throws SyscallException {
        waits().end(t);
        signals().restoreMaskAfterWait(t);
        if (timeout != 0) TimeCalls.writeTimespec(t, timeout, deadline - now);
    }

    /** A signal acts: EINTR (never restarted), the temporary mask stays for the handler's frame. */
    private void interrupted(Task t, long timeout, long deadline, long now) throws SyscallException {
        waits().end(t);
        if (timeout != 0) TimeCalls.writeTimespec(t, timeout, deadline - now);
        throw new SyscallException(Errno.EINTR);
    }

    /** pselect6(nfds, readfds, writefds, exceptfds, timeout, {sigmask*, size}*). */
    long pselect6(Args a) throws SyscallException, Blocked {
        Task t = a.task();
        Process p = t.process;
        int n = a.i(0);
        if (n < 0 || n > MAX_FDS) throw new SyscallException(Errno.EINVAL);
        int bytes = (n + 63) / 64 * 8;
        long[] at = {a.a1(), a.a2(), a.a3()};
        long[][] sets = new long[3][];
        for (int k = 0; k < 3; k++) {
            sets[k] = new long[bytes / 8];
            if (at[k] == 0) continue;
            ByteBuffer b = ByteBuffer.wrap(p.user.read(at[k], bytes)).order(ByteOrder.LITTLE_ENDIAN);
            for (int w = 0; w < sets[k].length; w++) sets[k][w] = b.getLong(8 * w);
        }
        long deadline = deadline(t, Sys.PSELECT6, a.a4());
        boolean immediate = a.a4() != 0 && deadline <= os.kernel().now();
        if (a.a5() != 0) {
            ByteBuffer m = ByteBuffer.wrap(p.user.read(a.a5(), 16)).order(ByteOrder.LITTLE_ENDIAN);
            applyMask(t, m.getLong(0), m.getLong(8));
        }
        long[][] out = new long[3][bytes / 8];
        int count = 0;
        java.util.List<OpenFile> files = new java.util.ArrayList<>();
        java.util.List<Integer> masks = new java.util.ArrayList<>();
        int[] want = {POLLIN | POLLRDNORM | POLLHUP | POLLERR, POLLOUT | POLLWRNORM | POLLERR, POLLPRI};
        for (int fd = 0; fd < n; fd++) {
            long bit = 1L << (fd & 63);
            int w = fd >> 6;
            if (((sets[0][w] | sets[1][w] | sets[2][w]) & bit) == 0) continue;
            OpenFile f = file(p, fd);
            if (f == null) {
                signals().restoreMaskAfterWait(t);
                waits().end(t);
                throw new SyscallException(Errno.EBADF);
            }
            files.add(f);
            int r = readiness(f), asked = 0;
            for (int k = 0; k < 3; k++) {
                if ((sets[k][w] & bit) != 0) asked |= want[k];
                if ((sets[k][w] & bit) != 0 && (r & want[k]) != 0) {
                    out[k][w] |= bit;
                    count++;
                }
            }
            masks.add(asked);
        }
        long now = os.kernel().now();
        if (count > 0 || immediate || deadline != 0 && now >= deadline) {
            for (int k = 0; k < 3; k++) {
                if (at[k] == 0) continue;
                ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
                for (long v : out[k]) b.putLong(v);
                p.user.write(at[k], b.array());
            }
            finish(t, a.a4(), deadline, now);
            return count;
        }
        if (signals().wouldInterrupt(t)) interrupted(t, a.a4(), deadline, now);
        throw park(t, files, deadline, () -> {
            for (int i = 0; i < files.size(); i++) if ((readiness(files.get(i)) & masks.get(i)) != 0) return false;
            return true;
        });
    }
}
