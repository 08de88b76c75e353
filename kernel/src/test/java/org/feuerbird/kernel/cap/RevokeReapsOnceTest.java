package org.feuerbird.kernel.cap;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.testing.TestLibOS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A revoked subtree can hold a domain and, in that domain's own capability space, the
 * original of a frame allocation: destroying the domain deletes what its space holds, and
 * the revocation must still end each object exactly once, whatever order they were made in.
 */
class RevokeReapsOnceTest {
    private static final long QUOTA = 64;

    @ParameterizedTest(name = "frames allocated before the domain: {0}")
    @ValueSource(booleans = {true, false})
    void revokingADomainAndTheFramesItHoldsFreesEachOnce(boolean framesFirst) throws Exception {
        try (Exokernel exo = Exokernel.boot(MachineSpec.of(4 << 20))) {
            Kernel k = exo.createLibOS("a", new TestLibOS(), QUOTA);
            // A LIBOS capability of its own to charge objects to, so revoking it cuts only them.
            long account = k.copy(k.self(), k.self(), Rights.ALL);
            long freeBefore = exo.freeFrames();
            long frames, domain;
            if (framesFirst) {
                frames = k.allocFrames(account, 2);
                domain = k.createDomain(account, "d");
            } else {
                domain = k.createDomain(account, "d");
                frames = k.allocFrames(account, 2);
            }
            k.move(frames, domain);   // the domain's space now holds the allocation's original

            assertDoesNotThrow(() -> k.revoke(account), "revoke must reap every descendant once, and fail only with a KernelException");

            assertEquals(0, k.query(account).children(), "descendants left after revoke");
            assertEquals(KernelError.INVALID_HANDLE, assertThrows(KernelException.class, () -> k.query(domain)).error());
            assertEquals(freeBefore, exo.freeFrames(), "frames and page tables not all returned, or returned twice");
            assertEquals(0, k.memoryUsage(k.self())[0], "the LibOS is still charged (or credited twice)");
            // The allocator is consistent again: the whole quota can be taken and given back.
            long all = k.allocFrames(k.self(), (int) QUOTA);
            k.freeFrames(all);
            assertEquals(freeBefore, exo.freeFrames());
            assertTrue(exo.reports().isEmpty(), "kernel reports: " + exo.reports());
        }
    }
}
