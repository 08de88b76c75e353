package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.Asm.*;
import static org.feuerbird.hardware.cpu.TestRig.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random accesses against the permission rules of Sv39, aimed at the TLB rather than the
 * walk: every data page lies 2 MiB from the next, so all of them share one slot of the
 * direct-mapped TLB, and the privilege changes between accesses (as a trap would) without
 * any flush, so entries of both modes meet in that slot. Each outcome, value and A/D
 * update is compared with a small model of the privileged spec's rules, written here.
 *
 * <p>The seeds are fixed, so a failure is reproducible; the message names the step.
 */
class MmuRandomTest {
    private static final int PAGES = 8;
    /** All data pages share TLB index 1; the code pages use index 0, so they do not evict them. */
    private static final long BASE_VA = 0x5000_1000L, STRIDE = 512L * 4096;
    private static final long USER_CODE = 0x7000_0000L;                        // a U alias of the code page
    private static final long[] FLAG_CHOICES = {
        PTE_R, PTE_R | PTE_W, PTE_X, PTE_R | PTE_X, PTE_W, PTE_R | PTE_W | PTE_X,
        PTE_U | PTE_R, PTE_U | PTE_R | PTE_W, PTE_U | PTE_X, PTE_U | PTE_R | PTE_X, 0};

    private enum Access { LOAD, STORE, FETCH }

    /** The privileged spec's permission check for a leaf PTE (V set unless {@code flags} lacks it). */
    private static boolean permitted(long pte, int priv, boolean sum, boolean mxr, Access a) {
        boolean r = (pte & PTE_R) != 0, w = (pte & PTE_W) != 0, x = (pte & PTE_X) != 0, u = (pte & PTE_U) != 0;
        if ((pte & PTE_V) == 0 || (w && !r)) return false;
        if (priv == Privilege.U && !u) return false;
        if (priv == Privilege.S && u && (a == Access.FETCH || !sum)) return false;
        return switch (a) {
            case LOAD -> r || (mxr && x);
            case STORE -> w;
            case FETCH -> x;
        };
    }

    @Test
    void randomAccessesThroughOneTlbSlotFollowThePermissionRules() {
        for (long seed = 1; seed <= 6; seed++) run(seed, 400);
    }

    private static void run(long seed, int steps) {
        Random rnd = new Random(seed);
        boolean sum = rnd.nextBoolean(), mxr = rnd.nextBoolean();
        TestRig rig = new TestRig();
        rig.identityMapCode(false, 1);
        rig.map(USER_CODE, CODE, PTE_U | PTE_R | PTE_X | PTE_A);
        // entry points: +0 load, +8 store, +16 fetch (jalr), each followed by ecall
        rig.load(rig.program().i(lw(A0, 0, A1), ecall(), sw(A2, 0, A1), ecall(), jalr(RA, A1, 0), ecall()));
        long[] leaf = new long[PAGES], frame = new long[PAGES];
        for (int k = 0; k < PAGES; k++) {
            frame[k] = DATA + (long) k * 0x1000;
            long flags = FLAG_CHOICES[rnd.nextInt(FLAG_CHOICES.length)] | (rnd.nextBoolean() ? PTE_A : 0);
            leaf[k] = rig.map(BASE_VA + k * STRIDE, frame[k], flags);
            if (rnd.nextInt(8) == 0) rig.ram.store64(leaf[k], rig.ram.load64(leaf[k]) & ~PTE_V);
            rig.ram.store32(frame[k], ecall());            // what a fetch finds
            rig.ram.store32(frame[k] + 4, 0x1000 + k);     // what a load at +4 finds
        }
        rig.enableSv39();
        rig.hart.writeCsr(MSTATUS, (sum ? MS_SUM : 0) | (mxr ? MS_MXR : 0));
        rig.hart.setHostMachineMode(true);
        for (int step = 0; step < steps; step++) {
            int k = rnd.nextInt(PAGES);
            int priv = rnd.nextBoolean() ? Privilege.S : Privilege.U;
            Access a = Access.values()[rnd.nextInt(3)];
            long va = BASE_VA + k * STRIDE + (a == Access.FETCH ? 0 : 4);
            long pteBefore = rig.ram.load64(leaf[k]);
            boolean ok = permitted(pteBefore, priv, sum, mxr, a);
            String what = String.format("seed %d step %d: %s page %d (pte 0x%x) from %s, SUM %b, MXR %b", seed, step, a, k,
                pteBefore & 0x3ff, Privilege.name(priv), sum, mxr);

            long codeBase = priv == Privilege.U ? USER_CODE : CODE;
            rig.hart.setPrivilege(priv);                   // as a trap or xRET would: no TLB flush
            rig.hart.setPc(codeBase + 8L * a.ordinal());
            rig.hart.setX(A1, va);
            rig.hart.setX(A2, seed << 32 | step);
            rig.hart.setX(A0, -1);
            assertEquals(Hart.EXIT_TRAP, rig.hart.run(10), what);
            long cause = rig.hart.trapCause();
            long ecall = priv == Privilege.U ? Cause.ECALL_FROM_U : Cause.ECALL_FROM_S;
            if (!ok) {
                long fault = a == Access.LOAD ? Cause.LOAD_PAGE_FAULT : a == Access.STORE ? Cause.STORE_PAGE_FAULT
                    : Cause.FETCH_PAGE_FAULT;
                assertEquals(fault, cause, what);
                assertEquals(va, rig.hart.trapValue(), what + ": tval");
                assertEquals(pteBefore, rig.ram.load64(leaf[k]), what + ": a fault updates no PTE");
                continue;
            }
            assertEquals(ecall, cause, what + ": " + Cause.name(cause));
            switch (a) {
                case LOAD -> assertEquals(0x1000 + k, rig.x(A0), what + ": value");
                case STORE -> {
                    assertEquals((int) (seed << 32 | step), rig.ram.load32(frame[k] + 4), what + ": stored");
                    rig.ram.store32(frame[k] + 4, 0x1000 + k);
                }
                case FETCH -> assertEquals(va, rig.hart.pc(), what + ": the ecall at the target");
            }
            long want = pteBefore | PTE_A | (a == Access.STORE ? PTE_D : 0);
            assertEquals(want, rig.ram.load64(leaf[k]), what + ": A/D");
        }
    }
}
