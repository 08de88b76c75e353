package org.feuerbird.kernel.mem;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.testing.TestLibOS;
import org.junit.jupiter.api.Test;

/**
 * Frames come back zeroed whoever held them before: data frames a LibOS wrote and freed, and
 * the page tables of a destroyed domain. The board is small so that every frame is reused.
 */
class FrameReuseTest {
    @Test
    void everyReusedFrameIsZero() throws Exception {
        try (Exokernel exo = Exokernel.boot(MachineSpec.of(1 << 20))) {   // 256 frames
            Kernel a = exo.createLibOS("a", new TestLibOS(), 1000);
            Kernel b = exo.createLibOS("b", new TestLibOS(), 256);
            long domain = a.createDomain(a.self(), null);
            List<Long> held = new ArrayList<>();
            byte[] junk = new byte[4096];
            java.util.Arrays.fill(junk, (byte) 0xa5);
            for (int i = 0; ; i++) {
                long f;
                try {
                    f = a.allocFrames(a.self(), 1);
                } catch (KernelException full) {
                    assertEquals(KernelError.OUT_OF_MEMORY, full.error());
                    break;
                }
                a.write(f, 0, junk, 0, junk.length);
                // Spread mappings so the domain's page tables fill many frames too.
                if (i % 2 == 0) a.map(domain, (long) i << 21, f, 0, Kernel.MAP_READ);
                held.add(f);
            }
            assertEquals(0, exo.freeFrames());
            for (long f : held) a.freeFrames(f);
            a.destroyDomain(domain);
            long n = exo.freeFrames();
            assertEquals(256, n, "every frame is free again");
            byte[] page = new byte[4096];
            for (long i = 0; i < n; i++) {
                long f = b.allocFrames(b.self(), 1);
                b.read(f, 0, page, 0, page.length);
                for (byte x : page) assertEquals(0, x, "frame " + i + " kept a previous owner's bytes");
            }
        }
    }
}
