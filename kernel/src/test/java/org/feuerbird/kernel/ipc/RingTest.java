package org.feuerbird.kernel.ipc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.api.Ring;
import org.feuerbird.kernel.testing.Await;
import org.feuerbird.kernel.testing.TestLibOS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Lock-free rings in shared frames: FIFO semantics, geometry checks, sharing between two
 * LibOSes, concurrent producers and consumers, and revocation of the frames under them.
 */
class RingTest {
    private static final long JOIN_MILLIS = 60_000;   // generous: only turns a hang into a failure

    private Exokernel exo;
    private Kernel a, b;

    @BeforeEach
    void boot() throws Exception {
        exo = Exokernel.boot(MachineSpec.of(16 << 20));
        a = exo.createLibOS("a", new TestLibOS(), 256);
        b = exo.createLibOS("b", new TestLibOS(), 256);
    }

    @AfterEach
    void close() { exo.close(); }

    private static KernelError error(Executable call) {
        return assertThrows(KernelException.class, call).error();
    }

    /** A's handle of a LIBOS capability naming B: what A needs to give B a capability. */
    private long bNamedInA() throws KernelException {
        long id = b.query(b.self()).base();
        return exo.give(a, CapType.LIBOS, id, id + 1, Rights.READ);
    }

    private static byte[] message(long seq, int len) {
        byte[] m = new byte[len];
        for (int i = 0; i < len; i++) m[i] = (byte) (seq * 31 + i);
        return m;
    }

    // ---- one thread ----

    @Test
    void messagesComeOutInTheOrderTheyWentIn() throws Exception {
        Ring r = a.ring(a.allocFrames(a.self(), 1), 16, false, true);
        int cap = r.capacity();
        assertTrue(cap >= 2);
        byte[] dst = new byte[16];
        // Several laps, with the ring half full, so indices wrap around many times.
        long next = 0, expected = 0;
        for (int round = 0; round < 10 * cap; round++) {
            while (r.size() < cap / 2) {
                int len = (int) (next % 17);
                assertTrue(r.offer(message(next, len), 0, len));
                next++;
            }
            int n = r.poll(dst, 0);
            assertEquals(expected % 17, n, "length of message " + expected);
            assertArrayEquals(message(expected, n), Arrays.copyOf(dst, n), "message " + expected);
            expected++;
        }
    }

    @Test
    void aFullRingRefusesAndAnEmptyRingSaysSo() throws Exception {
        Ring r = a.ring(a.allocFrames(a.self(), 1), 8, false, true);
        byte[] dst = new byte[8];
        assertEquals(-1, r.poll(dst, 0), "a fresh ring is empty");
        assertEquals(0, r.size());
        for (int i = 0; i < r.capacity(); i++) assertTrue(r.offer(message(i, 8), 0, 8), "slot " + i + " of " + r.capacity());
        assertEquals(r.capacity(), r.size());
        assertFalse(r.offer(message(-1, 8), 0, 8), "the ring is full");
        assertEquals(r.capacity(), r.size(), "a refused message takes no slot");
        assertEquals(8, r.poll(dst, 0));
        assertArrayEquals(message(0, 8), dst, "the oldest message is the first out");
        assertTrue(r.offer(message(999, 8), 0, 8), "one slot is free again");
        for (int i = 1; i < r.capacity(); i++) {
            assertEquals(8, r.poll(dst, 0));
            assertArrayEquals(message(i, 8), dst);
        }
        assertEquals(8, r.poll(dst, 0));
        assertArrayEquals(message(999, 8), dst, "the message offered after the refusal comes last");
        assertEquals(-1, r.poll(dst, 0));
        assertEquals(0, r.size());
    }

    @Test
    void everyLengthFromZeroToTheSlotSizeIsCarried() throws Exception {
        int slot = 40;
        Ring r = a.ring(a.allocFrames(a.self(), 1), slot, false, true);
        byte[] dst = new byte[slot + 10];
        for (int len = 0; len <= slot; len++) {
            byte[] src = new byte[len + 3];
            byte[] m = message(len, len);
            System.arraycopy(m, 0, src, 3, len);
            assertTrue(r.offer(src, 3, len), "length " + len);
            Arrays.fill(dst, (byte) 0x55);
            assertEquals(len, r.poll(dst, 5), "length " + len);
            assertArrayEquals(m, Arrays.copyOfRange(dst, 5, 5 + len), "payload of length " + len);
            assertEquals(0x55, dst[5 + len] & 0xff, "nothing written past the message");
        }
    }

