/**
 * The kernel zone: capabilities, secure bindings, domains, traps, time slices and IPC:
 * mechanism only (DESIGN.md section 3). It will export org.feuerbird.kernel.api and nothing
 * else, and require org.feuerbird.hardware for kernel/hal alone; both arrive with the
 * kernel issue (Java cannot export an empty package).
 */
module org.feuerbird.kernel {
}
