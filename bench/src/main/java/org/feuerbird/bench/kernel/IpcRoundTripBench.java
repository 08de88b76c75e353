package org.feuerbird.bench.kernel;

import java.util.concurrent.TimeUnit;
import org.feuerbird.kernel.api.CapInfo;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.testing.Guest;
import org.feuerbird.kernel.testing.GuestCode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Protected control transfer round trip between two domains of two LibOSes. The client
 * domain loops {@code ecall}; its LibOS steps the pc and {@link Cpu#call}s the endpoint. The
 * server domain loops {@code ecall} too; its LibOS steps the pc and {@link Cpu#replyWait}s.
 * The server adds 1 to a0 between the two, so after the run the client's a0 counts the
 * round trips that carried a message both ways (checked once at set-up).
 *
 * <p>One op is one round trip: client trap, call upcall, switch to the server, server trap,
 * reply-wait upcall, switch back. The client counts its calls in a register and exits after
 * {@link #ROUND_TRIPS}, so one invocation enters the hart loop once; running the hart per
 * round trip would add its entry, exit and wake-up to every op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IpcRoundTripBench {
    static final int ROUND_TRIPS = 10_000;
    /** Message registers each way (a0, a1): a short request and its answer. */
    static final int WORDS = 2;
    /** The client's a7 for "call" (anything but exit: the LibOS decides what numbers mean). */
    static final int SYS_CALL = 1;

    private Exokernel exo;
    private Kernel client;
    private HartRunner runner;
    private long clientDomain;

    /** The server: every system call replies to the current caller and waits for the next. */
    static final class Server extends BenchLibOS {
        long domain = Kernel.NONE, endpoint = Kernel.NONE;
        /** Whether the server has reached its first wait (until then, its slices run it). */
        boolean waiting;

        Server(HartRunner runner) { super(runner); }

        @Override long toRun() { return waiting ? Kernel.NONE : domain; }

        @Override
        public void syscall(Cpu cpu) {
            cpu.setPc(cpu.pc() + 4);
            try {
                cpu.replyWait(endpoint, WORDS, 0);
            } catch (KernelException e) {
                runner.fail("replyWait refused: " + e.getMessage());
                cpu.idle();
                return;
            }
            if (!waiting) {
                waiting = true;
                runner.done = true;   // set-up: the server now waits on the endpoint
            }
        }
    }

    /** The client: call through the endpoint, or exit. */
    static final class Client extends BenchLibOS {
        long domain = Kernel.NONE, endpoint = Kernel.NONE;

        Client(HartRunner runner) { super(runner); }

        @Override long toRun() { return domain; }

        @Override
        public void syscall(Cpu cpu) {
            if (cpu.x(GuestCode.A7) == SYS_EXIT) {
                exit(cpu);
                return;
            }
            cpu.setPc(cpu.pc() + 4);
            try {
                cpu.call(endpoint, WORDS, Kernel.NONE);
            } catch (KernelException e) {
                runner.fail("call refused: " + e.getMessage());
                cpu.idle();
            }
        }
    }

    @Setup(Level.Trial)
    public void boot() throws KernelException {
        exo = Exokernel.boot(MachineSpec.of(16 << 20));
        runner = new HartRunner(exo);
        Server s = new Server(runner);
        Client c = new Client(runner);
        Kernel server = s.kernel = exo.createLibOS("server", s, 256);
        client = c.kernel = exo.createLibOS("client", c, 256);

        // The server owns the endpoint and gives the client's LibOS a SEND-only copy; to name
        // that LibOS as the holder it needs a LIBOS capability for it, which boot hands out.
        s.endpoint = server.createEndpoint(server.self());
        CapInfo clientName = client.query(client.self());
        long clientHolder = exo.give(server, CapType.LIBOS, clientName.base(), clientName.limit(), Rights.READ);
        c.endpoint = server.copy(s.endpoint, clientHolder, Rights.SEND);

        GuestCode serverCode = new GuestCode();
        int loop = serverCode.here();
        serverCode.ecall().addi(GuestCode.A0, GuestCode.A0, 1).j(loop);
        s.domain = Guest.load(server, serverCode).domain;
        clientDomain = c.domain = Guest.load(client, BenchLibOS.countedEcalls(ROUND_TRIPS, SYS_CALL)).domain;

        // The server must wait on the endpoint before the first call (a call with no receiver
        // queues the caller, and nothing would run the server), so its LibOS gets the slices
        // first; then the client's LibOS gets them for good.
        exo.giveAllSlices(server);
        runner.runToExit(server);
        exo.giveAllSlices(client);
        // The first run also idles out the rest of the server's slice: a hart asks the owner it
        // took at the slice's start, so the client's LibOS is asked only from the next slice on.
        callReply();
        if (runner.exitValue != ROUND_TRIPS) {
            throw new IllegalStateException("the client's a0 is " + runner.exitValue + " after " + ROUND_TRIPS + " round trips");
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void callReply() throws KernelException {
        BenchLibOS.restart(client, clientDomain);
        runner.runToExit(client);
    }

    @TearDown(Level.Trial)
    public void close() { exo.close(); }
}
