package org.feuerbird.hardware.board;

/**
 * The physical memory map of the board and its interrupt numbers, following QEMU's {@code virt}
 * machine so that the addresses a kernel or a device tree names are the ones every RISC-V
 * tutorial and driver already knows.
 *
 * <p>Only constants live here (plus two one-line helpers that compute a virtio slot's address
 * and interrupt from them); the register layout inside each window belongs to its device
 * class. The PLIC window is 0x60_0000 bytes: the per-context block at 0x20_0000 then has room
 * for 0x40_0000 / 0x1000 = 1024 contexts, i.e. {@link #PLIC_MAX_HARTS} = 512 harts with an M
 * and an S context each, far more than we run. The default RAM size is the board's choice;
 * only the RAM base is fixed here.
 */
public final class MemoryMap {
    private MemoryMap() { }

    /** Core-local interruptor (msip, mtimecmp, mtime), SiFive layout. */
    public static final long CLINT_BASE = 0x0200_0000L;
    /** Size of the CLINT window; mtime sits at its offset 0xbff8. */
    public static final long CLINT_SIZE = 0x1_0000L;

    /** Platform-level interrupt controller. */
    public static final long PLIC_BASE = 0x0c00_0000L;
    /** Size of the PLIC window: the global registers plus 1024 per-context blocks. */
    public static final long PLIC_SIZE = 0x60_0000L;
    /** Interrupt ids the PLIC knows, 0 (reserved, "no interrupt") included: as QEMU virt, 1..95 usable. */
    public static final int PLIC_NUM_SOURCES = 96;
    /** Harts whose two contexts fit into {@link #PLIC_SIZE}. */
    public static final int PLIC_MAX_HARTS = (int) ((PLIC_SIZE - 0x20_0000L) / 0x1000L / 2);

    /** The 16550 UART (one-byte registers, no register shift). */
    public static final long UART0_BASE = 0x1000_0000L;
    /** Size of the UART window; only offsets 0..7 hold registers. */
    public static final long UART0_SIZE = 0x100L;
    /** PLIC source of the UART. */
    public static final int UART0_IRQ = 10;

    /** First virtio-mmio slot; slot n is at {@code VIRTIO_BASE + n * VIRTIO_STRIDE}. */
    public static final long VIRTIO_BASE = 0x1000_1000L;
    /** Distance between two virtio-mmio slots. */
    public static final long VIRTIO_STRIDE = 0x1000L;
    /** Size of one virtio-mmio window. */
    public static final long VIRTIO_SIZE = 0x1000L;
    /** Number of virtio-mmio slots. */
    public static final int VIRTIO_COUNT = 8;
    /** PLIC source of virtio slot 0; slot n uses {@code VIRTIO_IRQ_BASE + n} (1..8). */
    public static final int VIRTIO_IRQ_BASE = 1;

    /** Start of RAM; the board decides how much RAM follows. */
    public static final long RAM_BASE = 0x8000_0000L;

    /** Base address of virtio-mmio slot {@code slot} (0..{@link #VIRTIO_COUNT}-1). */
    public static long virtioBase(int slot) {
        return VIRTIO_BASE + checkSlot(slot) * VIRTIO_STRIDE;
    }

    /** PLIC source of virtio-mmio slot {@code slot} (0..{@link #VIRTIO_COUNT}-1). */
    public static int virtioIrq(int slot) {
        return VIRTIO_IRQ_BASE + checkSlot(slot);
    }

    private static int checkSlot(int slot) {
        if (slot < 0 || slot >= VIRTIO_COUNT) throw new IllegalArgumentException("no virtio slot " + slot);
        return slot;
    }
}
