/**
 * The kernel zone: capabilities, secure bindings, domains, traps, time slices and IPC:
 * mechanism only (DESIGN.md section 3). Only the api package is visible to LibOSes and to
 * boot code; kernel/hal is the only package that uses the board.
 */
module org.feuerbird.kernel {
    requires org.feuerbird.hardware;
    exports org.feuerbird.kernel.api;
}
