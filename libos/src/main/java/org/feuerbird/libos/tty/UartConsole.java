package org.feuerbird.libos.tty;

import java.io.ByteArrayOutputStream;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;

/**
 * The console driver: the board's 16550 UART reached through an IO capability over its
 * registers and an INTERRUPT capability over its line. Output goes a byte at a time to THR
 * (the board's transmitter is always empty); the receive interrupt drains RBR while LSR says
 * data is ready and hands the bytes to the terminal's line discipline.
 */
public final class UartConsole implements TtyDriver {
    static final int RBR = 0, THR = 0, IER = 1, LSR = 5, LSR_DATA_READY = 1, IER_RECEIVED = 1;

    private final Kernel kernel;
    private final long io, line, base;
    private Tty tty;

    /** {@code io}: IO capability over the registers at {@code base}; {@code line}: the INTERRUPT capability. */
    public UartConsole(Kernel kernel, long io, long line, long base) {
        this.kernel = kernel;
        this.io = io;
        this.line = line;
        this.base = base;
    }

    /** Connects the terminal and turns on the received-data interrupt. */
    public void start(Tty t) throws KernelException {
        this.tty = t;
        kernel.attachInterrupt(line);
        kernel.ioWrite(io, base + IER, 1, IER_RECEIVED);
    }

    @Override
    public void transmit(byte[] b, int off, int len) {
        try {
            for (int i = 0; i < len; i++) kernel.ioWrite(io, base + THR, 1, b[off + i] & 0xff);
        } catch (KernelException e) {
            // The capability was revoked: the console is gone and output is lost, as on a cut line.
        }
    }

    /** The UART's interrupt: takes every received byte, then re-arms the line. */
    public void interrupt() {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            while ((kernel.ioRead(io, base + LSR, 1) & LSR_DATA_READY) != 0) got.write((int) kernel.ioRead(io, base + RBR, 1));
        } catch (KernelException e) {
            // Registers no longer ours: nothing more to read.
        }
        if (got.size() > 0 && tty != null) tty.receive(got.toByteArray(), 0, got.size());
        try {
            kernel.completeInterrupt(line);
        } catch (KernelException e) {
            // The line was taken away; it will not fire for us again.
        }
    }
}
