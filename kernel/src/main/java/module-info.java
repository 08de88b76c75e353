/**
 * The kernel zone: capabilities, secure bindings, domains, traps, time slices and IPC:
 * mechanism only (DESIGN.md section 3). It will export only its api package, and depend on
 * the board module for kernel/hal alone; both arrive with the kernel issue (Java cannot
 * export an empty package).
 */
module org.feuerbird.kernel {
}
