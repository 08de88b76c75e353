package org.feuerbird.hardware.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.feuerbird.hardware.memory.Ram;
import org.junit.jupiter.api.Test;

/**
 * Every way {@link ElfFile#parse} can refuse an image, each with its message; and a fuzz test that
 * truncates and corrupts valid images at random and requires that nothing but {@link ElfFormatException}
 * ever comes out, from parsing or from using what was parsed.
 */
class ElfFormatErrorsTest {

    /** Builds the sample program after {@code change}, parses it, and returns the refusal's message. */
    private static String refusal(Consumer<ElfImageBuilder> change) {
        ElfImageBuilder b = ElfImageBuilder.sample();
        change.accept(b);
        return refusal(b.build());
    }

    private static String refusal(byte[] image) {
        return assertThrows(ElfFormatException.class, () -> ElfFile.parse(image)).getMessage();
    }

    /** The sample image with {@code bytes} written little-endian at {@code offset}. */
    private static byte[] patched(int offset, long value, int bytes) {
        byte[] image = ElfImageBuilder.sample().build();
        for (int i = 0; i < bytes; i++) image[offset + i] = (byte) (value >>> (8 * i));
        return image;
    }

    @Test
    void notElfAtAll() {
        assertEquals("not an ELF file", refusal(new byte[0]));
        assertEquals("not an ELF file", refusal(new byte[] {0x7f, 'E', 'L'}));
        assertEquals("not an ELF file", refusal("#!/bin/sh\necho hi\n".getBytes()));
        assertEquals("not an ELF file", refusal(patched(1, 'e', 1)));
    }

    @Test
    void truncatedHeader() {
        byte[] image = ElfImageBuilder.sample().build();
        assertEquals("truncated ELF header (4 bytes, need 64)", refusal(Arrays.copyOf(image, 4)));
        assertEquals("truncated ELF header (40 bytes, need 64)", refusal(Arrays.copyOf(image, 40)));
        assertEquals("truncated ELF header (63 bytes, need 64)", refusal(Arrays.copyOf(image, 63)));
    }

    @Test
    void identification() {
        assertEquals("32-bit ELF, need ELF64", refusal(b -> b.elfClass = 1));
        assertEquals("invalid ELF class 3", refusal(b -> b.elfClass = 3));
        assertEquals("big-endian ELF", refusal(b -> b.dataEncoding = 2));
        assertEquals("invalid ELF data encoding 0", refusal(b -> b.dataEncoding = 0));
        assertEquals("unsupported ELF version 0", refusal(b -> b.identVersion = 0));
        assertEquals("unsupported ELF version 2", refusal(b -> b.version = 2));
        // A 32-bit header is shorter than 64 bytes; the class is still what is reported.
        byte[] tiny = Arrays.copyOf(ElfImageBuilder.sample().build(), 52);
        tiny[4] = 1;
        assertEquals("32-bit ELF, need ELF64", refusal(tiny));
    }

    @Test
    void machine() {
        assertEquals("ELF for machine x86-64 (62), not RISC-V", refusal(b -> b.machine = 62));
        assertEquals("ELF for machine AArch64 (183), not RISC-V", refusal(b -> b.machine = 183));
        assertEquals("ELF for machine 9999, not RISC-V", refusal(b -> b.machine = 9999));
    }

    @Test
    void type() {
        assertEquals("relocatable object (ET_REL), not an executable", refusal(b -> b.type = 1));
        assertEquals("core dump (ET_CORE), not an executable", refusal(b -> b.type = 4));
        assertEquals("ELF of type ET_NONE, not an executable", refusal(b -> b.type = 0));
        assertEquals("unknown ELF type 65024", refusal(b -> b.type = 0xfe00));
    }

    @Test
    void headerSizes() {
        assertEquals("ELF header size 52, expected 64", refusal(b -> b.ehsize = 52));
        assertEquals("program header size 32, expected 56", refusal(b -> b.phentsize = 32));
        assertEquals("no program headers", refusal(b -> b.phnum = 0));
        assertEquals("too many program headers (PN_XNUM is not supported)", refusal(b -> b.phnum = 0xffff));
    }

