package org.feuerbird.libos.posix.trace;

/** Signal names and signal sets as strace prints them ({@code SIGALRM}, {@code [INT TERM]}, {@code ~[KILL]}). */
public final class SignalNames {
    private SignalNames() {}

    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
        "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD",
        "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    /** "SIGALRM" for 14, "SIGRTMIN" for 32, "SIGRT_3" for 35, else the number. */
    public static String name(int sig) {
        if (sig > 0 && sig < NAMES.length) return NAMES[sig];
        if (sig == 32) return "SIGRTMIN";
        if (sig > 32 && sig <= 64) return "SIGRT_" + (sig - 32);
        return Integer.toString(sig);
    }

    /** A 64-bit kernel sigset: the members, or ~[the others] when more than half are set. */
    static String set(long set) {
        boolean inverted = Long.bitCount(set) > 32;
        long shown = inverted ? ~set : set;
        StringBuilder s = new StringBuilder(inverted ? "~[" : "[");
        for (int sig = 1; sig <= 64; sig++) {
            if ((shown & (1L << (sig - 1))) == 0) continue;
            if (s.charAt(s.length() - 1) != '[') s.append(' ');
            s.append(name(sig).startsWith("SIG") ? name(sig).substring(3) : name(sig));
        }
        return s.append(']').toString();
    }
}
