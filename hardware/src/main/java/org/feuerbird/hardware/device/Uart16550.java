package org.feuerbird.hardware.device;

import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.feuerbird.hardware.memory.MmioDevice;

/**
 * A 16550A UART as on QEMU virt: eight one-byte registers at offsets 0..7 (RBR/THR/DLL,
 * IER/DLM, IIR/FCR, LCR, MCR, LSR, MSR, SCR), with the divisor latch behind LCR.DLAB.
 *
 * <p>What is modelled and what is not. There is no line timing: a byte written to THR goes to
 * the {@link SerialBackend} at once, so THR and the transmitter are always empty (LSR.THRE and
 * LSR.TEMT always read 1) and the divisor is stored but has no effect. The receiver has a
 * 16-byte FIFO when FCR enables it and a one-byte holding register otherwise. A byte that finds
 * it full is lost and sets LSR.OE, as on hardware (in FIFO mode the new byte is dropped, in
 * 16450 mode it overwrites the holding register); backends that must not lose input use
 * {@link #receiveBlocking}, which waits for room instead. Parity, framing and break never occur.
 * Loopback (MCR.LOOP) routes THR into the receiver and MCR's outputs into MSR, as the chip does
 * (drivers use it to probe the port); otherwise the modem inputs read as a connected terminal
 * (CTS, DSR, DCD set).
 *
 * <p>Interrupts, in IIR priority order: receiver line status (an overrun, if IER.ELSI),
 * received data (IER.ERBFI: "data available" once the FIFO holds its trigger level, "character
 * timeout" while it holds fewer; with no line timing the timeout is reported at once), THR
 * empty (IER.ETBEI; raised when THR is written or ETBEI is enabled, cleared by reading it from
 * IIR or writing THR) and modem status (IER.EDSSI). The {@link IrqLine} is high exactly while
 * IIR reports an interrupt. OUT2 does not gate the line (it does on PCs, not on virt).
 *
 * <p>Thread safety: one lock guards all registers; the hart's thread takes it for register
 * accesses, a backend's thread for received bytes. The IrqLine and the backend's
 * {@code transmit} are called while holding it, so the line's level always follows the state
 * changes in order. Lock order: this UART, then the PLIC.
 */
public final class Uart16550 implements MmioDevice, SerialReceiver {
    /** Bytes in the receive FIFO. */
    public static final int FIFO_SIZE = 16;

    static final int RBR = 0, IER = 1, IIR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;
    static final int IER_RDA = 0x01, IER_THRE = 0x02, IER_RLS = 0x04, IER_MS = 0x08;
    static final int IIR_NONE = 0x01, IIR_MS = 0x00, IIR_THRE = 0x02, IIR_RDA = 0x04, IIR_RLS = 0x06,
            IIR_TIMEOUT = 0x0c, IIR_FIFO_ON = 0xc0;
    static final int FCR_ENABLE = 0x01, FCR_CLEAR_RX = 0x02;
    static final int LCR_DLAB = 0x80;
    static final int MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08, MCR_LOOP = 0x10;
    static final int LSR_DR = 0x01, LSR_OE = 0x02, LSR_THRE = 0x20, LSR_TEMT = 0x40;
    static final int MSR_DCTS = 0x01, MSR_DDSR = 0x02, MSR_TERI = 0x04, MSR_DDCD = 0x08,
            MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80;
    /** Receive trigger levels selected by FCR bits 7:6. */
    private static final int[] TRIGGER = {1, 4, 8, 14};

    private final String name;
    private final IrqLine irq;
    private final SerialBackend backend;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();

    private final byte[] rx = new byte[FIFO_SIZE];
    private int rxHead, rxCount;
    private boolean fifoEnabled;
    private int trigger = 1;
    private int ier, lcr, mcr, scr, dll, dlm;
    private boolean overrun;
    private boolean thrInterrupt;
    private int modemLines = MSR_CTS | MSR_DSR | MSR_DCD;
    private int modemDeltas;
    private boolean irqLevel;

