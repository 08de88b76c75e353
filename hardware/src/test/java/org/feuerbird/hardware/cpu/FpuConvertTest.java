package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.FpuArithmeticTest.d;
import static org.feuerbird.hardware.cpu.FpuArithmeticTest.expect;
import static org.feuerbird.hardware.cpu.FpuArithmeticTest.s;

import org.junit.jupiter.api.Test;

/**
 * The {@link Fpu} conversions: the saturation table of fcvt to integers (RISC-V F chapter,
 * "Floating-Point Conversion and Move Instructions") with its flags, rounding of every mode
 * to integers and from wide integers, sign extension of 32-bit results, NaN boxing, and
 * the conversions between the two formats.
 */
class FpuConvertTest {
    static final int RNE = Fpu.RNE, RTZ = Fpu.RTZ, RDN = Fpu.RDN, RUP = Fpu.RUP, RMM = Fpu.RMM;
    static final int NX = Fpu.NX, UF = Fpu.UF, OF = Fpu.OF, NV = Fpu.NV;
    static final long NAN = 0x7ff8_0000_0000_0000L, SNAN = 0x7ff4_0000_0000_0000L;
    static final long INF = 0x7ff0_0000_0000_0000L, NEG_INF = 0xfff0_0000_0000_0000L;
    static final long INT_MAX = 0x7fff_ffffL, INT_MIN = 0xffff_ffff_8000_0000L;

    @Test
    void toInt32SaturatesAndSignExtends() {
        expect(INT_MAX, NV, f -> f.cvtWD(INF, RNE));
        expect(INT_MAX, NV, f -> f.cvtWD(NAN, RNE));
        expect(INT_MAX, NV, f -> f.cvtWD(NAN | Long.MIN_VALUE, RNE));  // a negative NaN too
        expect(INT_MIN, NV, f -> f.cvtWD(NEG_INF, RTZ));
        expect(INT_MAX, NV, f -> f.cvtWD(d(0x1p31), RTZ));
        expect(INT_MAX, NX, f -> f.cvtWD(d(2147483647.5), RTZ));
        expect(INT_MAX, NV, f -> f.cvtWD(d(2147483647.5), RNE));     // rounds to 2^31: out of range
        expect(INT_MIN, NX, f -> f.cvtWD(d(-2147483648.5), RNE));    // tie to even: -2^31
        expect(INT_MIN, NV, f -> f.cvtWD(d(-2147483648.5), RDN));
        expect(INT_MIN, 0, f -> f.cvtWD(d(-0x1p31), RNE));
        expect(-7, 0, f -> f.cvtWD(d(-7), RNE));
        expect(0, 0, f -> f.cvtWD(d(-0.0), RNE));
        expect(0, NX, f -> f.cvtWD(d(0x1p-1074), RNE));
        expect(INT_MAX, NV, f -> f.cvtWS(s(Float.NaN), RNE));
        expect(INT_MAX, NV, f -> f.cvtWS(0x3f80_0000L, RNE));          // not boxed: NaN
        expect(INT_MIN, NV, f -> f.cvtWS(s(-3e9f), RNE));
        expect(-3, NX, f -> f.cvtWS(s(-2.5f), RMM));
    }

    @Test
    void toUnsigned32SaturatesAndSignExtends() {
        expect(-1, NV, f -> f.cvtWUD(NAN, RNE));                    // 0xffffffff, sign-extended
        expect(-1, NV, f -> f.cvtWUD(INF, RNE));
        expect(0, NV, f -> f.cvtWUD(NEG_INF, RNE));
        expect(0, NV, f -> f.cvtWUD(d(-1), RTZ));
        expect(0, NX, f -> f.cvtWUD(d(-0.3), RTZ));               // rounds to 0: valid, inexact
        expect(0, NX, f -> f.cvtWUD(d(-0.3), RNE));
        expect(0, NV, f -> f.cvtWUD(d(-0.7), RNE));               // rounds to -1: invalid
        expect(0, NV, f -> f.cvtWUD(d(-0.3), RDN));
        expect(0, 0, f -> f.cvtWUD(d(-0.0), RNE));
        expect(-1, 0, f -> f.cvtWUD(d(4294967295.0), RNE));
        expect(-1, NV, f -> f.cvtWUD(d(4294967295.5), RNE));      // rounds to 2^32
        expect(-1, NX, f -> f.cvtWUD(d(4294967295.5), RTZ));
        expect(0xffff_ffff_b2d0_5e00L, 0, f -> f.cvtWUD(d(3e9), RNE));
        expect(0x7fff_ffffL, 0, f -> f.cvtWUD(d(2147483647), RNE));
        expect(0, NV, f -> f.cvtWUS(s(-1f), RNE));
        expect(0xffff_ffff_b2d0_5e00L, 0, f -> f.cvtWUS(s(3e9f), RNE));
    }

