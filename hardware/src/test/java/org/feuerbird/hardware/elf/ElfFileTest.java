package org.feuerbird.hardware.elf;

import static org.feuerbird.hardware.elf.ElfImageBuilder.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.feuerbird.hardware.memory.Ram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests of {@link ElfFile} on well-formed images: what it reports, and loading into {@link Ram}. */
class ElfFileTest {

    @Test
    void readsTheHeaderAndProgramHeaders() throws Exception {
        ElfFile elf = ElfFile.parse(ElfImageBuilder.sample().build());

        assertEquals(ElfFile.ET_EXEC, elf.type());
        assertFalse(elf.isDynamic());
        assertEquals(0x8000_0000L, elf.entry());
        assertEquals(ElfFile.EF_RISCV_RVC | ElfFile.EF_RISCV_FLOAT_ABI_DOUBLE, elf.flags());
        assertTrue(elf.usesCompressed());
        assertEquals(ElfFile.EF_RISCV_FLOAT_ABI_DOUBLE, elf.floatAbi());
        assertEquals(3, elf.phnum());
        assertEquals(56, elf.phentsize());
        assertEquals(64, elf.phoff());

        List<ElfSegment> all = elf.programHeaders();
        assertEquals(3, all.size());
        assertEquals(new ElfSegment(ElfSegment.PT_LOAD, ElfSegment.PF_R | ElfSegment.PF_X, 64 + 3 * 56,
                0x8000_0000L, 0x8000_0000L, 8, 8, 0x1000), all.get(0));
        ElfSegment data = all.get(1);
        assertTrue(data.readable() && data.writable() && !data.executable());
        assertEquals(0x1b, data.bssSize());
        assertEquals(0x8000_1020L, data.vend());
        assertEquals("GNU_STACK", all.get(2).typeName());
        assertEquals(List.of(all.get(0), all.get(1)), elf.loadSegments());

        assertEquals(0x8000_0000L, elf.lowestAddress());
        assertEquals(0x8000_1020L, elf.endAddress());
        assertEquals(Optional.empty(), elf.interpreter());
        assertEquals(OptionalLong.empty(), elf.phdrAddress());
    }

    @Test
    void fileBytesAreAReadOnlyViewOfTheSegment() throws Exception {
        ElfFile elf = ElfFile.parse(ElfImageBuilder.sample().build());
        ByteBuffer code = elf.fileBytes(elf.loadSegments().get(0));
        assertTrue(code.isReadOnly());
        assertEquals(8, code.remaining());
        assertEquals(0x0010_0513, code.getInt(0));  // addi a0, x0, 1
        byte[] data = new byte[5];
        elf.fileBytes(elf.loadSegments().get(1)).get(data);
        assertArrayEquals(bytes(1, 2, 3, 4, 5), data);
        assertEquals(0, elf.fileBytes(elf.programHeaders().get(2)).remaining());

        ElfSegment foreign = new ElfSegment(ElfSegment.PT_LOAD, 0, 0x1000, 0, 0, 0x10, 0x10, 0);
        assertThrows(IllegalArgumentException.class, () -> elf.fileBytes(foreign));
    }

    @Test
    void dynamicExecutableWithInterpreter() throws Exception {
        ElfFile elf = ElfFile.parse(ElfImageBuilder.samplePie().build());
        assertEquals(ElfFile.ET_DYN, elf.type());
        assertTrue(elf.isDynamic());
        assertEquals(Optional.of("/lib/ld-linux-riscv64-lp64d.so.1"), elf.interpreter());
        // The first PT_LOAD holds the program headers at file offset 64, so they are at vaddr 0 + 64.
        assertEquals(OptionalLong.of(64), elf.phdrAddress());
        assertEquals(0, elf.lowestAddress());
        assertEquals(0x2400, elf.endAddress());
        assertEquals(3, elf.loadSegments().size());
    }

    @Test
    void phdrAddressComesFromTheLoadSegmentThatHoldsTheTable() throws Exception {
        ElfImageBuilder b = ElfImageBuilder.sample();
        b.headerLoad(0x4000_0000L);
        assertEquals(OptionalLong.of(0x4000_0040L), ElfFile.parse(b.build()).phdrAddress());
    }

    @Test
    void phdrAddressFallsBackToPtPhdr() throws Exception {
        ElfImageBuilder b = ElfImageBuilder.sample();
        b.add(ElfSegment.PT_PHDR, ElfSegment.PF_R, new byte[0]).vaddr = 0x1234_0000L;
        assertEquals(OptionalLong.of(0x1234_0000L), ElfFile.parse(b.build()).phdrAddress());
    }

    @Test
    void firstInterpreterWins() throws Exception {
        ElfImageBuilder b = ElfImageBuilder.sample();
        b.interp("/first");
        b.interp("/second");
        assertEquals(Optional.of("/first"), ElfFile.parse(b.build()).interpreter());
    }

