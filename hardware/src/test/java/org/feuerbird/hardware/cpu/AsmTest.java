package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.Asm.*;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Pins the test assembler {@link Asm} to the GNU assembler, so that the privileged tests
 * built on it exercise the instructions they name.
 *
 * <p>The expected words were produced once, offline, by assembling the quoted text with
 * {@code riscv64-linux-gnu-as -march=rv64gc} (binutils 2.40; {@code .option norvc} for the
 * 32-bit part) and reading them back with {@code objdump -d -M no-aliases}; branch targets
 * were written as {@code 1b+offset} so that the offsets are the ones passed here. Operands
 * are chosen to reach the extremes of each immediate and register field. {@link Asm#li} is
 * checked by running its expansions on the hart, which is what it is for.
 */
class AsmTest {
    private final List<Executable> checks = new ArrayList<>();

    private void gnu(int expected, int actual, String text) {
        checks.add(() -> assertEquals(Integer.toHexString(expected), Integer.toHexString(actual), text));
    }

    @Test
    void encodingsMatchTheGnuAssembler() {
        gnu(0x00c58533, add(A0, A1, A2), "add a0,a1,a2");
        gnu(0x401d8fb3, sub(T6, S11, RA), "sub t6,s11,ra");
        gnu(0x00d737b3, sltu(A5, A4, A3), "sltu a5,a4,a3");
        gnu(0x413954b3, sra(S1, S2, S3), "sra s1,s2,s3");
        gnu(0x00c5853b, addw(A0, A1, A2), "addw a0,a1,a2");
        gnu(0x407302bb, subw(T0, T1, T2), "subw t0,t1,t2");
        gnu(0x40f756bb, sraw(A3, A4, A5), "sraw a3,a4,a5");
        gnu(0x80058513, addi(A0, A1, -2048), "addi a0,a1,-2048");
        gnu(0x7ff10113, addi(SP, SP, 2047), "addi sp,sp,2047");
        gnu(0xfff5b513, sltiu(A0, A1, -1), "sltiu a0,a1,-1");
        gnu(0x7ff37293, andi(T0, T1, 0x7ff), "andi t0,t1,0x7ff");
        gnu(0x03f59513, slli(A0, A1, 63), "slli a0,a1,63");
        gnu(0x0015d513, srli(A0, A1, 1), "srli a0,a1,1");
        gnu(0x43f5d513, srai(A0, A1, 63), "srai a0,a1,63");
        gnu(0xfff5851b, addiw(A0, A1, -1), "addiw a0,a1,-1");
        gnu(0x01f5951b, slliw(A0, A1, 31), "slliw a0,a1,31");
        gnu(0x01f5d51b, srliw(A0, A1, 31), "srliw a0,a1,31");
        gnu(0x41f5d51b, sraiw(A0, A1, 31), "sraiw a0,a1,31");
        gnu(0xfffff537, lui(A0, 0xfffff), "lui a0,0xfffff");
        gnu(0x800002b7, lui(T0, 0x80000), "lui t0,0x80000");
        gnu(0x12345517, auipc(A0, 0x12345), "auipc a0,0x12345");
        gnu(0xfff58503, lb(A0, -1, A1), "lb a0,-1(a1)");
        gnu(0x7fe5d503, lhu(A0, 2046, A1), "lhu a0,2046(a1)");
        gnu(0x80012503, lw(A0, -2048, SP), "lw a0,-2048(sp)");
        gnu(0x00813403, ld(S0, 8, SP), "ld s0,8(sp)");
        gnu(0x00486883, lwu(A7, 4, A6), "lwu a7,4(a6)");
        gnu(0xfea58fa3, sb(A0, -1, A1), "sb a0,-1(a1)");
        gnu(0x7ea59fa3, sh(A0, 2047, A1), "sh a0,2047(a1)");
        gnu(0x81fda023, sw(T6, -2048, S11), "sw t6,-2048(s11)");
        gnu(0x00113823, sd(RA, 16, SP), "sd ra,16(sp)");
        gnu(0x7eb50fe3, beq(A0, A1, 4094), "beq a0,a1,.+4094");
        gnu(0x80b51063, bne(A0, A1, -4096), "bne a0,a1,.-4096");
        gnu(0x00b540e3, blt(A0, A1, 2048), "blt a0,a1,.+2048");
        gnu(0xffefffe3, bgeu(T6, T5, -2), "bgeu t6,t5,.-2");
        gnu(0x7ffff0ef, jal(RA, 1048574), "jal ra,.+1048574");
        gnu(0x8000006f, jal(ZERO, -1048576), "jal zero,.-1048576");
        gnu(0x0010006f, jal(ZERO, 2048), "jal zero,.+2048");
        gnu(0x00c500e7, jalr(RA, A0, 12), "jalr ra,12(a0)");
        gnu(0xfff28067, jalr(ZERO, T0, -1), "jalr zero,-1(t0)");
        gnu(0x02c58533, mul(A0, A1, A2), "mul a0,a1,a2");
        gnu(0x02c59533, mulh(A0, A1, A2), "mulh a0,a1,a2");
        gnu(0x02c5a533, mulhsu(A0, A1, A2), "mulhsu a0,a1,a2");
        gnu(0x02c5b533, mulhu(A0, A1, A2), "mulhu a0,a1,a2");
        gnu(0x02c5c533, div(A0, A1, A2), "div a0,a1,a2");
        gnu(0x02c5d533, divu(A0, A1, A2), "divu a0,a1,a2");
        gnu(0x02c5e533, rem(A0, A1, A2), "rem a0,a1,a2");
        gnu(0x02c5f533, remu(A0, A1, A2), "remu a0,a1,a2");
        gnu(0x02c5853b, mulw(A0, A1, A2), "mulw a0,a1,a2");
        gnu(0x02c5c53b, divw(A0, A1, A2), "divw a0,a1,a2");
        gnu(0x02c5d53b, divuw(A0, A1, A2), "divuw a0,a1,a2");
        gnu(0x02c5e53b, remw(A0, A1, A2), "remw a0,a1,a2");
        gnu(0x02c5f53b, remuw(A0, A1, A2), "remuw a0,a1,a2");
        gnu(0x1005a52f, lr_w(A0, A1), "lr.w a0,(a1)");
        gnu(0x18c5a52f, sc_w(A0, A2, A1), "sc.w a0,a2,(a1)");
        gnu(0x100332af, lr_d(T0, T1), "lr.d t0,(t1)");
        gnu(0x187332af, sc_d(T0, T2, T1), "sc.d t0,t2,(t1)");
        gnu(0x08c5a52f, amoswap_w(A0, A2, A1), "amoswap.w a0,a2,(a1)");
        gnu(0x00c5b52f, amoadd_d(A0, A2, A1), "amoadd.d a0,a2,(a1)");
        gnu(0x20c5a52f, amoxor_w(A0, A2, A1), "amoxor.w a0,a2,(a1)");
        gnu(0x60c5b52f, amoand_d(A0, A2, A1), "amoand.d a0,a2,(a1)");
        gnu(0x40c5a52f, amoor_w(A0, A2, A1), "amoor.w a0,a2,(a1)");
        gnu(0x80c5b52f, amomin_d(A0, A2, A1), "amomin.d a0,a2,(a1)");
        gnu(0xa0c5a52f, amomax_w(A0, A2, A1), "amomax.w a0,a2,(a1)");
        gnu(0xc0c5b52f, amominu_d(A0, A2, A1), "amominu.d a0,a2,(a1)");
        gnu(0xe0c5a52f, amomaxu_w(A0, A2, A1), "amomaxu.w a0,a2,(a1)");
        gnu(0x30059573, csrrw(A0, MSTATUS, A1), "csrrw a0,mstatus,a1");
        gnu(0x34102573, csrr(A0, MEPC), "csrrs a0,mepc,zero");
        gnu(0x1445b573, csrrc(A0, SIP, A1), "csrrc a0,sip,a1");
        gnu(0x180fd073, csrrwi(ZERO, SATP, 31), "csrrwi zero,satp,31");
        gnu(0xc000e573, csrrsi(A0, CYCLE, 1), "csrrsi a0,cycle,1");
        gnu(0xfff8f573, csrrci(A0, 0xfff, 17), "csrrci a0,0xfff,17");
        gnu(0x00000073, ecall(), "ecall");
        gnu(0x00100073, ebreak(), "ebreak");
        gnu(0x30200073, mret(), "mret");
        gnu(0x10200073, sret(), "sret");
        gnu(0x10500073, wfi(), "wfi");
        gnu(0x12000073, sfence_vma(), "sfence.vma");
        gnu(0x12b50073, sfence_vma(A0, A1), "sfence.vma a0,a1");
        gnu(0x0000100f, fence_i(), "fence.i");
        gnu(0x0ff0000f, fence(), "fence");
        gnu(0xffc5a507, flw(10, -4, A1), "flw fa0,-4(a1)");
        gnu(0x01b13427, fsd(27, 8, SP), "fsd fs11,8(sp)");
        gnu(0x7f853007, fld(0, 2040, A0), "fld ft0,2040(a0)");
        gnu(0x80f72027, fsw(15, -2048, A4), "fsw fa5,-2048(a4)");
        gnu(0x00c5f553, fadd_s(10, 11, 12), "fadd.s fa0,fa1,fa2");
        gnu(0x0220f053, fadd_d(0, 1, 2), "fadd.d ft0,ft1,ft2");
        gnu(0x1b24f453, fdiv_d(8, 9, 18), "fdiv.d fs0,fs1,fs2");
        gnu(0xe0050553, fmv_x_w(A0, 10), "fmv.x.w a0,fa0");
        gnu(0xf0050553, fmv_w_x(10, A0), "fmv.w.x fa0,a0");
        gnu(0xe20f82d3, fmv_x_d(T0, 31), "fmv.x.d t0,ft11");
        gnu(0xf2028fd3, fmv_d_x(31, T0), "fmv.d.x ft11,t0");
        gnu(0x0001, c_nop(), "c.nop");
        gnu(0x9002, c_ebreak(), "c.ebreak");
        gnu(0x5501, c_li(A0, -32), "c.li a0,-32");
        gnu(0x4ffd, c_li(T6, 31), "c.li t6,31");
        assertAll(checks);
    }

    @Test
    void immediatesThatDoNotFitAreRefused() {
        List<Executable> refused = List.of(
            () -> addi(A0, A0, 2048), () -> addi(A0, A0, -2049), () -> sd(A0, 4096, SP), () -> beq(A0, A1, 3),
            () -> beq(A0, A1, 4096), () -> jal(RA, 1 << 20), () -> lui(A0, -1), () -> slli(A0, A0, 64),
            () -> slliw(A0, A0, 32), () -> csrrwi(A0, MSTATUS, 32), () -> c_li(A0, 32));
        for (Executable e : refused) assertThrows(IllegalArgumentException.class, e);
    }

    @Test
    void liLoadsEveryKindOfConstant() {
        long[] values = {0, 1, -1, 2047, -2048, 2048, -2049, 0x7ff, 0x800, 0x7fff_f800L, 0x7fff_ffffL,
            0x8000_0000L, -0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L, 0x1234_5678_9abc_def0L,
            Long.MAX_VALUE, Long.MIN_VALUE, 0x8000_0000_0000_0800L, 0x0000_7fff_ffff_f800L,
            0xffff_ffc0_0000_0000L, 0x0000_0040_0000_0000L, 0xdead_beef_dead_beefL, 0x0fff_ffff_ffff_ffffL};
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program();
        for (int k = 0; k < values.length; k++) {
            p.li(A0, values[k]).i(sd(A0, 8 * k, S0));
        }
        p.i(ecall());
        rig.hart.setX(S0, TestRig.DATA);
        rig.load(p).runToEcall(Privilege.M);
        for (int k = 0; k < values.length; k++) {
            long got = rig.ram.load64(TestRig.DATA + 8L * k);
            int n = Asm.li(A0, values[k]).length;
            assertEquals(values[k], got, "li 0x" + Long.toHexString(values[k]));
            assertTrue(n <= 8, "li expands to at most 8 instructions");
        }
    }
}
