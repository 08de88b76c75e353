package org.feuerbird.kernel.ipc;

import org.feuerbird.kernel.cpu.Domain;

/** Access to a domain's integer registers wherever they are: on a hart or in its saved context. */
public interface Registers {
    long get(Domain d, int reg);

    void set(Domain d, int reg, long value);
}
