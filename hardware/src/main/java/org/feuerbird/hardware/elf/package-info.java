/**
 * Reading ELF64 executables for RISC-V, and loading them into the board's RAM.
 *
 * <p>{@link org.feuerbird.hardware.elf.ElfFile} parses and checks an image once, completely, and then
 * answers questions about it (entry point, program headers, interpreter, where the program headers sit in
 * memory); {@link org.feuerbird.hardware.elf.ElfSegment} is one program header. Any inconsistency in the
 * image is reported as an {@link org.feuerbird.hardware.elf.ElfFormatException} with a one-line message,
 * never as another exception, because images come from users and must not crash what reads them.
 *
 * <p>The package lives in {@code hardware} because it depends on nothing above it: bare-metal tests load
 * with {@link org.feuerbird.hardware.elf.ElfFile#loadInto}; the kernel and the LibOS's {@code execve} use
 * the parsed headers and place the segments themselves. Parsed objects are immutable and need no locks.
 */
package org.feuerbird.hardware.elf;
