package org.feuerbird.hardware.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.feuerbird.hardware.memory.Ram;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Parses the real RISC-V programs built under {@code user/} (the directory named by the system property
 * {@code feuerbird.user.build}, by default {@code /work/main/user/build}), if there are any; skipped
 * otherwise, so that the unit tests never need the cross toolchain.
 *
 * <p>Each ELF file found becomes one test. Executables and shared objects for RISC-V must parse, be
 * self-consistent (entry point in an executable segment, program headers findable for {@code AT_PHDR}
 * when there is an interpreter, agreement with {@code PT_PHDR}), and load into a RAM of their size with
 * every segment's bytes and bss in place. Anything else (object files, other machines) must be refused
 * with an {@link ElfFormatException}.
 */
class UserBuildElfTest {
    private static final long MAX_RAM = 64L << 20;

    @TestFactory
    Stream<DynamicTest> everyElfFileInTheUserBuild() throws IOException {
        Path dir = Path.of(System.getProperty("feuerbird.user.build", "/work/main/user/build"));
        Assumptions.assumeTrue(Files.isDirectory(dir), () -> dir + " does not exist");
        List<Path> elfFiles = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, 8)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                if (startsWithElfMagic(f)) elfFiles.add(f);
            }
        }
        Assumptions.assumeFalse(elfFiles.isEmpty(), () -> "no ELF files under " + dir);
        return elfFiles.stream().map(f -> DynamicTest.dynamicTest(dir.relativize(f).toString(), () -> check(f)));
    }

    private static void check(Path file) throws Exception {
        byte[] image = Files.readAllBytes(file);
        int type = (image[16] & 0xff) | (image[17] & 0xff) << 8;
        int machine = (image[18] & 0xff) | (image[19] & 0xff) << 8;
        boolean loadable = image[4] == 2 && image[5] == 1 && machine == ElfFile.EM_RISCV
                && (type == ElfFile.ET_EXEC || type == ElfFile.ET_DYN);
        if (!loadable) {
            String m = assertThrows(ElfFormatException.class, () -> ElfFile.parse(image)).getMessage();
            assertFalse(m.isBlank());
            return;
        }
        ElfFile elf = ElfFile.parse(image);
        assertEquals(56, elf.phentsize());
        assertEquals(elf.phnum(), elf.programHeaders().size());
        if (elf.entry() != 0) {
            assertTrue(elf.loadSegments().stream().anyMatch(s -> s.executable()
                    && Long.compareUnsigned(elf.entry() - s.vaddr(), s.memsz()) < 0), "entry in an executable segment");
        }
        elf.interpreter().ifPresent(path -> {
            assertTrue(path.startsWith("/"), path);
            assertTrue(elf.phdrAddress().isPresent(), "a dynamically linked program needs AT_PHDR");
        });
        for (ElfSegment s : elf.programHeaders()) {
            assertEquals(s.filesz(), elf.fileBytes(s).remaining());
            if (s.type() == ElfSegment.PT_PHDR) assertEquals(s.vaddr(), elf.phdrAddress().orElseThrow());
        }
        loadAndCompare(elf);
    }

    /** Loads the image into a RAM just large enough for it, and checks every byte of every segment. */
    private static void loadAndCompare(ElfFile elf) throws ElfFormatException {
        long base = 0x8000_0000L;
        long low = elf.lowestAddress() & -Ram.PAGE_SIZE;
        long size = (elf.endAddress() - low + Ram.PAGE_SIZE - 1) & -Ram.PAGE_SIZE;
        if (Long.compareUnsigned(size, MAX_RAM) > 0) return;  // e.g. segments far apart; nothing to learn here
        Ram ram = new Ram(base, (int) size);
        ram.fill(base, size, (byte) 0x5a);
        long bias = base - low;
        elf.loadInto(ram, bias);
        for (ElfSegment s : elf.loadSegments()) {
            ByteBuffer expected = elf.fileBytes(s);
            for (long i = 0; i < s.memsz(); i++) {
                byte want = i < s.filesz() ? expected.get((int) i) : 0;
                if (ram.load8(s.vaddr() + bias + i) != want) {
                    throw new AssertionError(String.format("byte 0x%x of %s", i, s));
                }
            }
        }
    }

    private static boolean startsWithElfMagic(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] magic = in.readNBytes(20);
            return magic.length == 20 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }
}