    @Test
    void programHeaderTableOutsideTheFile() {
        int size = ElfImageBuilder.sample().build().length;
        assertEquals("truncated program header table (65534 entries at offset 0x40, file size 0x" + Integer.toHexString(size) + ")",
                refusal(b -> b.phnum = 0xfffe));
        assertEquals("truncated program header table (3 entries at offset 0xfffffffffffffff0, file size 0x"
                + Integer.toHexString(size) + ")", refusal(b -> b.phoff = 0xffff_ffff_ffff_fff0L));
        assertEquals("truncated program header table (3 entries at offset 0x8000000000000000, file size 0x"
                + Integer.toHexString(size) + ")", refusal(b -> b.phoff = Long.MIN_VALUE));
        assertEquals("truncated program header table (3 entries at offset 0x" + Integer.toHexString(size - 100)
                + ", file size 0x" + Integer.toHexString(size) + ")", refusal(b -> b.phoff = (long) size - 100));
        assertEquals("truncated program header table (3 entries at offset 0x40, file size 0x80)",
                refusal(Arrays.copyOf(ElfImageBuilder.sample().build(), 0x80)));
    }

    @Test
    void segmentBytesOutsideTheFile() {
        assertEquals("segment 1 (LOAD): file bytes at 0x10000, size 0x5, lie outside the file (size 0xf5)",
                refusal(b -> b.segments.get(1).offset = 0x10000L));
        assertEquals("segment 1 (LOAD): file bytes at 0x100, size 0x20, lie outside the file (size 0xf5)",
                refusal(b -> { b.segments.get(1).filesz = 0x20L; b.segments.get(1).offset = 0x100L; }));
        // offset + filesz wraps around 2^64 to a small number: must still be caught.
        assertEquals("segment 1 (LOAD): file bytes at 0x10, size 0xfffffffffffffff8, lie outside the file (size 0xf5)",
                refusal(b -> { b.segments.get(1).offset = 0x10L; b.segments.get(1).filesz = -8L; }));
        // Not only PT_LOAD: fileBytes() must be able to serve every header.
        assertEquals("segment 2 (GNU_STACK): file bytes at 0x200, size 0x1, lie outside the file (size 0xf5)",
                refusal(b -> { b.segments.get(2).offset = 0x200L; b.segments.get(2).filesz = 1L; }));
    }

    @Test
    void loadSegmentSizesAndAddresses() {
        assertEquals("segment 1: filesz 0x5 is larger than memsz 0x4", refusal(b -> b.segments.get(1).memsz = 4));
        assertEquals("segment 0: address range overflows (vaddr 0xfffffffffffffffc, paddr 0x0, memsz 0x8)",
                refusal(b -> { b.segments.get(0).vaddr = -4; b.segments.get(0).paddr = 0L; }));
        assertEquals("segment 0: address range overflows (vaddr 0x0, paddr 0xfffffffffffffffc, memsz 0x8)",
                refusal(b -> { b.segments.get(0).vaddr = 0; b.segments.get(0).paddr = -4L; }));
        // Ending exactly at 2^64 is refused too: the end address would not be representable.
        assertEquals("segment 0: address range overflows (vaddr 0xfffffffffffffff8, paddr 0x0, memsz 0x8)",
                refusal(b -> { b.segments.get(0).vaddr = -8; b.segments.get(0).paddr = 0L; }));
    }

    @Test
    void noLoadableSegment() {
        ElfImageBuilder b = new ElfImageBuilder();
        b.add(ElfSegment.PT_NOTE, ElfSegment.PF_R, new byte[8]);
        assertEquals("no loadable segment", refusal(b.build()));
    }

