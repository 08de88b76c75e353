/**
 * The kernel zone: capabilities, secure bindings, domains, traps, time slices and IPC:
 * mechanism only (DESIGN.md section 3). Only the api package is visible to LibOSes and to
 * boot code; the board is reached only through the kernel/hal module.
 */
module org.feuerbird.kernel {
    requires org.feuerbird.kernel.hal;
    exports org.feuerbird.kernel.api;
}
