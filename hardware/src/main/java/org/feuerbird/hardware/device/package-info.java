/**
 * The board's platform devices: the CLINT ({@link org.feuerbird.hardware.device.Clint}, with the
 * shared {@link org.feuerbird.hardware.device.Mtime} counter), the PLIC
 * ({@link org.feuerbird.hardware.device.Plic}) and a 16550A UART
 * ({@link org.feuerbird.hardware.device.Uart16550}) with its host backends. Each is an
 * {@link org.feuerbird.hardware.memory.MmioDevice} that the board attaches to the
 * {@link org.feuerbird.hardware.memory.Bus} at the addresses of
 * {@link org.feuerbird.hardware.board.MemoryMap}.
 *
 * <p>Interface: devices reach harts only through
 * {@link org.feuerbird.hardware.cpu.HartInterrupts}, and reach the PLIC only through an
 * {@link org.feuerbird.hardware.device.IrqLine} ({@code plic.line(source)}), a level-triggered
 * wire. A UART talks to the host through a {@link org.feuerbird.hardware.device.SerialBackend};
 * the backend pushes input back through a {@link org.feuerbird.hardware.device.SerialReceiver},
 * either wire-like (a full FIFO drops the byte and flags an overrun) or blocking (backpressure).
 *
 * <p>Threads and locks: register accesses come from hart threads, received bytes from backend
 * threads. Each device guards its state with one lock of its own and calls outward while
 * holding it, so interrupt levels are driven in the order the state changed. The lock order is
 * UART, then PLIC, then the hart's internal state (CLINT, then the hart, for the CLINT); nothing
 * calls back up that chain, so the order cannot invert. Hence
 * {@link org.feuerbird.hardware.cpu.HartInterrupts} implementations must not call into a device
 * from {@code setInterruptLevel} or {@code setTimerCompare}, and a {@code SerialBackend} may
 * push input from inside {@code transmit} (the UART lock is reentrant) but must not wait there.
 */
package org.feuerbird.hardware.device;
