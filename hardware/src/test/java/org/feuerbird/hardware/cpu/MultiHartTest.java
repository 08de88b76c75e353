package org.feuerbird.hardware.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two harts of one board, each on its own thread as the kernel will run them, sharing code
 * (one decoded copy) and data: increments by amoadd.w and by an lr.w/sc.w retry loop must
 * all land, none lost to the other hart.
 */
class MultiHartTest {
    private static final int ITERATIONS = 20_000;

    @Test
    void atomicIncrementsFromTwoHartsOnTwoThreadsAllLand() throws Exception {
        TestRig rig = new TestRig(2);
        long amoCounter = TestRig.DATA, lrscCounter = TestRig.DATA + 64;
        TestRig.Program p = rig.program();
        p.li(5, amoCounter).li(6, lrscCounter).li(7, ITERATIONS).li(28, 1);
        long loop = p.here();
        p.i(Asm.amoadd_w(0, 28, 5));
        long retry = p.here();
        p.i(Asm.lr_w(29, 6));
        p.i(Asm.addi(29, 29, 1));
        p.i(Asm.sc_w(30, 29, 6));
        p.i(Asm.bne(30, 0, (int) (retry - p.here())));
        p.i(Asm.addi(7, 7, -1));
        p.i(Asm.bne(7, 0, (int) (loop - p.here())));
        p.i(Asm.ecall());
        rig.load(p);

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (Hart h : rig.board.harts()) {
                h.setPc(TestRig.CODE);
                h.setHostMachineMode(true);
                done.add(threads.submit(() -> {
                    // A small budget per call, so the two threads interleave often.
                    for (int calls = 0; calls < 1_000_000; calls++) {
                        if (h.run(1_000) == Hart.EXIT_TRAP) return h.trapCause();
                    }
                    return -1L;
                }));
            }
            for (Future<Long> f : done) assertEquals(Cause.ECALL_FROM_M, f.get(60, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
        assertEquals(2 * ITERATIONS, rig.ram.load32(amoCounter), "amoadd.w increments");
        assertEquals(2 * ITERATIONS, rig.ram.load32(lrscCounter), "lr/sc increments");
    }
}
