package org.feuerbird.bench.posix;

import java.util.List;

/**
 * A benchmark program of user/posixbench and its iteration counts: {@code full} for
 * {@code feuerbird bench}, {@code quick} for {@code --quick}. The counts keep one run on
 * FeuerBird, the slowest platform, around a second at full size.
 */
public record Program(String name, long full, long quick) {
    /** The suite, in the order of the table: the seed's primitives first, then the CPU kernels. */
    public static final List<Program> ALL = List.of(
        new Program("null_syscall", 2_000_000, 20_000),
        new Program("ipc_pipe", 200_000, 2_000),
        new Program("ctx_switch", 100_000, 1_000),
        new Program("mem_alloc", 200_000, 2_000),
        new Program("file_open", 200_000, 2_000),
        new Program("file_rw", 512, 64),
        new Program("fork_wait", 500, 50),
        new Program("checksum", 200, 20),
        new Program("sort", 50, 5),
        new Program("matmul", 30, 3),
        new Program("strhash", 100, 10));

    public long iterations(boolean quickRun) {
        return quickRun ? quick : full;
    }
}