    @Test
    void toInt64AndUnsigned64Saturate() {
        expect(Long.MAX_VALUE, NV, f -> f.cvtLD(NAN, RNE));
        expect(Long.MAX_VALUE, NV, f -> f.cvtLD(INF, RNE));
        expect(Long.MAX_VALUE, NV, f -> f.cvtLD(d(0x1p63), RNE));
        expect(Long.MIN_VALUE, 0, f -> f.cvtLD(d(-0x1p63), RNE));
        expect(Long.MIN_VALUE, NV, f -> f.cvtLD(d(-0x1p64), RNE));
        expect(Long.MIN_VALUE, NV, f -> f.cvtLD(NEG_INF, RNE));
        expect(0x7fff_ffff_ffff_fc00L, 0, f -> f.cvtLD(d(0x1p63 - 1024), RNE));
        expect(-1, NV, f -> f.cvtLUD(NAN, RNE));
        expect(-1, NV, f -> f.cvtLUD(INF, RNE));
        expect(-1, NV, f -> f.cvtLUD(d(0x1p64), RNE));
        expect(0xffff_ffff_ffff_f800L, 0, f -> f.cvtLUD(d(0x1p64 - 2048), RNE));
        expect(Long.MIN_VALUE, 0, f -> f.cvtLUD(d(0x1p63), RNE));
        expect(0, NV, f -> f.cvtLUD(d(-1), RNE));
        expect(0, NV, f -> f.cvtLUD(NEG_INF, RNE));
        expect(0, NX, f -> f.cvtLUD(d(-0.5), RNE));                // a tie to even: -0
        expect(0, NV, f -> f.cvtLUD(d(-0.5), RMM));                // away from zero: -1
        expect(Long.MAX_VALUE, NV, f -> f.cvtLS(s(Float.POSITIVE_INFINITY), RNE));
        expect(-1, NV, f -> f.cvtLUS(s(0x1p64f), RNE));
        expect(0xffff_ff00_0000_0000L, 0, f -> f.cvtLUS(s(0x1p64f - 0x1p40f), RNE));
    }

    @Test
    void everyModeRoundsToIntegers() {
        double[] values = {2.5, -2.5, 3.5, 2.4999999999999996, 0.5, -0.5, 1.75};
        long[][] expected = {
            // RNE RTZ RDN RUP RMM
            {2, 2, 2, 3, 3},
            {-2, -2, -3, -2, -3},
            {4, 3, 3, 4, 4},
            {2, 2, 2, 3, 2},
            {0, 0, 0, 1, 1},
            {0, 0, -1, 0, -1},
            {2, 1, 1, 2, 2},
        };
        for (int i = 0; i < values.length; i++) {
            for (int rm = 0; rm < 5; rm++) {
                long x = d(values[i]);
                int m = rm;
                expect(expected[i][rm], NX, f -> f.cvtLD(x, m));
                expect(expected[i][rm], NX, f -> f.cvtWD(x, m));
                float v = (float) values[i];
                if (v == values[i]) {
                    expect(expected[i][rm], NX, f -> f.cvtLS(s(v), m));
                    expect(expected[i][rm], NX, f -> f.cvtWS(s(v), m));
                }
            }
        }
    }

    @Test
    void integersToDoubles() {
        expect(d(5), 0, f -> f.cvtDW(0x1_0000_0005L, RNE));         // only the low 32 bits count
        expect(d(-1), 0, f -> f.cvtDW(0xffff_ffffL, RNE));
        expect(d(4294967295.0), 0, f -> f.cvtDWU(-1, RNE));
        expect(d(0x1p53), NX, f -> f.cvtDL((1L << 53) + 1, RNE));     // a tie, to even
        expect(d(0x1p53 + 2), NX, f -> f.cvtDL((1L << 53) + 1, RMM));
        expect(d(0x1p53 + 2), NX, f -> f.cvtDL((1L << 53) + 1, RUP));
        expect(d(0x1p53), NX, f -> f.cvtDL((1L << 53) + 1, RTZ));
        expect(d(-0x1p53 - 2), NX, f -> f.cvtDL(-(1L << 53) - 1, RDN));
        expect(d(0x1p53 + 4), NX, f -> f.cvtDL((1L << 53) + 3, RNE));
        expect(d(-0x1p63), 0, f -> f.cvtDL(Long.MIN_VALUE, RNE));
        expect(d(0x1p63), NX, f -> f.cvtDL(Long.MAX_VALUE, RNE));
        expect(d(0x1p63 - 1024), NX, f -> f.cvtDL(Long.MAX_VALUE, RTZ));
        expect(d(0x1p64), NX, f -> f.cvtDLU(-1, RNE));
        expect(d(0x1p64 - 2048), NX, f -> f.cvtDLU(-1, RDN));
        expect(d(0x1p63), 0, f -> f.cvtDLU(Long.MIN_VALUE, RNE));
        expect(d(0), 0, f -> f.cvtDL(0, RDN));                        // +0, even rounding down
    }

