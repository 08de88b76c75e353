package org.feuerbird.libos;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs qemu-riscv64-static so that a guest's execve works: qemu hands execve to the host
 * kernel, which runs a RISC-V file only if binfmt_misc knows the format. Recent kernels
 * (6.7+) give each user namespace its own binfmt_misc, so the command runs inside a private
 * user and mount namespace (`unshare --user --map-root-user --mount`) where a fresh
 * binfmt_misc is mounted and qemu registered for RISC-V 64 ELF executables (flags: P keeps
 * argv[0], F opens the interpreter now, O and C as Debian's registration). Nothing on the
 * host changes. Where that is impossible the plain command is used and exec-using programs
 * fail their comparison, which says why.
 */
final class QemuBinfmt {
    private static final String MAGIC = "\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xf3\\x00";
    private static final String MASK = "\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff";
    private static final String SCRIPT = "mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || exit 125; "
        + "printf ':feuerbird-riscv64:M::" + MAGIC + ":" + MASK + ":'\"$(command -v qemu-riscv64-static)\"':POCF' "
        + "> /proc/sys/fs/binfmt_misc/register || exit 125; exec \"$@\"";
    private static final List<String> PREFIX = List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c", SCRIPT, "sh");
    private static Boolean works;

    private QemuBinfmt() {}

    /** What goes before {@code qemu-riscv64-static ARGS...}: the namespace wrapper, or nothing. */
    static synchronized List<String> prefix() {
        if (works == null) works = probe();
        return works ? PREFIX : List.of();
    }

    private static boolean probe() {
        try {
            List<String> cmd = new java.util.ArrayList<>(PREFIX);
            cmd.add("true");
            java.lang.Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
