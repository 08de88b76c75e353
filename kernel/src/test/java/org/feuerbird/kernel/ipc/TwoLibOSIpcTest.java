package org.feuerbird.kernel.ipc;

import static org.feuerbird.kernel.testing.GuestCode.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.function.BooleanSupplier;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.testing.Guest;
import org.feuerbird.kernel.testing.GuestCode;
import org.feuerbird.kernel.testing.TestLibOS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two LibOSes, each with its own domain, talk by protected control transfer and by granted
 * pages; neither can reach what the other did not give it.
 */
class TwoLibOSIpcTest {
    static final int SYS_WAIT = 1, SYS_CALL = 2;
    static final long WINDOW = 0x30000;

    private Exokernel exo;
    private TestLibOS server, client;
    private Kernel ks, kc;
    private long endpoint, clientEndpoint;

    @BeforeEach
    void boot() throws Exception {
        exo = Exokernel.boot(MachineSpec.of(16 << 20));
        server = new TestLibOS();
        client = new TestLibOS();
        ks = server.kernel = exo.createLibOS("server", server, 512);
        kc = client.kernel = exo.createLibOS("client", client, 512);
        // Slices alternate between the two; the scheduler capability lets the server LibOS set them.
        long scheduler = exo.give(ks, CapType.SCHEDULER, 0, ks.sliceCount(), Rights.ALL);
        long clientName = exo.give(ks, CapType.LIBOS, kc.query(kc.self()).base(), kc.query(kc.self()).base() + 1, Rights.GRANT);
        for (int s = 0; s < ks.sliceCount(); s++) ks.setSliceOwner(scheduler, s, s % 2 == 0 ? ks.self() : clientName);
        endpoint = ks.createEndpoint(ks.self());
        clientEndpoint = ks.copy(endpoint, clientName, Rights.SEND | Rights.GRANT);
    }

    @AfterEach
    void close() { exo.close(); }