    @Test
    void nonLoadSegmentsMayHaveFileBytesButNoMemory() throws Exception {
        // PT_RISCV_ATTRIBUTES, as GNU ld writes it: filesz > 0, memsz = 0.
        ElfImageBuilder b = ElfImageBuilder.sample();
        b.add(ElfSegment.PT_RISCV_ATTRIBUTES, ElfSegment.PF_R, new byte[0x33]).memsz = 0;
        ElfSegment attrs = ElfFile.parse(b.build()).programHeaders().get(3);
        assertEquals("RISCV_ATTRIBUTES", attrs.typeName());
        assertEquals(0x33, attrs.filesz());
    }

    @Test
    void addressesAreUnsigned() throws Exception {
        ElfImageBuilder b = new ElfImageBuilder();
        b.entry = 0xffff_ffff_8000_0000L;
        b.load(0xffff_ffff_8000_0000L, ElfSegment.PF_R | ElfSegment.PF_X, new byte[16], 16);
        b.load(0x1000, ElfSegment.PF_R, new byte[16], 16);
        b.load(0xffff_ffff_ffff_e000L, ElfSegment.PF_R | ElfSegment.PF_W, new byte[0], 0x1000);
        ElfFile elf = ElfFile.parse(b.build());
        assertEquals(0x1000, elf.lowestAddress());
        assertEquals(0xffff_ffff_ffff_f000L, elf.endAddress());
    }

    @Test
    void readsFromAPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prog");
        Files.write(file, ElfImageBuilder.samplePie().build());
        assertEquals(Optional.of("/lib/ld-linux-riscv64-lp64d.so.1"), ElfFile.read(file).interpreter());
        Files.write(file, new byte[] {'#', '!'});
        assertEquals("not an ELF file", assertThrows(ElfFormatException.class, () -> ElfFile.read(file)).getMessage());
    }

    @Test
    void segmentToStringLooksLikeReadelf() {
        ElfSegment s = new ElfSegment(ElfSegment.PT_LOAD, ElfSegment.PF_R | ElfSegment.PF_X, 0, 0x10000, 0x10000,
                0x2a0, 0x2a0, 0x1000);
        assertEquals("LOAD R-X off 0x0 vaddr 0x10000 paddr 0x10000 filesz 0x2a0 memsz 0x2a0 align 0x1000",
                s.toString());
        assertEquals("0x12345", new ElfSegment(0x12345, 0, 0, 0, 0, 0, 0, 0).typeName());
    }

    // ---- loadInto ----

    @Test
    void loadCopiesSegmentsAndZeroesTheBss() throws Exception {
        Ram ram = new Ram(0x8000_0000L, 0x4000);
        ram.fill(0x8000_0000L, 0x4000, (byte) 0xaa);
        ElfFile.parse(ElfImageBuilder.sample().build()).loadInto(ram, 0);

        assertEquals(0x0010_0513, ram.load32(0x8000_0000L));
        assertEquals(0x0010_0073, ram.load32(0x8000_0004L));
        assertEquals((byte) 0xaa, ram.load8(0x8000_0008L));          // between segments: untouched
        assertEquals(0x0504_0302_01L, ram.load64(0x8000_1000L) & 0xff_ffff_ffffL);
        for (long pa = 0x8000_1005L; pa < 0x8000_1020L; pa++) {
            assertEquals(0, ram.load8(pa), () -> "bss byte not zero");
        }
        assertEquals((byte) 0xaa, ram.load8(0x8000_1020L));          // past memsz: untouched
    }

    @Test
    void loadAddsTheBias() throws Exception {
        Ram ram = new Ram(0x8000_0000L, 0x4000);
        ElfFile pie = ElfFile.parse(ElfImageBuilder.samplePie().build());
        pie.loadInto(ram, 0x8000_0000L);
        assertEquals(0x464c457f, ram.load32(0x8000_0000L));  // the ELF header, loaded by the first PT_LOAD
        assertEquals(0, ram.load64(0x8000_2008L));
    }

    @Test
    void loadRefusesASegmentOutsideRamAndWritesNothing() throws Exception {
        Ram ram = new Ram(0x8000_0000L, 0x1000);  // the data segment at 0x80001000 is just past the end
        ElfFile elf = ElfFile.parse(ElfImageBuilder.sample().build());
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> elf.loadInto(ram, 0));
        assertEquals("segment 1 (vaddr 0x80001000, memsz 0x20) at physical 0x80001000 does not fit in RAM "
                + "[0x80000000, 0x80001000)", e.getMessage());
        assertEquals(0, ram.load32(0x8000_0000L));  // the code segment, which fits, was not written either

        assertThrows(ElfFormatException.class, () -> elf.loadInto(new Ram(0x8000_0000L, 0x4000), -0x1000));
        assertThrows(ElfFormatException.class, () -> elf.loadInto(new Ram(0x8000_0000L, 0x4000), Long.MIN_VALUE));
    }

    @Test
    void loadSkipsEmptySegments() throws Exception {
        ElfImageBuilder b = ElfImageBuilder.sample();
        b.load(0x10, ElfSegment.PF_R, new byte[0], 0);  // nowhere near RAM, but has nothing to load
        ElfFile.parse(b.build()).loadInto(new Ram(0x8000_0000L, 0x2000), 0);
    }
}
