package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.FpuArithmeticTest.d;
import static org.feuerbird.hardware.cpu.FpuArithmeticTest.expect;
import static org.feuerbird.hardware.cpu.FpuArithmeticTest.s;

import org.junit.jupiter.api.Test;

/**
 * The {@link Fpu} operations that do not round: sign injection, minimum and maximum
 * (RISC-V 2.2+ rules), quiet and signalling comparisons, and fclass, in both formats.
 */
class FpuCompareTest {
    static final int NV = Fpu.NV;
    static final long QNAN_D = 0x7ff8_0000_0000_0000L, SNAN_D = 0x7ff0_0000_0000_0001L;
    static final long QNAN_S = 0xffff_ffff_7fc0_0000L, SNAN_S = 0xffff_ffff_7f80_0001L;
    static final long UNBOXED = 0x0000_0000_3f80_0000L;   // 1.0f without its box

    @Test
    void signInjectionLeavesNaNPayloadsAlone() {
        long payload = 0x7ff4_0000_dead_beefL;                // a signalling NaN, even
        expect(payload | Long.MIN_VALUE, 0, f -> f.sgnjD(payload, d(-1)));
        expect(payload | Long.MIN_VALUE, 0, f -> f.sgnjnD(payload, d(1)));
        expect(payload | Long.MIN_VALUE, 0, f -> f.sgnjxD(payload, d(-1)));
        expect(d(-2), 0, f -> f.sgnjxD(d(2), d(-0.0)));
        expect(d(2), 0, f -> f.sgnjxD(d(-2), d(-3)));
        expect(d(-0.0), 0, f -> f.sgnjnD(d(0), d(0)));         // fneg.d
        expect(d(5), 0, f -> f.sgnjxD(d(-5), d(-5)));          // fabs.d
        expect(s(-2f), 0, f -> f.sgnjS(s(2f), s(-1f)));
        expect(s(2f), 0, f -> f.sgnjnS(s(2f), s(-1f)));
        expect(s(-2f), 0, f -> f.sgnjxS(s(-2f), s(3f)));
        expect(0xffff_ffff_ff80_0001L, 0, f -> f.sgnjS(SNAN_S, s(-1f)));
        // a badly boxed operand is the canonical NaN, as magnitude and as sign source
        expect(0xffff_ffff_ffc0_0000L, 0, f -> f.sgnjnS(UNBOXED, s(1f)));
        expect(s(-1f), 0, f -> f.sgnjnS(s(1f), UNBOXED));
    }

    @Test
    void minAndMax() {
        expect(d(-0.0), 0, f -> f.minD(d(0.0), d(-0.0)));
        expect(d(-0.0), 0, f -> f.minD(d(-0.0), d(0.0)));
        expect(d(0.0), 0, f -> f.maxD(d(-0.0), d(0.0)));
        expect(d(0.0), 0, f -> f.maxD(d(0.0), d(-0.0)));
        expect(d(-3), 0, f -> f.minD(d(2), d(-3)));
        expect(d(2), 0, f -> f.maxD(d(2), d(-3)));
        expect(d(Double.NEGATIVE_INFINITY), 0, f -> f.minD(d(Double.NEGATIVE_INFINITY), d(-1e308)));
        // one NaN: the other operand; signalling raises NV; two NaNs: the canonical NaN
        expect(d(1), 0, f -> f.minD(QNAN_D | 0x1234, d(1)));
        expect(d(1), 0, f -> f.maxD(d(1), QNAN_D));
        expect(d(1), NV, f -> f.minD(SNAN_D, d(1)));
        expect(d(1), NV, f -> f.maxD(d(1), SNAN_D));
        expect(QNAN_D, 0, f -> f.minD(QNAN_D | 0x1234, QNAN_D | 0x5678));
        expect(QNAN_D, NV, f -> f.maxD(SNAN_D, QNAN_D));
        expect(s(-0f), 0, f -> f.minS(s(0f), s(-0f)));
        expect(s(0f), 0, f -> f.maxS(s(-0f), s(0f)));
        expect(s(-1f), 0, f -> f.minS(s(-1f), s(1f)));
        expect(s(2f), NV, f -> f.minS(SNAN_S, s(2f)));
        expect(s(2f), 0, f -> f.maxS(UNBOXED, s(2f)));          // badly boxed: a quiet NaN
        expect(QNAN_S, 0, f -> f.maxS(UNBOXED, QNAN_S));
        expect(QNAN_S, NV, f -> f.minS(SNAN_S, SNAN_S));
    }