    @Test
    void integersToSingles() {
        expect(s(16777216f), NX, f -> f.cvtSW(16777217, RNE));
        expect(s(16777218f), NX, f -> f.cvtSW(16777217, RUP));
        expect(s(16777218f), NX, f -> f.cvtSW(16777217, RMM));
        expect(s(-16777218f), NX, f -> f.cvtSW(-16777217, RDN));
        expect(s(-0x1p31f), 0, f -> f.cvtSW(Integer.MIN_VALUE, RNE));
        expect(s(0x1p32f), NX, f -> f.cvtSWU(0xffff_ffffL, RNE));
        expect(s(0x1p32f - 256), NX, f -> f.cvtSWU(0xffff_ffffL, RTZ));
        expect(s(3f), 0, f -> f.cvtSWU(0xffff_ffff_0000_0003L, RNE)); // low 32 bits
        expect(s(-0x1p63f), 0, f -> f.cvtSL(Long.MIN_VALUE, RNE));
        expect(s(0x1p63f), NX, f -> f.cvtSL(Long.MAX_VALUE, RNE));
        expect(s(0x1p64f), NX, f -> f.cvtSLU(-1, RNE));
        expect(s(0x1p64f - 0x1p40f), NX, f -> f.cvtSLU(-1, RTZ));
        expect(s(0f), 0, f -> f.cvtSL(0, RNE));
    }

    @Test
    void betweenTheFormats() {
        expect(s(1.5f), 0, f -> f.cvtSD(d(1.5), RNE));
        expect(s(0.1f), NX, f -> f.cvtSD(d(0.1), RNE));
        expect(s(Math.nextDown(0.1f)), NX, f -> f.cvtSD(d(0.1), RDN));
        expect(0xffff_ffff_7fc0_0000L, 0, f -> f.cvtSD(0x7ff8_0000_dead_beefL, RNE));
        expect(0xffff_ffff_7fc0_0000L, NV, f -> f.cvtSD(SNAN, RNE));
        expect(s(Float.POSITIVE_INFINITY), 0, f -> f.cvtSD(INF, RNE));
        expect(s(Float.POSITIVE_INFINITY), OF | NX, f -> f.cvtSD(d(Double.MAX_VALUE), RNE));
        expect(s(Float.MAX_VALUE), OF | NX, f -> f.cvtSD(d(Double.MAX_VALUE), RTZ));
        expect(s(Float.MAX_VALUE), NX, f -> f.cvtSD(d(0x1p128 - 0x1p100), RTZ));  // below 2^128: no OF
        expect(s(-0f), UF | NX, f -> f.cvtSD(d(-0x1p-200), RNE));
        expect(s(-Float.MIN_VALUE), UF | NX, f -> f.cvtSD(d(-0x1p-200), RDN));
        expect(s(Float.MIN_VALUE), UF | NX, f -> f.cvtSD(d(0x1p-150 + 0x1p-200), RNE));
        // 2^-126 - 2^-150 rounds to MIN_NORMAL, but has 24 bits: tiny after rounding
        expect(s(Float.MIN_NORMAL), UF | NX, f -> f.cvtSD(d(0x1p-126 - 0x1p-150), RNE));
        // 2^-126 - 2^-151 is a tie even with an unbounded exponent, and goes up to MIN_NORMAL
        expect(s(Float.MIN_NORMAL), NX, f -> f.cvtSD(d(0x1p-126 - 0x1p-151), RNE));
        expect(s(Float.MIN_NORMAL), NX, f -> f.cvtSD(d(0x1p-126 - 0x1p-151), RUP));
        expect(s(Math.nextDown(Float.MIN_NORMAL)), UF | NX, f -> f.cvtSD(d(0x1p-126 - 0x1p-151), RTZ));
        expect(s(0x1p-149f), 0, f -> f.cvtSD(d(0x1p-149), RNE));                         // exact subnormal
        expect(d(1.5), 0, f -> f.cvtDS(s(1.5f), RNE));
        expect(d(0x1p-149), 0, f -> f.cvtDS(s(Float.MIN_VALUE), RNE));
        expect(NAN, NV, f -> f.cvtDS(0xffff_ffff_7f80_0001L, RNE));
        expect(NAN, 0, f -> f.cvtDS(0xffff_ffff_ffc1_2345L, RNE));
        expect(NAN, 0, f -> f.cvtDS(0x0000_0000_3f80_0000L, RNE));  // not boxed
        expect(d(Double.NEGATIVE_INFINITY), 0, f -> f.cvtDS(s(Float.NEGATIVE_INFINITY), RNE));
    }
}
