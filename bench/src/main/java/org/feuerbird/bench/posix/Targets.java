package org.feuerbird.bench.posix;

import java.util.Map;

/**
 * The seed's performance targets in host cycles, by the metric that measures each. Memory
 * allocation's target applies to both ways of allocating; the CPU kernels have none.
 */
public final class Targets {
    private static final Map<String, Long> CYCLES = Map.of(
        "null_syscall", 500L,
        "ipc_roundtrip", 1_000L,
        "ctx_switch", 2_000L,
        "ctx_switch_yield", 2_000L,
        "mmap_page", 200L,
        "malloc_free", 200L,
        "file_open", 5_000L,
        "file_open_tmpfs", 5_000L);

    private Targets() {}

    private static final Map<String, Long> KERNEL = org.feuerbird.bench.kernel.KernelBench.targetsByTitle();

    /** The target in cycles, or 0 when the seed sets none; kernel rows ("kernel: …") take the kernel benchmarks' targets. */
    public static long cycles(String metric) {
        return CYCLES.getOrDefault(metric, KERNEL.getOrDefault(metric, 0L));
    }
}
