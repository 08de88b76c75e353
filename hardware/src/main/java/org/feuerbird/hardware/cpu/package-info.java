/**
 * The RV64GC hart: {@link org.feuerbird.hardware.cpu.Hart} (state, run loop, traps and
 * interrupts) and the parts it is made of, one concern a file:
 * {@code InstructionTable} (the encodings, as data) and {@code Decoder} (derived from it),
 * {@code Compressed} (RVC to 32-bit), {@code Interpreter} (the execution loop),
 * {@code CsrFile} and {@code Csr} (control registers), {@code Mmu} (Sv39 and the TLB),
 * {@code MemoryPath} (slow memory paths and atomics), {@code CodeCache} (decoded pages),
 * and {@code Fpu*} (IEEE 754 arithmetic with RISC-V's flags and rounding).
 *
 * <p>Threads: a hart is driven by one thread at a time; its interrupt lines and stop
 * request may be touched by any thread. The code cache is shared by the harts of a board.
 */
package org.feuerbird.hardware.cpu;