    @Test
    void aMessageLongerThanASlotIsRejected() throws Exception {
        Ring r = a.ring(a.allocFrames(a.self(), 1), 16, false, true);
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> r.offer(new byte[17], 0, 17)));
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> r.offer(new byte[16], 0, -1)));
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> r.offer(new byte[16], 8, 9)), "source range past the array");
        assertEquals(0, r.size(), "a rejected message takes no slot");
        assertEquals(-1, r.poll(new byte[16], 0));
    }

    @Test
    void aMessageThatDoesNotFitTheDestinationStaysInTheRing() throws Exception {
        Ring r = a.ring(a.allocFrames(a.self(), 1), 16, false, true);
        assertTrue(r.offer(message(7, 12), 0, 12));
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> r.poll(new byte[11], 0)));
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> r.poll(new byte[16], 5)));
        assertEquals(1, r.size());
        byte[] dst = new byte[12];
        assertEquals(12, r.poll(dst, 0));
        assertArrayEquals(message(7, 12), dst);
    }

    @Test
    void badGeometryIsRejected() throws Exception {
        long frames = a.allocFrames(a.self(), 1);
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> a.ring(frames, 0, false, true)));
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> a.ring(frames, -8, false, true)));
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> a.ring(frames, 3000, false, true)), "one frame holds no two slots of 3000 bytes");
    }

    @Test
    void aRingOverFramesThatAreNotRamIsRefusedWithAKernelError() throws Exception {
        // Boot code may hand out device registers as a MEMORY capability (a user-level driver
        // maps them); a ring there must fail as a kernel call fails, not with a Java exception.
        long uart = exo.give(a, CapType.MEMORY, 0x1000_0000L >>> 12, (0x1000_0000L >>> 12) + 1, Rights.ALL);
        assertThrows(KernelException.class, () -> a.ring(uart, 16, false, true));
        assertThrows(KernelException.class, () -> a.ring(uart, 16, false, false));
    }

    // ---- attaching ----

    @Test
    void attachingSeesTheSameRing() throws Exception {
        long frames = a.allocFrames(a.self(), 1);
        Ring first = a.ring(frames, 16, false, true);
        assertTrue(first.offer("hello".getBytes(), 0, 5));
        Ring second = a.ring(frames, 16, false, false);
        assertEquals(first.capacity(), second.capacity());
        assertEquals(1, second.size(), "attaching keeps what is in the ring");
        byte[] dst = new byte[16];
        assertEquals(5, second.poll(dst, 0));
        assertEquals("hello", new String(dst, 0, 5));
        assertEquals(-1, first.poll(dst, 0), "one ring: what one object took the other no longer sees");
        assertTrue(second.offer("back".getBytes(), 0, 4));
        assertEquals(4, first.poll(dst, 0));
        assertEquals("back", new String(dst, 0, 4));
    }

    @Test
    void attachingWithOtherGeometryFails() throws Exception {
        long frames = a.allocFrames(a.self(), 2);
        a.ring(frames, 16, false, true);
        assertEquals(KernelError.WRONG_STATE, error(() -> a.ring(frames, 32, false, false)), "other slot size");
        assertEquals(KernelError.WRONG_STATE, error(() -> a.ring(frames, 8, false, false)), "other slot size");
        // Same slot size over fewer frames: another capacity.
        long half = a.derive(frames, CapType.MEMORY, a.query(frames).base(), a.query(frames).base() + 1, Rights.ALL);
        assertEquals(KernelError.WRONG_STATE, error(() -> a.ring(half, 16, false, false)), "other capacity");
    }

    @Test
    void attachingToFramesWithoutARingFails() throws Exception {
        long frames = a.allocFrames(a.self(), 1);
        assertEquals(KernelError.WRONG_STATE, error(() -> a.ring(frames, 16, false, false)));
    }

    @Test
    void aRingNeedsReadAndWriteOnTheFrames() throws Exception {
        long frames = a.allocFrames(a.self(), 1);
        a.ring(frames, 16, false, true);
        long base = a.query(frames).base();
        long readOnly = a.derive(frames, CapType.MEMORY, base, base + 1, Rights.READ);
        assertEquals(KernelError.MISSING_RIGHTS, error(() -> a.ring(readOnly, 16, false, false)));
        long notMemory = a.self();
        assertEquals(KernelError.WRONG_TYPE, error(() -> a.ring(notMemory, 16, false, false)));
    }

    // ---- two LibOSes ----

    @Test
    void twoLibOSesShareARingOverCopiedFrames() throws Exception {
        long frames = a.allocFrames(a.self(), 1);
        long inB = a.copy(frames, bNamedInA(), Rights.READ | Rights.WRITE);
        Ring ra = a.ring(frames, 24, false, true);
        Ring rb = b.ring(inB, 24, false, false);
        byte[] dst = new byte[24];
        for (int i = 0; i < 3 * ra.capacity(); i++) {
            assertTrue(ra.offer(message(i, 24), 0, 24));
            assertEquals(24, rb.poll(dst, 0));
            assertArrayEquals(message(i, 24), dst, "message " + i);
        }
        assertTrue(rb.offer("reply".getBytes(), 0, 5), "the other direction works as well");
        assertEquals(5, ra.poll(dst, 0));
        assertEquals("reply", new String(dst, 0, 5));
    }

    @Test
    void aReadOnlyCopyCannotMakeARing() throws Exception {
        long frames = a.allocFrames(a.self(), 1);
        a.ring(frames, 16, false, true);
        long inB = a.copy(frames, bNamedInA(), Rights.READ);
        assertEquals(KernelError.MISSING_RIGHTS, error(() -> b.ring(inB, 16, false, false)));
    }

    // ---- concurrency ----

    /** Runs the tasks on their own threads; rethrows the first failure of any of them. */
    private static void runAll(List<ThrowingRunnable> tasks) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (ThrowingRunnable t : tasks) {
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                try {
                    t.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(JOIN_MILLIS);
            assertFalse(t.isAlive(), "a ring thread is stuck; first failure: " + failure.get());
        }
        if (failure.get() instanceof Error e) throw e;
        if (failure.get() instanceof Exception e) throw e;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void oneProducerAndOneConsumerOnTwoThreadsLoseNothing() throws Exception {
        int count = 200_000;
        long frames = a.allocFrames(a.self(), 1);
        long inB = a.copy(frames, bNamedInA(), Rights.READ | Rights.WRITE);
        Ring producer = a.ring(frames, 16, false, true);
        Ring consumer = b.ring(inB, 16, false, false);
        runAll(List.of(() -> {
            ByteBuffer m = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (long seq = 0; seq < count; seq++) {
                int len = 8 + (int) (seq % 9);
                m.putLong(0, seq);
                for (int i = 8; i < len; i++) m.put(i, (byte) (seq ^ i));
                while (!producer.offer(m.array(), 0, len)) Thread.onSpinWait();
            }
        }, () -> {
            ByteBuffer m = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (long expected = 0; expected < count; expected++) {
                int len;
                while ((len = consumer.poll(m.array(), 0)) < 0) Thread.onSpinWait();
                long seq = m.getLong(0);
                if (seq != expected) fail("expected message " + expected + ", got " + seq);
                if (len != 8 + (int) (seq % 9)) fail("message " + seq + " has length " + len);
                for (int i = 8; i < len; i++) if (m.get(i) != (byte) (seq ^ i)) fail("payload of message " + seq + " torn at byte " + i);
            }
        }));
        assertEquals(0, consumer.size());
        assertEquals(-1, consumer.poll(new byte[16], 0), "nothing beyond what was sent");
    }

    @Test
    void fourProducersDeliverEveryMessageOnceAndInTheirOrder() throws Exception {
        int producers = 4, each = 50_000;
        long frames = a.allocFrames(a.self(), 1);
        Ring consumer = a.ring(frames, 16, true, true);
        long inB = a.copy(frames, bNamedInA(), Rights.READ | Rights.WRITE);
        List<ThrowingRunnable> tasks = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            // Two producers in A, two in B, each with its own ring object over the same frames.
            Ring ring = id % 2 == 0 ? a.ring(frames, 16, true, false) : b.ring(inB, 16, true, false);
            tasks.add(() -> {
                ByteBuffer m = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
                for (long seq = 0; seq < each; seq++) {
                    m.putInt(0, id).putLong(4, seq);
                    while (!ring.offer(m.array(), 0, 12)) Thread.onSpinWait();
                }
            });
        }
        long[] next = new long[producers];
        tasks.add(() -> {
            ByteBuffer m = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (long got = 0; got < (long) producers * each; got++) {
                int len;
                while ((len = consumer.poll(m.array(), 0)) < 0) Thread.onSpinWait();
                assertEquals(12, len);
                int id = m.getInt(0);
                long seq = m.getLong(4);
                if (id < 0 || id >= producers) fail("message from no producer: " + id);
                if (seq != next[id]) fail("producer " + id + ": expected " + next[id] + ", got " + seq);
                next[id]++;
            }
        });
        runAll(tasks);
        for (int p = 0; p < producers; p++) assertEquals(each, next[p], "messages of producer " + p);
        assertEquals(-1, consumer.poll(new byte[16], 0), "no message twice");
    }

    // ---- revocation ----

    private static void assertRevoked(Ring r) {
        assertEquals(KernelError.INVALID_HANDLE, error(() -> r.offer(new byte[1], 0, 1)));
        assertEquals(KernelError.INVALID_HANDLE, error(() -> r.poll(new byte[r.slotBytes()], 0)));
        assertEquals(KernelError.INVALID_HANDLE, error(r::size));
    }

    @Test
    void revokingTheCopyClosesTheOtherLibOSsRingOnly() throws Exception {
        long frames = a.allocFrames(a.self(), 1);
        long inB = a.copy(frames, bNamedInA(), Rights.READ | Rights.WRITE);
        Ring ra = a.ring(frames, 16, false, true);
        Ring rb = b.ring(inB, 16, false, false);
        assertTrue(ra.offer(new byte[3], 0, 3));
        a.revoke(frames);
        assertEquals(KernelError.INVALID_HANDLE, error(() -> b.query(inB)));
        assertRevoked(rb);
        assertEquals(1, ra.size(), "A's own capability was not revoked, so its ring goes on");
        assertEquals(3, ra.poll(new byte[16], 0));
    }

    @Test
    void deletingTheOtherLibOSsCopyClosesItsRing() throws Exception {
        long frames = a.allocFrames(a.self(), 1);
        long inB = a.copy(frames, bNamedInA(), Rights.READ | Rights.WRITE);
        Ring ra = a.ring(frames, 16, false, true);
        Ring rb = b.ring(inB, 16, false, false);
        b.delete(inB);
        assertRevoked(rb);
        assertTrue(ra.offer(new byte[3], 0, 3));
    }

    @Test
    void freeingTheFramesClosesEveryRingOverThem() throws Exception {
        long frames = a.allocFrames(a.self(), 1);
        long inB = a.copy(frames, bNamedInA(), Rights.READ | Rights.WRITE);
        Ring ra = a.ring(frames, 16, false, true);
        Ring rb = b.ring(inB, 16, false, false);
        assertTrue(ra.offer(new byte[3], 0, 3));
        a.freeFrames(frames);
        assertRevoked(ra);
        assertRevoked(rb);
        assertEquals(KernelError.INVALID_HANDLE, error(() -> a.ring(frames, 16, false, false)));
        assertEquals(KernelError.INVALID_HANDLE, error(() -> b.ring(inB, 16, false, false)));
    }

    @Test
    void aClosedRingNeverTouchesTheFramesOfTheirNextOwner() throws Exception {
        long frames = a.allocFrames(a.self(), 1);
        long physical = a.query(frames).base();
        Ring ra = a.ring(frames, 16, false, true);
        a.freeFrames(frames);
        // The allocator may hand the same frame to B; if so, A's stale ring must not reach it.
        long fresh = b.allocFrames(b.self(), 1);
        byte[] pattern = message(42, 4096);
        b.write(fresh, 0, pattern, 0, pattern.length);
        assertRevoked(ra);
        byte[] now = new byte[4096];
        b.read(fresh, 0, now, 0, now.length);
        assertArrayEquals(pattern, now, "B's frame " + Long.toHexString(b.query(fresh).base())
            + " (A's was " + Long.toHexString(physical) + ") is untouched");
    }

    @Test
    void revocationStopsThreadsThatAreUsingTheRing() throws Exception {
        long frames = a.allocFrames(a.self(), 1);
        long inB = a.copy(frames, bNamedInA(), Rights.READ | Rights.WRITE);
        Ring producer = a.ring(frames, 16, false, true);
        Ring consumer = b.ring(inB, 16, false, false);
        AtomicReference<Object> producerEnd = new AtomicReference<>(), consumerEnd = new AtomicReference<>();
        Thread p = Thread.ofPlatform().daemon().start(() -> producerEnd.set(untilFailure(() -> producer.offer(new byte[16], 0, 16))));
        Thread c = Thread.ofPlatform().daemon().start(() -> consumerEnd.set(untilFailure(() -> consumer.poll(new byte[16], 0))));
        // Both sides must have worked before the frames go.
        Await.until(() -> {
            try {
                return consumer.size() > 0 || producer.size() > 0;
            } catch (KernelException e) {
                return true;
            }
        }, () -> "ring traffic");
        a.freeFrames(frames);
        p.join(JOIN_MILLIS);
        c.join(JOIN_MILLIS);
        assertFalse(p.isAlive() || c.isAlive(), "a thread kept using a revoked ring");
        assertEquals(KernelError.INVALID_HANDLE, producerEnd.get(), "how the producer's loop ended");
        assertEquals(KernelError.INVALID_HANDLE, consumerEnd.get(), "how the consumer's loop ended");
    }

    @FunctionalInterface
    private interface RingOp {
        void run() throws KernelException;
    }

    /** Repeats a ring operation until it fails; returns the kernel error, or what else was thrown. */
    private static Object untilFailure(RingOp op) {
        try {
            for (;;) op.run();
        } catch (KernelException e) {
            return e.error();
        } catch (Throwable t) {
            return t;
        }
    }
}
