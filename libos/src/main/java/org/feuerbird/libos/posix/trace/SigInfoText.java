package org.feuerbird.libos.posix.trace;

/**
 * A siginfo_t as strace shows it in {@code --- SIGCHLD {...} ---} lines and waitid: the
 * fields that the signal's origin (sender, child, fault) fills in.
 */
public final class SigInfoText {
    private SigInfoText() {}

    public static String of(int signo, int code, long word16, long word24) {
        if (signo == 0) return "{}";
        StringBuilder s = new StringBuilder("{si_signo=").append(SignalNames.name(signo)).append(", si_code=");
        if (code == 0x80) return s.append("SI_KERNEL}").toString();
        if (code <= 0) {
            s.append(code == 0 ? "SI_USER" : code == -6 ? "SI_TKILL" : code == -1 ? "SI_QUEUE" : code == -2 ? "SI_TIMER" : Integer.toString(code));
            return s.append(", si_pid=").append((int) word16).append(", si_uid=").append((int) (word16 >>> 32)).append('}').toString();
        }
        switch (signo) {
            case 17 -> {
                String c = Flags.value(code, null, 1, "CLD_EXITED", 2, "CLD_KILLED", 3, "CLD_DUMPED", 4, "CLD_TRAPPED",
                    5, "CLD_STOPPED", 6, "CLD_CONTINUED");
                int st = (int) word24;
                String status = code == 1 ? Integer.toString(st) : SignalNames.name(st);
                return s.append(c).append(", si_pid=").append((int) word16).append(", si_uid=").append((int) (word16 >>> 32))
                    .append(", si_status=").append(status).append(", si_utime=0, si_stime=0}").toString();
            }
            case 11 -> s.append(Flags.value(code, null, 1, "SEGV_MAPERR", 2, "SEGV_ACCERR"));
            case 7 -> s.append(Flags.value(code, null, 1, "BUS_ADRALN", 2, "BUS_ADRERR", 3, "BUS_OBJERR"));
            case 4 -> s.append(Flags.value(code, null, 1, "ILL_ILLOPC", 2, "ILL_ILLOPN", 3, "ILL_ILLADR", 4, "ILL_ILLTRP"));
            case 5 -> s.append(Flags.value(code, null, 1, "TRAP_BRKPT", 2, "TRAP_TRACE"));
            case 8 -> s.append(Flags.value(code, null, 1, "FPE_INTDIV", 2, "FPE_INTOVF"));
            default -> {
                return s.append(code).append('}').toString();
            }
        }
        return s.append(", si_addr=").append(Call.ptr(word16)).append('}').toString();
    }

}
