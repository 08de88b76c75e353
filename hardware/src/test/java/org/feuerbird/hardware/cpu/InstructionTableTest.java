package org.feuerbird.hardware.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The instruction table is the one source of truth: Op names it, the decoder follows it. */
class InstructionTableTest {

    @Test
    void everyOperationHasExactlyOneRowUnderItsOwnName() throws IllegalAccessException {
        Map<Integer, String> rows = new HashMap<>();
        for (InstructionTable.Row r : InstructionTable.ROWS) {
            String previous = rows.put(r.op(), r.name());
            assertEquals(null, previous, "two rows for op " + r.op() + ": " + previous + ", " + r.name());
        }
        int named = 0;
        for (Field f : Op.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) continue;
            String name = f.getName();
            if (name.equals("ILLEGAL") || name.equals("PAGE_END") || name.equals("COUNT")) continue;
            int op = f.getInt(null);
            assertTrue(op > 0 && op < Op.COUNT, name + " out of range");
            assertEquals(name.toLowerCase().replace('_', '.'), rows.get(op), "row of Op." + name);
            named++;
        }
        assertEquals(rows.size(), named, "rows without an Op constant");
        assertEquals(Op.COUNT - 3, named, "Op.COUNT is stale");
    }

    @Test
    void eachRowDecodesToItselfAndNoRowShadowsAnother() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (InstructionTable.Row r : InstructionTable.ROWS) {
            for (int i = 0; i < 200; i++) {
                int insn = (rnd.nextInt() & ~r.mask()) | r.match();
                assertEquals(r.op(), Decoder.op(Decoder.decode32(insn)),
                    () -> r.name() + " " + Integer.toHexString(insn));
            }
        }
    }

    @Test
    void wordsOutsideTheTableAreIllegalWithTheirBitsAsTval() {
        SplittableRandom rnd = new SplittableRandom(11);
        int illegal = 0;
        for (int i = 0; i < 200_000; i++) {
            int insn = rnd.nextInt() | 3;
            long d = Decoder.decode32(insn);
            boolean inTable = InstructionTable.ROWS.stream().anyMatch(r -> (insn & r.mask()) == r.match());
            assertEquals(!inTable, Decoder.op(d) == Op.ILLEGAL, Integer.toHexString(insn));
            if (!inTable) {
                illegal++;
                assertEquals(insn & 0xffff_ffffL, d >>> 32);
            }
        }
        assertTrue(illegal > 1000);
    }

    @Test
    void fieldsAndImmediatesAreDecodedPerFormat() {
        // addi a0, a1, -1  /  sd a1, -8(sp)  /  beq a0, a1, -4  /  jal ra, 2048  /  lui t0, 0xfffff
        long addi = Decoder.decode32(0xfff58513);
        assertEquals(Op.ADDI, Decoder.op(addi));
        assertEquals(10, Decoder.rd(addi));
        assertEquals(11, Decoder.rs1(addi));
        assertEquals(-1, Decoder.imm(addi));
        long sd = Decoder.decode32(0xfeb13c23);
        assertEquals(Op.SD, Decoder.op(sd));
        assertEquals(-8, Decoder.imm(sd));
        assertEquals(2, Decoder.rs1(sd));
        assertEquals(11, Decoder.rs2(sd));
        long beq = Decoder.decode32(0xfeb50ee3);
        assertEquals(Op.BEQ, Decoder.op(beq));
        assertEquals(-4, Decoder.imm(beq));
        long jal = Decoder.decode32(0x001000ef);
        assertEquals(Op.JAL, Decoder.op(jal));
        assertEquals(2048, Decoder.imm(jal));
        assertEquals(1, Decoder.rd(jal));
        long lui = Decoder.decode32(0xfffff2b7);
        assertEquals(0xffff_ffff_ffff_f000L, Decoder.imm(lui));
        // An integer destination x0 becomes the sink; a float destination f0 stays f0.
        assertEquals(Decoder.SINK, Decoder.rd(Decoder.decode32(0x00000013)));   // nop = addi x0, x0, 0
        assertEquals(0, Decoder.rd(Decoder.decode32(0x02b57053)));              // fadd.d f0, fa0, fa1
        assertEquals(4, Decoder.length(addi));
        assertEquals(2, Decoder.length(Decoder.decode16(0x0505)));              // c.addi a0, 1
    }
}