    @Test
    void comparisons() {
        expect(1, 0, f -> f.eqD(d(0.0), d(-0.0)));
        expect(0, 0, f -> f.ltD(d(-0.0), d(0.0)));
        expect(1, 0, f -> f.leD(d(-0.0), d(0.0)));
        expect(1, 0, f -> f.ltD(d(-1), d(1)));
        expect(0, 0, f -> f.leD(d(2), d(1)));
        expect(1, 0, f -> f.ltD(d(Double.NEGATIVE_INFINITY), d(-Double.MAX_VALUE)));
        // feq is quiet: NV only for signalling NaNs; flt and fle signal for any NaN
        expect(0, 0, f -> f.eqD(QNAN_D, QNAN_D));
        expect(0, NV, f -> f.eqD(SNAN_D, d(1)));
        expect(0, NV, f -> f.ltD(QNAN_D, d(1)));
        expect(0, NV, f -> f.leD(d(1), QNAN_D));
        expect(0, NV, f -> f.leD(SNAN_D, SNAN_D));
        expect(1, 0, f -> f.eqS(s(0f), s(-0f)));
        expect(1, 0, f -> f.ltS(s(-2f), s(-1f)));
        expect(1, 0, f -> f.leS(s(3f), s(3f)));
        expect(0, 0, f -> f.eqS(UNBOXED, UNBOXED));              // canonical NaNs: quiet
        expect(0, NV, f -> f.eqS(SNAN_S, s(1f)));
        expect(0, NV, f -> f.ltS(UNBOXED, s(1f)));
        expect(0, NV, f -> f.leS(s(1f), QNAN_S));
    }

    @Test
    void classification() {
        expect(1 << 0, 0, f -> f.classD(d(Double.NEGATIVE_INFINITY)));
        expect(1 << 1, 0, f -> f.classD(d(-1)));
        expect(1 << 2, 0, f -> f.classD(0x800f_ffff_ffff_ffffL));
        expect(1 << 3, 0, f -> f.classD(d(-0.0)));
        expect(1 << 4, 0, f -> f.classD(d(0.0)));
        expect(1 << 5, 0, f -> f.classD(1));
        expect(1 << 6, 0, f -> f.classD(d(Double.MAX_VALUE)));
        expect(1 << 7, 0, f -> f.classD(d(Double.POSITIVE_INFINITY)));
        expect(1 << 8, 0, f -> f.classD(SNAN_D | Long.MIN_VALUE));   // no NV: fclass never signals
        expect(1 << 9, 0, f -> f.classD(QNAN_D));
        expect(1 << 0, 0, f -> f.classS(s(Float.NEGATIVE_INFINITY)));
        expect(1 << 1, 0, f -> f.classS(s(-Float.MIN_NORMAL)));
        expect(1 << 2, 0, f -> f.classS(s(-Float.MIN_VALUE)));
        expect(1 << 3, 0, f -> f.classS(s(-0f)));
        expect(1 << 4, 0, f -> f.classS(s(0f)));
        expect(1 << 5, 0, f -> f.classS(s(Math.nextDown(Float.MIN_NORMAL))));
        expect(1 << 6, 0, f -> f.classS(s(1f)));
        expect(1 << 7, 0, f -> f.classS(s(Float.POSITIVE_INFINITY)));
        expect(1 << 8, 0, f -> f.classS(SNAN_S));
        expect(1 << 9, 0, f -> f.classS(QNAN_S));
        expect(1 << 9, 0, f -> f.classS(UNBOXED));
        expect(1 << 9, 0, f -> f.classS(0xffff_fffe_0000_0000L));  // +0 with a broken box
    }
}
