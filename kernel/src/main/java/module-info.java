/**
 * The kernel zone: capabilities, secure bindings, domains, traps, time slices and IPC:
 * mechanism only (DESIGN.md section 3). It will export org.feuerbird.kernel.api and nothing
 * else; the package arrives with the kernel issue (Java cannot export an empty package).
 */
module org.feuerbird.kernel {
    requires org.feuerbird.hardware;
}
