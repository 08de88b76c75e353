package org.feuerbird.kernel.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;
import org.feuerbird.kernel.api.CapInfo;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.cap.CapTreeModel.Node;
import org.feuerbird.kernel.testing.TestLibOS;

/**
 * Random derivation trees over three LibOSes, built only through {@link Kernel} and
 * {@link Exokernel#give}, and compared with {@link CapTreeModel} after every step: children
 * never exceed parents, refused derivations create nothing, revoke and delete remove exactly
 * the model's nodes in every space, and dead or forged handles name nothing.
 */
class DerivationPropertiesTest {
    private static final int LIBOSES = 3;
    private static final long QUOTA = 40;
    private static final long MAX = Long.MAX_VALUE;
    private static final CapType[] TYPES = CapType.values();

    /** One scripted operation; the ints choose its target and arguments against the current tree. */
    record Step(int kind, int p, int q, int r, int s) {}

    @Provide
    Arbitrary<List<Step>> scripts() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 19), any, any, any, any).as(Step::new);
        // Uniform lengths: jqwik's default favours short lists, which seldom grow a tree worth cutting.
        return step.list().ofMinSize(10).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
    }

    @Property(tries = 200)
    void derivationTreesNeverGainAuthority(@ForAll("scripts") List<Step> script) throws Exception {
        try (World w = new World()) {
            for (int i = 0; i < script.size(); i++) {
                Step s = script.get(i);
                String at = "step " + i + " " + s;
                w.apply(s, at);
                w.checkInvariants(at);
            }
            // The property only means something if the interesting cases happen often enough.
            Statistics.label("revoke removed caps in another LibOS").collect(w.revokedElsewhere)
                .coverage(c -> c.check(true).percentage(p -> p >= 15));
            Statistics.label("delete moved children up").collect(w.deletedWithChildren)
                .coverage(c -> c.check(true).percentage(p -> p >= 25));
            Statistics.label("refused derivations").collect(w.refusedDerivations > 0)
                .coverage(c -> c.check(true).percentage(p -> p >= 50));
        }
    }

    /** Handles are slot + generation: reusing a slot must not revive the handles it had. */
    @Example
    void reusedSlotsDoNotReviveOldHandles() throws Exception {
        try (World w = new World()) {
            Kernel k = w.k[0];
            long top = w.exo.give(k, CapType.MEMORY, 0, 8, Rights.ALL);
            List<Long> deadHandles = new ArrayList<>();
            Set<Long> deadSlots = new HashSet<>();
            boolean reused = false;
            for (int i = 0; i < 50; i++) {
                long h = k.derive(top, CapType.MEMORY, i % 8, i % 8 + 1, Rights.READ);
                reused |= deadSlots.contains(h & 0xffff_ffffL);
                for (long old : deadHandles) {
                    assertNotEquals(old, h, "a fresh capability got a handle that was already used and deleted");
                    w.expect(EnumSet.of(KernelError.INVALID_HANDLE), "stale handle 0x" + Long.toHexString(old), () -> k.query(old));
                }
                k.delete(h);
                deadHandles.add(h);
                deadSlots.add(h & 0xffff_ffffL);
            }
            assertTrue(reused, "50 derive/delete cycles never reused a slot, so this test checked no reuse");
            assertEquals(0, k.query(top).children());
        }
    }

    /** The kernel side of one try: three LibOSes, their holder capabilities, and the model. */
    static final class World implements AutoCloseable {
        final Exokernel exo = Exokernel.boot(MachineSpec.of(4 << 20));
        final Kernel[] k = new Kernel[LIBOSES];
        /** holder[i][j]: the handle in LibOS i's space that names LibOS j as a receiver. */
        final long[][] holder = new long[LIBOSES][LIBOSES];
        /** Handles outside the model (self, timer, holders), per space: forged handles must avoid them. */
        final List<Set<Long>> fixed = new ArrayList<>();
        final long[] used = new long[LIBOSES];
        final CapTreeModel model = new CapTreeModel();
        boolean revokedElsewhere, deletedWithChildren;
        int refusedDerivations;

        World() throws KernelException {
            long[] ids = new long[LIBOSES];
            for (int i = 0; i < LIBOSES; i++) {
                k[i] = exo.createLibOS("L" + i, new TestLibOS(), QUOTA);
                ids[i] = k[i].query(k[i].self()).base();
                fixed.add(new HashSet<>(List.of(k[i].self(), k[i].timer())));
            }
            for (int i = 0; i < LIBOSES; i++) {
                for (int j = 0; j < LIBOSES; j++) {
                    holder[i][j] = i == j ? k[i].self() : exo.give(k[i], CapType.LIBOS, ids[j], ids[j] + 1, Rights.READ);
                    fixed.get(i).add(holder[i][j]);
                }
            }
        }

        @Override
        public void close() { exo.close(); }

        // ---- the steps ----

        void apply(Step s, String at) throws KernelException {
            List<Node> live = model.live();
            int kind = s.kind();
            if (live.isEmpty() && kind >= 3) kind = 0;   // nothing to act on yet: make a root first
            Node n = live.isEmpty() ? null : live.get(s.p() % live.size());
            if ((kind >= 13 && kind <= 16) && s.q() % 2 == 0) {
                // Cutting a leaf is dull: half the deletes and revokes aim at inner nodes.
                List<Node> inner = live.stream().filter(m -> !m.children.isEmpty()).toList();
                if (!inner.isEmpty()) n = inner.get(s.p() % inner.size());
            }
            switch (kind) {   // weighted towards growing trees, so revoke and delete have something to cut
                case 0 -> give(s, at);
                case 1, 2 -> alloc(s, at);
                case 3, 4, 5, 6, 7, 8 -> derive(n, s, at);
                case 9, 10, 11 -> copy(n, s, at);
                case 12 -> move(n, s, at);
                case 13, 14 -> delete(n, s, at);
                case 15, 16 -> revoke(n, at);
                case 17 -> free(n, at);
                default -> probe(n, s, at);
            }
        }

        private void give(Step s, String at) throws KernelException {
            int lib = s.p() % LIBOSES;
            CapType t = TYPES[s.q() % TYPES.length];
            long base = t.isAbstract() ? 0 : s.r() % 64;
            long limit = t.isAbstract() ? MAX : base + 1 + s.s() % 16;
            int rights = s.s() % 2 == 0 ? Rights.ALL : (s.s() >>> 1) & Rights.ALL;
            long h = exo.give(k[lib], t, base, limit, rights);
            model.add(null, lib, h, t, base, limit, rights, false, false, -1);
        }

        private void alloc(Step s, String at) throws KernelException {
            int lib = s.p() % LIBOSES;
            int count = 1 + s.q() % 6;
            long freeBefore = exo.freeFrames();
            if (used[lib] + count > QUOTA) {
                expect(EnumSet.of(KernelError.QUOTA_EXCEEDED), at + ": allocFrames past the quota", () -> k[lib].allocFrames(k[lib].self(), count));
                assertEquals(freeBefore, exo.freeFrames(), at + ": a refused allocation took frames");
                return;
            }
            long h = k[lib].allocFrames(k[lib].self(), count);
            CapInfo info = k[lib].query(h);
            assertEquals(CapType.MEMORY, info.type(), at);
            assertEquals(count, info.limit() - info.base(), at + ": allocated " + info);
            assertEquals(Rights.ALL, info.rights(), at + ": an original carries every right");
            assertEquals(freeBefore - count, exo.freeFrames(), at);
            model.add(null, lib, h, CapType.MEMORY, info.base(), info.limit(), Rights.ALL, true, true, lib);
            used[lib] += count;
        }

        private void derive(Node parent, Step s, String at) throws KernelException {
            int mode = s.q() % 8;
            List<CapType> below = new ArrayList<>(), notBelow = new ArrayList<>();
            for (CapType t : TYPES) {
                if (!t.isAtOrBelow(parent.type)) notBelow.add(t);
                else if (parent.type.isAbstract() || t.space() == parent.type.space()) below.add(t);
            }
            CapType t = below.get(s.r() % below.size());
            if (mode == 5 && !notBelow.isEmpty()) t = notBelow.get(s.r() % notBelow.size());
            long base, limit;
            if (t.isAbstract()) {
                base = 0;
                limit = MAX;
            } else if (parent.type.isAbstract() || t.space() != parent.type.space()) {
                base = s.r() % 64;
                limit = base + 1 + s.s() % 16;
            } else {
                long span = parent.limit - parent.base;
                long off = s.r() % span;
                base = parent.base + off;
                limit = base + 1 + s.s() % (span - off);
            }
            int rights = parent.rights & subset(s.s());
            if (mode == 6) rights |= extraRight(parent.rights, s.s());
            if (mode == 7) {
                long[] bad = badRange(t, parent, base, limit, s.s());
                base = bad[0];
                limit = bad[1];
            }
            Set<KernelError> expected = CapTreeModel.expectDerive(parent, t, base, limit, rights);
            String what = at + ": derive " + t + "[" + base + "," + limit + ") " + Rights.describe(rights) + " from " + parent;
            final CapType type = t;
            final long b = base, l = limit;
            final int r = rights;
            if (!expected.isEmpty()) {
                refusedDerivations++;
                expect(expected, what, () -> k[parent.libos].derive(parent.handle, type, b, l, r));
                return;   // the invariants check then that the tree did not grow
            }
            long h = ok(what, () -> k[parent.libos].derive(parent.handle, type, b, l, r));
            model.add(parent, parent.libos, h, t, base, limit, rights, false, parent.ram && t == CapType.MEMORY, -1);
        }

        /**
         * A mask choosing a subset of rights: often all of them, and GRANT and REVOKE more often
         * than the rest, so that trees spread over LibOSes and can still be revoked.
         */
        private static int subset(int pick) {
            if (pick % 3 == 0) return Rights.ALL;
            int mask = pick | pick >>> 10;
            return pick % 3 == 1 ? mask | Rights.GRANT | Rights.REVOKE : mask;
        }

        /** A right the parent lacks (bits past {@link Rights#ALL} too, which nobody holds). */
        private static int extraRight(int parentRights, int pick) {
            List<Integer> missing = new ArrayList<>();
            for (int bit = 0; bit < 12; bit++) if ((parentRights & 1 << bit) == 0) missing.add(1 << bit);
            return missing.get(Math.floorMod(pick, missing.size()));
        }

        /** A range that is malformed, or reaches past the parent's. */
        private static long[] badRange(CapType t, Node parent, long base, long limit, int pick) {
            if (t.isAbstract()) return new long[] {pick % 2 == 0 ? 1 : 0, pick % 2 == 0 ? MAX : MAX - 1};
            return switch (pick % 5) {
                case 0 -> new long[] {base, (parent.type.isAbstract() ? limit : parent.limit) + 1 + pick % 3};
                case 1 -> new long[] {parent.type.isAbstract() ? base : parent.base - 1, limit};
                case 2 -> new long[] {base, base};
                case 3 -> new long[] {limit, base};
                default -> new long[] {-1 - pick % 5, limit};
            };
        }

        private void copy(Node n, Step s, String at) throws KernelException {
            int to = s.q() % LIBOSES;
            int rights = s.r() % 5 == 0 ? n.rights | extraRight(n.rights, s.s()) : n.rights & subset(s.s());
            Set<KernelError> expected = EnumSet.noneOf(KernelError.class);
            if (to != n.libos && !Rights.has(n.rights, Rights.GRANT)) expected.add(KernelError.MISSING_RIGHTS);
            if ((rights & ~n.rights) != 0) expected.add(KernelError.EXCEEDS_PARENT);
            String what = at + ": copy " + n + " to LibOS " + to + " with " + Rights.describe(rights);
            if (!expected.isEmpty()) {
                expect(expected, what, () -> k[n.libos].copy(n.handle, holder[n.libos][to], rights));
                return;
            }
            long h = ok(what, () -> k[n.libos].copy(n.handle, holder[n.libos][to], rights));
            model.add(n, to, h, n.type, n.base, n.limit, rights, false, n.ram, -1);
        }

        private void move(Node n, Step s, String at) throws KernelException {
            int to = s.q() % LIBOSES;
            String what = at + ": move " + n + " to LibOS " + to;
            if (to != n.libos && !Rights.has(n.rights, Rights.GRANT)) {
                expect(EnumSet.of(KernelError.MISSING_RIGHTS), what, () -> k[n.libos].move(n.handle, holder[n.libos][to]));
                return;
            }
            long h = ok(what, () -> k[n.libos].move(n.handle, holder[n.libos][to]));
            if (to == n.libos) assertEquals(n.handle, h, what + ": a move within one space keeps the handle");
            model.moved(n, to, h);
        }

        private void delete(Node n, Step s, String at) throws KernelException {
            Node parent = n.parent;
            List<Node> children = new ArrayList<>(n.children);
            String what = at + ": delete " + n;
            ok(what, () -> { k[n.libos].delete(n.handle); return null; });
            List<Node> gone = model.delete(n);
            if (n.original) used[n.charged] -= n.frames();
            assertGone(gone, what);
            if (!n.original && !children.isEmpty()) {
                deletedWithChildren = true;
                for (Node c : children) {
                    CapInfo info = ok(what + ": child " + c + " must survive its parent's deletion", () -> k[c.libos].query(c.handle));
                    assertEquals(c.rights, info.rights(), what);
                }
                // The children moved up: whoever could revoke the deleted node still can.
                if (parent != null && Rights.has(parent.rights, Rights.REVOKE) && s.r() % 2 == 0) {
                    revoke(parent, what + ", then revoke its parent");
                    for (Node c : children) assertTrue(!c.alive, what + ": revoking the parent must take " + c);
                }
            }
        }

        private void revoke(Node n, String at) throws KernelException {
            String what = at + ": revoke " + n;
            if (!Rights.has(n.rights, Rights.REVOKE)) {
                expect(EnumSet.of(KernelError.MISSING_RIGHTS), what, () -> { k[n.libos].revoke(n.handle); return null; });
                return;
            }
            ok(what, () -> { k[n.libos].revoke(n.handle); return null; });
            List<Node> gone = model.revoke(n);
            for (Node g : gone) revokedElsewhere |= g.libos != n.libos;
            assertGone(gone, what);
            CapInfo self = ok(what + ": the revoked capability itself survives", () -> k[n.libos].query(n.handle));
            assertEquals(0, self.children(), what + ": descendants left after revoke");
        }

        private void free(Node n, String at) throws KernelException {
            String what = at + ": freeFrames " + n;
            if (n.type != CapType.MEMORY) {
                expect(EnumSet.of(KernelError.WRONG_TYPE), what, () -> { k[n.libos].freeFrames(n.handle); return null; });
            } else if (!n.original) {
                expect(EnumSet.of(KernelError.WRONG_STATE), what, () -> { k[n.libos].freeFrames(n.handle); return null; });
            } else {
                long freeBefore = exo.freeFrames();
                ok(what, () -> { k[n.libos].freeFrames(n.handle); return null; });
                assertGone(model.delete(n), what);
                used[n.charged] -= n.frames();
                assertEquals(freeBefore + n.frames(), exo.freeFrames(), what + ": frames not returned");
            }
        }

        /** Wrong types, missing rights and forged handles are refused with the right error. */
        private void probe(Node n, Step s, String at) throws KernelException {
            Kernel kk = k[n.libos];
            String what = at + ": probe " + n;
            CapType other = TYPES[(n.type.ordinal() + 1 + s.q() % (TYPES.length - 1)) % TYPES.length];
            expect(EnumSet.of(KernelError.WRONG_TYPE), what + " checked as " + other, () -> { kk.check(n.handle, other, 0); return null; });
            ok(what + " checked with its own type and rights", () -> { kk.check(n.handle, n.type, n.rights); return null; });
            if (n.type != CapType.MEMORY) {
                expect(EnumSet.of(KernelError.WRONG_TYPE), what + " read as frames", () -> kk.readLong(n.handle, 0));
            } else if (!Rights.has(n.rights, Rights.READ)) {
                expect(EnumSet.of(KernelError.MISSING_RIGHTS), what + " read without READ", () -> kk.readLong(n.handle, 0));
            } else if (n.ram) {
                assertEquals(0L, ok(what + " read", () -> kk.readLong(n.handle, 0)), what + ": fresh frames are zero");
            }
            if (n.type != CapType.LIBOS) {
                expect(EnumSet.of(KernelError.WRONG_TYPE), what + " used to allocate", () -> kk.allocFrames(n.handle, 1));
            }
            if (n.rights != Rights.ALL) {
                int missing = extraRight(n.rights | ~Rights.ALL, s.r());
                expect(EnumSet.of(KernelError.MISSING_RIGHTS), what + " checked for " + Rights.describe(missing),
                    () -> { kk.check(n.handle, n.type, missing); return null; });
            }
            if (!Rights.has(n.rights, Rights.GRANT)) {
                int to = (n.libos + 1) % LIBOSES;
                expect(EnumSet.of(KernelError.MISSING_RIGHTS), what + " given away without GRANT", () -> kk.copy(n.handle, holder[n.libos][to], 0));
            }
            for (long forged : forgeries(n, s)) {
                if (isLive(n.libos, forged)) continue;   // a guess that happens to name a real capability of this space
                String f = what + ": forged handle 0x" + Long.toHexString(forged);
                expect(EnumSet.of(KernelError.INVALID_HANDLE), f, () -> kk.query(forged));
                expect(EnumSet.of(KernelError.INVALID_HANDLE), f, () -> { kk.check(forged, n.type, 0); return null; });
                expect(EnumSet.of(KernelError.INVALID_HANDLE), f, () -> { kk.revoke(forged); return null; });
            }
        }

        /** Guesses at handles: random bits, the right slot with another generation, far slots, negatives. */
        private static long[] forgeries(Node n, Step s) {
            long slot = n.handle & 0xffff_ffffL, gen = n.handle >>> 32;
            return new long[] {
                (long) s.q() << 32 | s.r(),
                (gen + 1 + s.s() % 5) << 32 | slot,
                (gen == 0 ? 1 : gen - 1) << 32 | slot,
                slot,
                1L << 32 | (1 << 20) + s.r() % 1000,
                -1L - s.q(),
                Long.MIN_VALUE | n.handle,
                Kernel.NONE,
            };
        }

        private boolean isLive(int lib, long handle) {
            if (fixed.get(lib).contains(handle)) return true;
            for (Node m : model.nodes) if (m.alive && m.libos == lib && m.handle == handle) return true;
            return false;
        }

        // ---- what must hold after every step ----

        void checkInvariants(String at) throws KernelException {
            List<Node> live = model.live();
            List<CapInfo> infos = new ArrayList<>();
            for (Node n : live) {
                CapInfo info = ok(at + ": live " + n, () -> k[n.libos].query(n.handle));
                infos.add(info);
                assertEquals(n.type, info.type(), at + ": type of " + n);
                assertEquals(n.base, info.base(), at + ": base of " + n);
                assertEquals(n.limit, info.limit(), at + ": limit of " + n);
                assertEquals(n.rights, info.rights(), at + ": rights of " + n);
                assertEquals(CapTreeModel.descendants(n).size(), info.children(), at + ": descendants of " + n);
            }
            for (int i = 0; i < live.size(); i++) {
                Node n = live.get(i);
                if (n.parent == null) continue;
                CapInfo c = infos.get(i), p = infos.get(live.indexOf(n.parent));
                String rel = at + ": " + c + " below " + p;
                assertTrue(c.type().isAtOrBelow(p.type()), rel + ": type above its parent's");
                assertEquals(0, c.rights() & ~p.rights(), rel + ": rights beyond its parent's");
                if (!p.type().isAbstract()) {
                    assertTrue(c.base() >= p.base() && c.limit() <= p.limit(), rel + ": range outside its parent's");
                }
            }
            for (CapTreeModel.DeadHandle d : model.dead) {
                expect(EnumSet.of(KernelError.INVALID_HANDLE), at + ": dead handle 0x" + Long.toHexString(d.handle()) + " (" + d.what() + ")",
                    () -> k[d.libos()].query(d.handle()));
            }
            for (int i = 0; i < LIBOSES; i++) {
                assertEquals(used[i], k[i].memoryUsage(k[i].self())[0], at + ": frames charged to LibOS " + i);
            }
            List<Node> originals = live.stream().filter(n -> n.original).toList();
            for (Node a : originals) {
                for (Node b : originals) {
                    if (a != b) assertTrue(a.limit <= b.base || b.limit <= a.base, at + ": two live allocations share frames: " + a + ", " + b);
                }
            }
        }

        private void assertGone(List<Node> gone, String what) {
            for (Node g : gone) {
                expect(EnumSet.of(KernelError.INVALID_HANDLE), what + ": " + g + " must be gone", () -> k[g.libos].query(g.handle));
            }
        }

        // ---- expecting results ----

        interface Call<T> {
            T call() throws KernelException;
        }

        <T> T ok(String what, Call<T> c) {
            try {
                return c.call();
            } catch (KernelException e) {
                return fail(what + ": expected success, got " + e.getMessage());
            }
        }

        void expect(Set<KernelError> allowed, String what, Call<?> c) {
            try {
                Object result = c.call();
                fail(what + ": expected " + allowed + ", but it succeeded" + (result == null ? "" : " with " + result));
            } catch (KernelException e) {
                assertTrue(allowed.contains(e.error()), what + ": expected " + allowed + ", got " + e.getMessage());
            }
        }
    }
}