    /**
     * A UART called {@code name} ("uart0") driving {@code irq} and talking to {@code backend};
     * connects the backend to this UART's receiver.
     */
    public Uart16550(String name, IrqLine irq, SerialBackend backend) {
        this.name = Objects.requireNonNull(name);
        this.irq = Objects.requireNonNull(irq);
        this.backend = Objects.requireNonNull(backend);
        backend.connect(this);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long read(long offset, int size) {
        if (size != 1 || offset < 0 || offset > SCR) return 0;
        lock.lock();
        try {
            int v = readLocked((int) offset);
            updateIrqLocked();
            return v;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(long offset, int size, long value) {
        if (size != 1 || offset < 0 || offset > SCR) return;
        lock.lock();
        try {
            writeLocked((int) offset, (int) value & 0xff);
            updateIrqLocked();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean receive(byte b) {
        lock.lock();
        try {
            boolean kept = pushLocked(b);
            updateIrqLocked();
            return kept;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void receiveBlocking(byte b) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (rxCount >= capacityLocked()) room.await();
            pushLocked(b);
            updateIrqLocked();
        } finally {
            lock.unlock();
        }
    }

    private int readLocked(int reg) {
        boolean dlab = (lcr & LCR_DLAB) != 0;
        return switch (reg) {
            case RBR -> dlab ? dll : popLocked();
            case IER -> dlab ? dlm : ier;
            case IIR -> {
                int id = interruptIdLocked();
                // Reading IIR is how a driver acknowledges "THR empty"; the other causes clear
                // by removing their condition (reading RBR, LSR or MSR).
                if (id == IIR_THRE) thrInterrupt = false;
                yield id | (fifoEnabled ? IIR_FIFO_ON : 0);
            }
            case LCR -> lcr;
            case MCR -> mcr;
            case LSR -> {
                int v = (rxCount > 0 ? LSR_DR : 0) | (overrun ? LSR_OE : 0) | LSR_THRE | LSR_TEMT;
                overrun = false;
                yield v;
            }
            case MSR -> {
                int v = modemLines | modemDeltas;
                modemDeltas = 0;
                yield v;
            }
            default -> scr;
        };
    }

    private void writeLocked(int reg, int v) {
        boolean dlab = (lcr & LCR_DLAB) != 0;
        switch (reg) {
            case RBR -> {
                if (dlab) dll = v; else transmitLocked((byte) v);
            }
            case IER -> {
                if (dlab) dlm = v; else writeIerLocked(v & 0x0f);
            }
            case IIR -> writeFcrLocked(v);
            case LCR -> lcr = v;
            case MCR -> {
                mcr = v & 0x1f;
                modemChangedLocked();
            }
            case SCR -> scr = v;
            default -> { } // LSR and MSR are read-only here (LSR writes are a factory test mode)
        }
    }

    private void transmitLocked(byte b) {
        if ((mcr & MCR_LOOP) != 0) {
            pushLocked(b);
        } else {
            backend.transmit(b);
        }
        // The byte left at once, so THR is empty again: a fresh THRE interrupt.
        thrInterrupt = true;
    }

    private void writeIerLocked(int v) {
        int changed = ier ^ v;
        ier = v;
        // THR is always empty here, so enabling ETBEI raises THRE at once, as drivers expect.
        if ((changed & IER_THRE) != 0) thrInterrupt = (v & IER_THRE) != 0;
    }

    private void writeFcrLocked(int v) {
        boolean enable = (v & FCR_ENABLE) != 0;
        if (enable != fifoEnabled) {
            fifoEnabled = enable;
            clearRxLocked(); // switching modes resets the FIFOs on the chip
        }
        if (enable) {
            if ((v & FCR_CLEAR_RX) != 0) clearRxLocked();
            trigger = TRIGGER[(v >>> 6) & 3];
        }
        // FCR_CLEAR_TX has nothing to clear: transmitted bytes have already left.
    }

    private int capacityLocked() {
        return fifoEnabled ? FIFO_SIZE : 1;
    }

    /** Appends a received byte; on a full buffer flags an overrun and returns false. */
    private boolean pushLocked(byte b) {
        if (rxCount >= capacityLocked()) {
            overrun = true;
            if (!fifoEnabled) rx[rxHead] = b;
            return false;
        }
        rx[(rxHead + rxCount) % FIFO_SIZE] = b;
        rxCount++;
        return true;
    }

    private int popLocked() {
        if (rxCount == 0) return 0;
        int v = rx[rxHead] & 0xff;
        rxHead = (rxHead + 1) % FIFO_SIZE;
        rxCount--;
        room.signalAll();
        return v;
    }

    private void clearRxLocked() {
        rxHead = 0;
        rxCount = 0;
        room.signalAll();
    }

    /** MSR's upper nibble: MCR's outputs in loopback, a connected terminal otherwise. */
    private void modemChangedLocked() {
        int now = MSR_CTS | MSR_DSR | MSR_DCD;
        if ((mcr & MCR_LOOP) != 0) {
            now = ((mcr & MCR_RTS) != 0 ? MSR_CTS : 0) | ((mcr & MCR_DTR) != 0 ? MSR_DSR : 0)
                    | ((mcr & MCR_OUT1) != 0 ? MSR_RI : 0) | ((mcr & MCR_OUT2) != 0 ? MSR_DCD : 0);
        }
        int changed = now ^ modemLines;
        if ((changed & MSR_CTS) != 0) modemDeltas |= MSR_DCTS;
        if ((changed & MSR_DSR) != 0) modemDeltas |= MSR_DDSR;
        if ((changed & MSR_DCD) != 0) modemDeltas |= MSR_DDCD;
        if ((modemLines & MSR_RI) != 0 && (now & MSR_RI) == 0) modemDeltas |= MSR_TERI;
        modemLines = now;
    }

    /** IIR's bits 3:0: the highest-priority enabled interrupt condition, or {@link #IIR_NONE}. */
    private int interruptIdLocked() {
        if ((ier & IER_RLS) != 0 && overrun) return IIR_RLS;
        if ((ier & IER_RDA) != 0 && rxCount > 0) {
            return fifoEnabled && rxCount < trigger ? IIR_TIMEOUT : IIR_RDA;
        }
        if ((ier & IER_THRE) != 0 && thrInterrupt) return IIR_THRE;
        if ((ier & IER_MS) != 0 && modemDeltas != 0) return IIR_MS;
        return IIR_NONE;
    }

    private void updateIrqLocked() {
        boolean want = interruptIdLocked() != IIR_NONE;
        if (want != irqLevel) {
            irqLevel = want;
            irq.setLevel(want);
        }
    }
}
