/**
 * The LibOS zone: all policy, starting with the POSIX LibOS (DESIGN.md section 4). It sees
 * only the kernel's API.
 */
module org.feuerbird.libos {
    requires org.feuerbird.kernel;
    exports org.feuerbird.libos;
    exports org.feuerbird.libos.tty;   // the console terminal the boot code attaches (Console.attach)
}
