/**
 * The virtual RISC-V board: RV64GC harts with Sv39, RAM, CLINT, PLIC, a 16550 UART, the
 * physical bus that virtio devices will join, and an ELF64 loader. It knows nothing of
 * any operating system (DESIGN.md section 2).
 */
module org.feuerbird.hardware {
    exports org.feuerbird.hardware.board;
    exports org.feuerbird.hardware.cpu;
    exports org.feuerbird.hardware.device;
    exports org.feuerbird.hardware.elf;
    exports org.feuerbird.hardware.memory;
}