    @Test
    void badInterpreter() {
        assertEquals("PT_INTERP path is not NUL-terminated",
                refusal(b -> b.add(ElfSegment.PT_INTERP, ElfSegment.PF_R, "/lib/ld.so".getBytes())));
        assertEquals("PT_INTERP path contains a NUL byte",
                refusal(b -> b.add(ElfSegment.PT_INTERP, ElfSegment.PF_R, "/lib\0/ld.so\0".getBytes())));
        assertEquals("PT_INTERP of 1 bytes is not a path", refusal(b -> b.interp("")));
        assertEquals("PT_INTERP of 5001 bytes is not a path", refusal(b -> b.interp("/".repeat(5000))));
    }

    // ---- fuzzing ----

    private static final long SEED = 0x5eed_e1f_0001L;
    private static final int ROUNDS = 30_000;

    @Test
    void corruptedImagesFailOnlyWithElfFormatException() {
        List<byte[]> originals = List.of(ElfImageBuilder.sample().build(), ElfImageBuilder.samplePie().build());
        Random random = new Random(SEED);
        int accepted = 0;
        Set<String> kinds = new TreeSet<>();
        Ram ram = new Ram(0x8000_0000L, 0x4000);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] original = originals.get(round % originals.size());
            byte[] image = corrupt(original, random);
            try {
                ElfFile elf = ElfFile.parse(image);
                accepted++;
                useEverything(elf, ram);
            } catch (ElfFormatException expected) {
                String m = expected.getMessage();
                if (m == null || m.isBlank() || m.contains("\n")) fail("round " + round + ": not a one-line message: " + m);
                kinds.add(m.replaceAll("0x[0-9a-f]+|[0-9]+", "#"));
            } catch (RuntimeException | Error e) {
                throw new AssertionError("round " + round + " (seed " + SEED + "): " + e + " for image "
                        + java.util.HexFormat.of().formatHex(image), e);
            }
        }
        // Both outcomes must be common, and the refusals varied, or the fuzzer tests only a few paths.
        if (accepted < ROUNDS / 20 || accepted > ROUNDS * 19 / 20) fail("accepted " + accepted + " of " + ROUNDS);
        if (kinds.size() < 20) fail("only " + kinds.size() + " kinds of refusal: " + kinds);
    }

    /** One random corruption: truncation, byte flips (mostly in the headers), or an extreme header field. */
    private static byte[] corrupt(byte[] original, Random random) {
        byte[] image = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> image = Arrays.copyOf(image, random.nextInt(image.length + 1));
            case 1 -> {
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    int limit = random.nextBoolean() ? Math.min(image.length, 64 + 6 * 56) : image.length;
                    image[random.nextInt(limit)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> {
                // A 2-, 4- or 8-byte field in the ELF header or a program header set to an edge value.
                long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0xffff_ffffL, 0x8000_0000L, image.length,
                        image.length - 1, 0x7fff_ffffL, 0xffffL, 0xfff0};
                long v = edges[random.nextInt(edges.length)];
                int width = 2 << random.nextInt(3);
                int at = 2 * random.nextInt((Math.min(image.length, 64 + 6 * 56) - width) / 2 + 1);
                for (int i = 0; i < width; i++) image[at + i] = (byte) (v >>> (8 * i));
            }
            default -> {
                image = Arrays.copyOf(image, random.nextInt(image.length + 1));
                if (image.length > 0) image[random.nextInt(image.length)] ^= (byte) (1 << random.nextInt(8));
            }
        }
        return image;
    }

    /** Calls every accessor of a parsed image, and loads it; only ElfFormatException may come out. */
    private static void useEverything(ElfFile elf, Ram ram) {
        elf.toString();
        elf.interpreter();
        elf.phdrAddress();
        elf.lowestAddress();
        elf.endAddress();
        for (ElfSegment s : elf.programHeaders()) {
            s.toString();
            ByteBuffer bytes = elf.fileBytes(s);
            if (bytes.remaining() != s.filesz()) fail("fileBytes length " + bytes.remaining() + " for " + s);
        }
        for (long bias : new long[] {0, 0x8000_0000L, -0x8000_0000L, Long.MIN_VALUE}) {
            try {
                elf.loadInto(ram, bias);
            } catch (ElfFormatException refused) {
                // fine: the image does not fit this RAM
            }
        }
    }
}
