package org.feuerbird.hardware.elf;

/**
 * An ELF image that cannot be used: not ELF, not a RISC-V ELF64 executable, internally inconsistent, or
 * (from {@link ElfFile#loadInto}) not placeable in the board's RAM.
 *
 * <p>Checked, because bad executables are an ordinary input that every caller (the test harness, the
 * kernel's boot code, the LibOS's {@code execve}, which turns it into {@code ENOEXEC}) must handle. The
 * message names the problem in one line, so that it can be shown to a user as it is.
 */
public final class ElfFormatException extends Exception {
    /** Makes the exception with its one-line message, e.g. {@code "big-endian ELF"}. */
    public ElfFormatException(String message) {
        super(message);
    }
}