    private void runUntil(BooleanSupplier done) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        exo.runHart(0, () -> done.getAsBoolean() || System.nanoTime() > deadline);
        assertTrue(done.getAsBoolean(), "timed out; server traps " + server.traps.size() + " client traps " + client.traps.size()
            + " events " + server.events + client.events + " reports " + exo.reports());
    }

    /** The server loop: wait (replying with a0 after the first round), then compute. */
    private Guest serverDomain(GuestCode compute) throws KernelException {
        GuestCode c = new GuestCode();
        int loop = c.here();
        c.li(A7, SYS_WAIT).ecall();
        c.addi(S1, A7, 0);               // a7 now holds the handle of a granted capability (0: none)
        GuestCode body = c;
        byte[] extra = compute.bytes();
        for (int i = 0; i < extra.length; i += 4) {
            body.word((extra[i] & 0xff) | (extra[i + 1] & 0xff) << 8 | (extra[i + 2] & 0xff) << 16 | (extra[i + 3] & 0xff) << 24);
        }
        body.j(loop);
        Guest g = Guest.load(ks, body);
        server.ready.add(g.domain);
        server.onSyscall = cpu -> {
            if (cpu.x(A7) != SYS_WAIT) return false;
            cpu.setPc(cpu.pc() + 4);
            server.events.add("grant " + cpu.x(S1));
            cpu.replyWait(endpoint, 1, WINDOW);
            return true;
        };
        return g;
    }

    @Test
    void callsCarryMessageRegistersBothWaysInEitherLibOSSlice() throws Exception {
        serverDomain(new GuestCode().add(A0, A0, A1));
        int n = 200;
        GuestCode c = new GuestCode();
        c.li(S0, 0).li(S1, n).li(S2(), 0);
        int loop = c.here();
        c.addi(A0, S0, 0).li(A1, 1000).li(A7, SYS_CALL).ecall();
        c.add(S2(), S2(), A0).addi(S0, S0, 1).bne(S0, S1, loop);
        c.addi(A0, S2(), 0).li(A7, TestLibOS.SYS_EXIT).ecall();
        Guest cl = Guest.load(kc, c);
        client.ready.add(cl.domain);
        client.onSyscall = cpu -> {
            if (cpu.x(A7) != SYS_CALL) return false;
            cpu.setPc(cpu.pc() + 4);
            cpu.call(clientEndpoint, 2, Kernel.NONE);
            return true;
        };
        runUntil(() -> !client.exits.isEmpty());
        long expected = 0;
        for (int i = 0; i < n; i++) expected += i + 1000;
        assertEquals(expected, client.exits.get(0), "every reply carried a0 + a1 of its call");
        assertTrue(server.traps.size() >= n, "each round trip passed through the server's LibOS");
        assertTrue(exo.reports().isEmpty(), exo.reports().toString());
    }

    private static int S2() { return 18; }

    @Test
    void aGrantedPageIsMappedAtTheReceiveWindowWithoutCopying() throws Exception {
        GuestCode compute = new GuestCode();
        compute.lui(T0, (int) (WINDOW >>> 12)).ld(A0, T0, 0).li(T1, 99).sd(T1, T0, 8);
        serverDomain(compute);
        long frame = kc.allocFrames(kc.self(), 1);
        kc.writeLong(frame, 0, 0xfeedfaceL);
        GuestCode c = new GuestCode();
        c.li(A7, SYS_CALL).ecall();
        c.li(A7, TestLibOS.SYS_EXIT).ecall();
        Guest cl = Guest.load(kc, c);
        client.ready.add(cl.domain);
        client.onSyscall = cpu -> {
            if (cpu.x(A7) != SYS_CALL) return false;
            cpu.setPc(cpu.pc() + 4);
            cpu.call(clientEndpoint, 0, frame);
            return true;
        };
        runUntil(() -> !client.exits.isEmpty());
        assertEquals(0xfeedfaceL, client.exits.get(0), "the server read the client's frame at its window");
        assertEquals(99, kc.readLong(frame, 8), "and its store landed in the very same frame: no copy");
        String grant = server.events.stream().filter(e -> e.startsWith("grant ") && !e.equals("grant 0")).findFirst().orElseThrow();
        long handle = Long.parseLong(grant.substring("grant ".length()));
        assertEquals(CapType.MEMORY, ks.query(handle).type(), "the server LibOS holds the granted frame");
        // The client still controls it: revoking takes the page from the server's domain.
        kc.revoke(frame);
        KernelException stale = assertThrows(KernelException.class, () -> ks.query(handle));
        assertEquals(KernelError.INVALID_HANDLE, stale.error());
        byte[] buf = new byte[8];
        assertEquals(0, ks.copyIn(server.ready.get(0), WINDOW, buf, 0, 8), "no binding is left at the window");
    }

    @Test
    void neitherLibOSReachesTheOthersResources() throws Exception {
        Guest srv = serverDomain(new GuestCode());
        Guest cl = Guest.load(kc, new GuestCode().li(A7, TestLibOS.SYS_EXIT).ecall());
        // Handles are per space: a server handle's value means nothing (or one of the client's
        // own capabilities) in the client's space, so the server's secret stays out of reach.
        long secret = ks.allocFrames(ks.self(), 1);
        ks.writeLong(secret, 0, 0x5ec7e7L);
        for (long h = 1; h <= 16; h++) {
            long handle = 1L << 32 | h;
            try {
                assertNotEquals(0x5ec7e7L, kc.readLong(handle, 0), "client read the server's frame");
            } catch (KernelException expected) {
                assertNotNull(expected.error());
            }
        }
        try {
            kc.map(cl.domain, 0x40000, secret, 0, Kernel.MAP_READ);
            byte[] b = new byte[8];
            kc.copyIn(cl.domain, 0x40000, b, 0, 8);
            assertNotEquals(0x5ec7e7L, java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
        } catch (KernelException expected) {
            assertNotNull(expected.error());
        }
        assertThrows(KernelException.class, () -> ks.map(srv.domain, 0x40000, cl.code + (1L << 40), 0, Kernel.MAP_READ));
        // The client's endpoint capability can call, not receive, and not be widened.
        KernelException wider = assertThrows(KernelException.class, () -> kc.derive(clientEndpoint, CapType.ENDPOINT, 1, 2, Rights.RECEIVE));
        assertEquals(KernelError.EXCEEDS_PARENT, wider.error());
        client.onSyscall = cpu -> {
            KernelException e = assertThrows(KernelException.class, () -> cpu.replyWait(clientEndpoint, 0, 0));
            client.events.add(e.error().name());
            return false;
        };
        client.ready.add(cl.domain);
        runUntil(() -> !client.exits.isEmpty());
        assertTrue(client.events.contains("MISSING_RIGHTS"), client.events.toString());
    }

    @Test
    void aQueuedCallWhoseGrantWasFreedFailsAloneWithMinusOne() throws Exception {
        // Only the client's slices at first: it calls before the server waits, so it queues.
        long scheduler = exo.give(ks, CapType.SCHEDULER, 0, ks.sliceCount(), Rights.ALL);
        long clientName = exo.give(ks, CapType.LIBOS, kc.query(kc.self()).base(), kc.query(kc.self()).base() + 1, Rights.ALL);
        for (int s = 0; s < ks.sliceCount(); s++) ks.setSliceOwner(scheduler, s, clientName);
        long frame = kc.allocFrames(kc.self(), 1);
        GuestCode c = new GuestCode();
        c.li(A7, SYS_CALL).ecall();
        c.li(A7, TestLibOS.SYS_EXIT).ecall();
        Guest cl = Guest.load(kc, c);
        client.ready.add(cl.domain);
        client.onSyscall = cpu -> {
            if (cpu.x(A7) != SYS_CALL) return false;
            cpu.setPc(cpu.pc() + 4);
            cpu.call(clientEndpoint, 0, frame);
            client.events.add(cpu.hasDomain() ? "running" : "queued");
            return true;
        };
        runUntil(() -> client.events.contains("queued"));
        kc.freeFrames(frame);                     // the grant dies while the call waits
        serverDomain(new GuestCode());
        for (int s = 0; s < ks.sliceCount(); s++) ks.setSliceOwner(scheduler, s, s % 2 == 0 ? ks.self() : clientName);
        runUntil(() -> !client.exits.isEmpty());
        assertEquals(-1L, client.exits.get(0), "the call failed with a0 = -1");
        assertTrue(exo.reports().isEmpty(), exo.reports().toString());
    }
}
