package org.feuerbird.libos.signal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A siginfo_t as the handler sees it (128 bytes): si_signo, si_errno, si_code, then a union
 * at offset 16 that holds si_pid/si_uid (+ si_status at 24) for senders and children, or
 * si_addr for faults. Offsets checked with the riscv64 glibc headers (offsetof).
 */
public record SigInfo(int signo, int code, long word16, long word24) {
    public static final int SIZE = 128;

    /** Sent by a process (kill: SI_USER, tkill/tgkill: SI_TKILL). */
    public static SigInfo user(int sig, int code, int pid) { return new SigInfo(sig, code, pid & 0xffffffffL, 0); }

    /** Sent by the system itself (timers, pipes). */
    public static SigInfo kernel(int sig) { return new SigInfo(sig, Sig.SI_KERNEL, 0, 0); }

    /** A hardware fault at {@code addr}. */
    public static SigInfo fault(int sig, int code, long addr) { return new SigInfo(sig, code, addr, 0); }

    /** SIGCHLD for a child that changed state. */
    public static SigInfo child(int code, int pid, int status) { return new SigInfo(Sig.SIGCHLD, code, pid & 0xffffffffL, status); }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, signo).putInt(4, 0).putInt(8, code).putLong(16, word16).putLong(24, word24);
        return b.array();
    }
}
