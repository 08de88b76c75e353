package org.feuerbird.libos.signal;

import java.util.ArrayList;
import java.util.List;

/**
 * Signals sent but not yet delivered. A standard signal is pending at most once (a second
 * one merges with the first); real-time signals (32 and up) queue, each with its own info.
 * Guarded by the owning process's {@link ProcessSignals} monitor.
 */
public final class PendingSignals {
    private final List<SigInfo> queue = new ArrayList<>();
    private long mask;

    public long mask() { return mask; }

    public void add(SigInfo si) {
        long bit = Sig.bit(si.signo());
        if ((mask & bit) != 0 && si.signo() < Sig.SIGRTMIN) return;
        if (queue.size() > 4096) return;   // Linux's RLIMIT_SIGPENDING-like bound: a flood cannot exhaust memory
        mask |= bit;
        queue.add(si);
    }

    /** Takes the lowest-numbered pending signal in {@code allowed}, or null. */
    public SigInfo take(long allowed) {
        long ready = mask & allowed;
        if (ready == 0) return null;
        int sig = Long.numberOfTrailingZeros(ready) + 1;
        SigInfo found = null;
        int left = 0;
        for (int i = 0; i < queue.size(); i++) {
            SigInfo s = queue.get(i);
            if (s.signo() != sig) continue;
            if (found == null) {
                found = s;
                queue.remove(i--);
            } else {
                left++;
            }
        }
        if (left == 0) mask &= ~Sig.bit(sig);
        return found;
    }

    /** Drops every pending instance of the signals in {@code set}. */
    public void discard(long set) {
        queue.removeIf(s -> (Sig.bit(s.signo()) & set) != 0);
        mask &= ~set;
    }
}
