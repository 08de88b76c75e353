/**
 * The kernel's hardware abstraction layer (DESIGN.md section 3, kernel/hal): the only code
 * of the kernel zone that uses the board. A module of its own so the rule is the module
 * graph's: only this module requires the hardware, and only the kernel may use it.
 */
module org.feuerbird.kernel.hal {
    requires org.feuerbird.hardware;
    exports org.feuerbird.kernel.hal to org.feuerbird.kernel;
}
