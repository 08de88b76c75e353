package org.feuerbird.libos.posix;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.feuerbird.libos.proc.Task;

/** prctl: the options glibc programs use (the thread's name, dumpability); others are EINVAL, as for an unknown option. */
public final class PrctlCalls {
    static final int PR_GET_DUMPABLE = 3, PR_SET_DUMPABLE = 4, PR_SET_NAME = 15, PR_GET_NAME = 16;
    /** TASK_COMM_LEN: the name's buffer, NUL included. */
    static final int COMM_LEN = 16;

    long prctl(Args a) throws SyscallException {
        Task t = a.task();
        var u = t.process.user;
        return switch (a.i(0)) {
            case PR_SET_NAME -> {
                // Linux copies at most 15 bytes, up to a NUL: the name is cut, never refused.
                byte[] b = new byte[COMM_LEN - 1];
                int n = 0;
                for (; n < b.length; n++) {
                    b[n] = u.read(a.a1() + n, 1)[0];
                    if (b[n] == 0) break;
                }
                t.name = new String(b, 0, n, StandardCharsets.UTF_8);
                yield 0;
            }
            case PR_GET_NAME -> {
                byte[] name = t.name.getBytes(StandardCharsets.UTF_8);
                u.write(a.a1(), Arrays.copyOf(name, COMM_LEN));
                yield 0;
            }
            case PR_GET_DUMPABLE -> 1;   // always dumpable: nothing here is setuid
            case PR_SET_DUMPABLE -> {
                if (a.a1() != 0 && a.a1() != 1) throw new SyscallException(Errno.EINVAL);
                yield 0;
            }
            default -> throw new SyscallException(Errno.EINVAL);
        };
    }
}
