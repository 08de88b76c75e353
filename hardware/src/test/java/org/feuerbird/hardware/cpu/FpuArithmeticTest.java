package org.feuerbird.hardware.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Corner cases of the {@link Fpu} arithmetic, one by one, with the expected bits and flags
 * worked out by hand from IEEE 754 and the RISC-V F/D chapters: signed zeros, NaN boxing
 * and canonical NaNs, invalid operations, division by zero, each rounding mode on and next
 * to a tie, overflow to infinity or to the largest finite number, underflow with tininess
 * detected after rounding, and the single rounding of fused multiply-add.
 */
class FpuArithmeticTest {
    static final int RNE = Fpu.RNE, RTZ = Fpu.RTZ, RDN = Fpu.RDN, RUP = Fpu.RUP, RMM = Fpu.RMM;
    static final int NX = Fpu.NX, UF = Fpu.UF, OF = Fpu.OF, DZ = Fpu.DZ, NV = Fpu.NV;
    static final long QNAN_D = 0x7ff8_0000_0000_0000L, SNAN_D = 0x7ff0_0000_0000_0001L;
    static final long QNAN_S = 0xffff_ffff_7fc0_0000L, SNAN_S = 0xffff_ffff_7f80_0001L;
    static final long MIN_NORMAL_D = 0x0010_0000_0000_0000L, MAX_D = 0x7fef_ffff_ffff_ffffL;
    static final long INF_D = 0x7ff0_0000_0000_0000L, NEG_INF_D = 0xfff0_0000_0000_0000L;
    static final long ONE_MINUS_ULP = 0x3fef_ffff_ffff_ffffL;  // 1 - 2^-53

    static long d(double x) { return Double.doubleToRawLongBits(x); }

    static long s(float x) { return FpuRound.box(x); }

    /** Runs op on a fresh unit and checks result bits and flags. */
    static void expect(long bits, int flags, java.util.function.ToLongFunction<Fpu> op) {
        Fpu f = new Fpu();
        long r = op.applyAsLong(f);
        assertEquals(Long.toHexString(bits), Long.toHexString(r), "result");
        assertEquals(FpuRandomTest.flagString(flags), FpuRandomTest.flagString(f.flags), "flags");
    }

    @Test
    void signedZeros() {
        expect(d(0.0), 0, f -> f.subD(d(1.5), d(1.5), RNE));
        expect(d(-0.0), 0, f -> f.subD(d(1.5), d(1.5), RDN));    // x - x is -0 when rounding down
        expect(d(0.0), 0, f -> f.subD(d(1.5), d(1.5), RUP));
        expect(d(-0.0), 0, f -> f.addD(d(-0.0), d(-0.0), RNE));
        expect(d(0.0), 0, f -> f.addD(d(0.0), d(-0.0), RNE));
        expect(d(-0.0), 0, f -> f.addD(d(0.0), d(-0.0), RDN));
        expect(d(0.0), 0, f -> f.addD(d(0.0), d(0.0), RDN));
        expect(d(-0.0), 0, f -> f.mulD(d(0.0), d(-5), RUP));
        expect(d(-0.0), 0, f -> f.divD(d(-0.0), d(3), RNE));
        expect(d(-0.0), 0, f -> f.sqrtD(d(-0.0), RNE));
        expect(s(0f), 0, f -> f.subS(s(2.5f), s(2.5f), RNE));
        expect(s(-0f), 0, f -> f.subS(s(2.5f), s(2.5f), RDN));
        expect(s(-0f), 0, f -> f.addS(s(-0f), s(-0f), RTZ));
        expect(s(-0f), 0, f -> f.sqrtS(s(-0f), RUP));
        // fused: the product's sign counts even when it is zero
        expect(d(-0.0), 0, f -> f.maddD(d(-0.0), d(1), d(-0.0), RNE));
        expect(d(0.0), 0, f -> f.maddD(d(-0.0), d(1), d(0.0), RNE));
        expect(d(-0.0), 0, f -> f.maddD(d(-0.0), d(1), d(0.0), RDN));
        expect(d(0.0), 0, f -> f.maddD(d(2), d(3), d(-6), RNE));    // exact cancellation
        expect(d(-0.0), 0, f -> f.maddD(d(2), d(3), d(-6), RDN));
        expect(d(0.0), 0, f -> f.nmaddD(d(2), d(3), d(-6), RNE));   // -(6) - (-6) = +0
        expect(s(-0f), 0, f -> f.msubS(s(2f), s(3f), s(6f), RDN));
    }

    @Test
    void nanResultsAreCanonicalAndOnlySignallingOnesRaiseInvalid() {
        long payload = 0x7ff8_0000_dead_beefL;
        expect(QNAN_D, 0, f -> f.addD(payload, d(1), RNE));
        expect(QNAN_D, 0, f -> f.mulD(d(1), payload | Long.MIN_VALUE, RNE));
        expect(QNAN_D, NV, f -> f.addD(SNAN_D, d(1), RNE));
        expect(QNAN_D, NV, f -> f.divD(d(1), SNAN_D, RTZ));
        expect(QNAN_D, NV, f -> f.sqrtD(SNAN_D, RNE));
        expect(QNAN_D, NV, f -> f.maddD(d(1), d(2), SNAN_D, RNE));
        expect(QNAN_D, 0, f -> f.maddD(d(1), d(2), payload, RNE));
        expect(QNAN_S, 0, f -> f.addS(0xffff_ffff_7fc1_2345L, s(1), RNE));
        expect(QNAN_S, NV, f -> f.mulS(s(1), SNAN_S, RNE));
        expect(QNAN_S, NV, f -> f.sqrtS(SNAN_S, RNE));
    }

    @Test
    void improperlyBoxedSinglesReadAsTheCanonicalNaN() {
        long unboxed = 0x0000_0000_3f80_0000L;  // 1.0f without the box: a quiet NaN, not a signalling one
        expect(QNAN_S, 0, f -> f.addS(unboxed, s(1), RNE));
        expect(QNAN_S, 0, f -> f.mulS(s(2), 0x7fff_ffff_3f80_0000L, RNE));
        expect(QNAN_S, 0, f -> f.divS(unboxed, s(1), RNE));
        expect(QNAN_S, 0, f -> f.sqrtS(unboxed, RNE));
        expect(QNAN_S, 0, f -> f.maddS(s(1), s(1), unboxed, RNE));
        expect(QNAN_S, NV, f -> f.maddS(s(0f), s(Float.POSITIVE_INFINITY), unboxed, RNE));
        // results are always boxed
        expect(0xffff_ffff_4040_0000L, 0, f -> f.addS(s(1), s(2), RNE));
        expect(0xffff_ffff_4040_0000L, 0, f -> f.addS(s(1), s(2), RUP));
    }

    @Test
    void invalidOperations() {
        expect(QNAN_D, NV, f -> f.addD(INF_D, NEG_INF_D, RNE));
        expect(QNAN_D, NV, f -> f.subD(INF_D, INF_D, RNE));
        expect(INF_D, 0, f -> f.addD(INF_D, INF_D, RNE));
        expect(QNAN_D, NV, f -> f.mulD(d(0), INF_D, RNE));
        expect(QNAN_D, NV, f -> f.divD(d(0), d(-0.0), RNE));
        expect(QNAN_D, NV, f -> f.divD(INF_D, NEG_INF_D, RNE));
        expect(QNAN_D, NV, f -> f.sqrtD(d(-1), RNE));
        expect(QNAN_D, NV, f -> f.sqrtD(NEG_INF_D, RNE));
        expect(QNAN_D, NV, f -> f.sqrtD(0x8000_0000_0000_0001L, RNE));  // negative subnormal
        expect(INF_D, 0, f -> f.sqrtD(INF_D, RNE));
        expect(QNAN_S, NV, f -> f.sqrtS(s(-4f), RNE));
        expect(QNAN_S, NV, f -> f.addS(s(Float.POSITIVE_INFINITY), s(Float.NEGATIVE_INFINITY), RNE));
        expect(QNAN_S, NV, f -> f.divS(s(0f), s(0f), RNE));
        // fused multiply-add: 0 * inf is invalid even with a quiet NaN addend (RISC-V)
        expect(QNAN_D, NV, f -> f.maddD(d(0), INF_D, QNAN_D, RNE));
        expect(QNAN_D, NV, f -> f.maddD(INF_D, d(-0.0), d(1), RNE));
        expect(QNAN_D, NV, f -> f.maddD(INF_D, d(2), NEG_INF_D, RNE));
        expect(QNAN_D, NV, f -> f.msubD(INF_D, d(2), INF_D, RNE));
        expect(NEG_INF_D, 0, f -> f.nmaddD(INF_D, d(2), INF_D, RNE));
        expect(INF_D, 0, f -> f.maddD(d(1), d(2), INF_D, RNE));
        expect(QNAN_S, NV, f -> f.maddS(s(0f), s(Float.POSITIVE_INFINITY), QNAN_S, RNE));
    }

    @Test
    void divisionByZero() {
        expect(INF_D, DZ, f -> f.divD(d(1), d(0), RNE));
        expect(NEG_INF_D, DZ, f -> f.divD(d(-1), d(0), RTZ));
        expect(NEG_INF_D, DZ, f -> f.divD(d(1), d(-0.0), RNE));
        expect(INF_D, 0, f -> f.divD(INF_D, d(0), RNE));       // infinity over zero is exact
        expect(QNAN_D, 0, f -> f.divD(QNAN_D, d(0), RNE));
        expect(d(0), 0, f -> f.divD(d(1), INF_D, RNE));
        expect(s(Float.NEGATIVE_INFINITY), DZ, f -> f.divS(s(-3f), s(0f), RNE));
    }

    @Test
    void roundingModesOnAndBesideTies() {
        double half = 0x1p-53;                  // half an ulp of 1
        long up = d(1 + 0x1p-52);
        // exactly halfway: ties go to even (1) or away from zero
        long[] expected = {d(1), d(1), d(1), up, up};
        for (int rm = 0; rm < 5; rm++) {
            int m = rm;
            expect(expected[rm], NX, f -> f.addD(d(1), d(half), m));
            expect(expected[rm] ^ Long.MIN_VALUE, NX, f -> f.addD(d(-1), d(-half), mirror(m)));
        }
        // just above halfway: nearest is up
        long[] above = {up, d(1), d(1), up, up};
        for (int rm = 0; rm < 5; rm++) {
            int m = rm;
            expect(above[rm], NX, f -> f.addD(d(1), d(half + 0x1p-105), m));
        }
        // halfway from an odd significand: even is up, for RNE and RMM alike
        long two = d(1 + 0x1p-51);
        expect(two, NX, f -> f.addD(up, d(half), RNE));
        expect(two, NX, f -> f.addD(up, d(half), RMM));
        expect(up, NX, f -> f.addD(up, d(half), RTZ));
        // products: (1 + 2^-52)^2 = 1 + 2^-51 + 2^-104, just above a representable value
        expect(d(1 + 0x1p-51), NX, f -> f.mulD(up, up, RNE));
        expect(d(1 + 0x1p-51 + 0x1p-52), NX, f -> f.mulD(up, up, RUP));
        expect(d(-(1 + 0x1p-51 + 0x1p-52)), NX, f -> f.mulD(up, up ^ Long.MIN_VALUE, RDN));
        expect(d(-(1 + 0x1p-51)), NX, f -> f.mulD(up, up ^ Long.MIN_VALUE, RTZ));
        // a product on a tie: 3 * (1 + 3 * 2^-52) = 3 + 4.5 ulps of 3
        long y = d(1 + 3 * 0x1p-52);
        expect(d(3 + 4 * 0x1p-51), NX, f -> f.mulD(d(3), y, RNE));
        expect(d(3 + 5 * 0x1p-51), NX, f -> f.mulD(d(3), y, RMM));
        expect(d(3 + 4 * 0x1p-51), NX, f -> f.mulD(d(3), y, RTZ));
        expect(d(3 + 5 * 0x1p-51), NX, f -> f.mulD(d(3), y, RUP));
        expect(d(-3 - 5 * 0x1p-51), NX, f -> f.mulD(d(-3), y, RMM));
        // quotients and roots in every mode
        long third = d(1.0 / 3);
        expect(third, NX, f -> f.divD(d(1), d(3), RNE));
        expect(third, NX, f -> f.divD(d(1), d(3), RDN));
        expect(third + 1, NX, f -> f.divD(d(1), d(3), RUP));
        expect(d(Math.sqrt(2)), NX, f -> f.sqrtD(d(2), RNE));
        expect(d(Math.sqrt(2)), NX, f -> f.sqrtD(d(2), RUP));          // the nearest is above sqrt 2
        expect(d(Math.sqrt(2)) - 1, NX, f -> f.sqrtD(d(2), RTZ));
        expect(d(Math.sqrt(2)), NX, f -> f.sqrtD(d(2), RMM));
        expect(d(3), 0, f -> f.sqrtD(d(9), RUP));
        // singles: 1 + 2^-24 is a tie
        expect(s(1f), NX, f -> f.addS(s(1f), s(0x1p-24f), RNE));
        expect(s(1 + 0x1p-23f), NX, f -> f.addS(s(1f), s(0x1p-24f), RMM));
        expect(s(1 + 0x1p-23f), NX, f -> f.addS(s(1f), s(0x1p-24f), RUP));
        expect(s(1 + 0x1p-23f), NX, f -> f.addS(s(1f), s(0x1p-24f + 0x1p-47f), RNE));
        expect(s(1f / 3), NX, f -> f.divS(s(1f), s(3f), RNE));
        expect(s(1f / 3), NX, f -> f.divS(s(1f), s(3f), RUP));               // nearest is above 1/3
        expect(s(Math.nextDown(1f / 3)), NX, f -> f.divS(s(1f), s(3f), RDN));
    }

    /** The mode that rounds -x as rm rounds x. */
    static int mirror(int rm) {
        return rm == RDN ? RUP : rm == RUP ? RDN : rm;
    }

    @Test
    void overflowGivesInfinityOrTheLargestFiniteNumberByMode() {
        long[] positive = {INF_D, MAX_D, MAX_D, INF_D, INF_D};
        for (int rm = 0; rm < 5; rm++) {
            int m = rm;
            expect(positive[rm], OF | NX, f -> f.mulD(MAX_D, d(2), m));
            expect(positive[rm] | Long.MIN_VALUE, OF | NX, f -> f.mulD(MAX_D, d(-2), mirror(m)));
            expect(positive[rm], OF | NX, f -> f.addD(MAX_D, MAX_D, m));
            expect(positive[rm], OF | NX, f -> f.divD(MAX_D, d(0.5), m));
            expect(positive[rm], OF | NX, f -> f.maddD(MAX_D, d(1.5), d(1), m));
        }
        // above the largest finite number by less than an ulp: rounding down is no overflow
        long halfUlp = d(0x1p970);
        expect(INF_D, OF | NX, f -> f.addD(MAX_D, halfUlp, RNE));        // a tie, to even
        expect(MAX_D, NX, f -> f.addD(MAX_D, halfUlp, RTZ));
        expect(INF_D, OF | NX, f -> f.addD(MAX_D, halfUlp, RUP));
        expect(MAX_D, NX, f -> f.addD(MAX_D, d(0x1p960), RNE));
        expect(INF_D, OF | NX, f -> f.addD(MAX_D, d(0x1p960), RUP));
        // singles
        expect(s(Float.POSITIVE_INFINITY), OF | NX, f -> f.mulS(s(Float.MAX_VALUE), s(2f), RNE));
        expect(s(Float.MAX_VALUE), OF | NX, f -> f.mulS(s(Float.MAX_VALUE), s(2f), RTZ));
        expect(s(-Float.MAX_VALUE), OF | NX, f -> f.mulS(s(Float.MAX_VALUE), s(-2f), RUP));
        expect(s(Float.NEGATIVE_INFINITY), OF | NX, f -> f.mulS(s(Float.MAX_VALUE), s(-2f), RDN));
        expect(s(Float.MAX_VALUE), NX, f -> f.addS(s(Float.MAX_VALUE), s(0x1p103f), RTZ));
        expect(s(Float.POSITIVE_INFINITY), OF | NX, f -> f.addS(s(Float.MAX_VALUE), s(0x1p103f), RNE));
    }

    @Test
    void underflowIsDetectedAfterRounding() {
        // (1 - 2^-53) * MIN_NORMAL rounds to MIN_NORMAL (a tie, to even), yet with an
        // unbounded exponent it would stay below it: tiny, so UF
        expect(MIN_NORMAL_D, NX | UF, f -> f.mulD(ONE_MINUS_ULP, MIN_NORMAL_D, RNE));
        expect(MIN_NORMAL_D, NX | UF, f -> f.mulD(ONE_MINUS_ULP, MIN_NORMAL_D, RUP));
        expect(MIN_NORMAL_D - 1, NX | UF, f -> f.mulD(ONE_MINUS_ULP, MIN_NORMAL_D, RTZ));
        // (1 + 2^-52) * (MIN_NORMAL - 2^-1074) = MIN_NORMAL - 2^-1126: rounds to MIN_NORMAL
        // even with an unbounded exponent, so not tiny
        expect(MIN_NORMAL_D, NX, f -> f.mulD(d(1 + 0x1p-52), MIN_NORMAL_D - 1, RNE));
        // the same boundary reached by a quotient: only a power-of-two divisor can do it
        expect(MIN_NORMAL_D, NX | UF, f -> f.divD(ONE_MINUS_ULP, d(0x1p1022), RUP));
        expect(MIN_NORMAL_D - 1, NX | UF, f -> f.divD(ONE_MINUS_ULP, d(0x1p1022), RTZ));
        expect(MIN_NORMAL_D, NX | UF, f -> f.divD(ONE_MINUS_ULP, d(0x1p1022), RNE));
        // exact subnormal results raise nothing
        expect(d(0x1p-1023), 0, f -> f.mulD(MIN_NORMAL_D, d(0.5), RNE));
        expect(d(0x1p-1074), 0, f -> f.divD(d(0x1p-1000), d(0x1p74), RNE));
        expect(d(0x1p-1060), 0, f -> f.subD(d(0x1p-1022 + 0x1p-1060), MIN_NORMAL_D, RNE));
        // inexact subnormal and zero results
        expect(0, NX | UF, f -> f.mulD(d(0x1p-1074), d(0.5), RNE));        // tie to even: 0
        expect(1, NX | UF, f -> f.mulD(d(0x1p-1074), d(0.5), RUP));
        expect(1, NX | UF, f -> f.mulD(d(0x1p-1074), d(0.5), RMM));
        expect(d(-0.0), NX | UF, f -> f.mulD(d(0x1p-1074), d(-0.25), RNE));
        expect(d(0x1p-1074), NX | UF, f -> f.mulD(d(0x1p-1074), d(0.75), RNE));
        expect(d(0x1p-1073), NX | UF, f -> f.mulD(d(0x1p-1074), d(1.5), RNE));
        expect(0, NX | UF, f -> f.divD(d(0x1p-1074), d(3), RNE));
        // singles, including a sum rounded through binary64 to a subnormal single
        expect(s(Float.MIN_NORMAL), NX | UF, f -> f.mulS(s(Math.nextDown(1f)), s(Float.MIN_NORMAL), RNE));
        expect(s(Float.MIN_VALUE), NX | UF, f -> f.mulS(s(Float.MIN_VALUE), s(0.75f), RNE));
        expect(s(0f), NX | UF, f -> f.mulS(s(Float.MIN_VALUE), s(0.5f), RNE));
        expect(s(Float.MIN_VALUE), NX | UF, f -> f.maddS(s(Float.MIN_VALUE), s(0.5f), s(0f), RUP));
        expect(s(0x1p-149f * 3), 0, f -> f.addS(s(0x1p-149f), s(0x1p-148f), RNE));
    }

    @Test
    void fusedMultiplyAddRoundsOnce() {
        // (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly; mul then add would give 0
        long a = d(1 + 0x1p-52), b = d(1 - 0x1p-52);
        expect(d(-0x1p-104), 0, f -> f.maddD(a, b, d(-1), RNE));
        Fpu separate = new Fpu();
        assertEquals(d(0), separate.addD(separate.mulD(a, b, RNE), d(-1), RNE));
        expect(d(0x1p-104), 0, f -> f.nmaddD(a, b, d(-1), RNE));   // -(ab) - (-1)
        expect(d(0x1p-104), 0, f -> f.nmsubD(a, b, d(1), RNE));    // -(ab) + 1
        expect(d(-0x1p-104), 0, f -> f.msubD(a, b, d(1), RNE));
        // 1 + 2^-53 + 2^-105 is above the tie: the single rounding goes up
        long tiny = d(0x1p-53 + 0x1p-105);
        expect(d(1 + 0x1p-52), NX, f -> f.maddD(d(1), tiny, d(1), RNE));
        expect(d(1), NX, f -> f.maddD(d(1), tiny, d(1), RTZ));
        // (1 + 2^-12)^2 - 1 in single: exact only when fused
        long as = s(1 + 0x1p-12f);
        expect(s(0x1p-11f + 0x1p-24f), 0, f -> f.maddS(as, as, s(-1f), RNE));
        Fpu separateS = new Fpu();
        assertEquals(s(0x1p-11f), separateS.subS(separateS.mulS(as, as, RNE), s(1f), RNE));
        // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 is a binary32 tie; adding +-2^-80 moves the exact
        // value off it, although the sum rounded to binary64 stays on it (the double
        // rounding that round-to-odd avoids)
        long c = s(1 + 0x1p-12f);
        long even = s(1 + 0x1p-11f), odd = s(1 + 0x1p-11f + 0x1p-23f);
        expect(even, NX, f -> f.maddS(c, c, s(0f), RNE));
        expect(odd, NX, f -> f.maddS(c, c, s(0f), RMM));
        expect(odd, NX, f -> f.maddS(c, c, s(0x1p-80f), RNE));
        expect(even, NX, f -> f.maddS(c, c, s(-0x1p-80f), RNE));
        expect(even, NX, f -> f.maddS(c, c, s(-0x1p-80f), RMM));       // below the tie: nearest
        expect(even, NX, f -> f.maddS(c, c, s(0x1p-80f), RTZ));
    }

    @Test
    void fusedMultiplyAddKnowsExactResultsWhenResultMinusAddendIsInexact() {
        // exact a * b + c = r where r - c is not a double: the shortcut "r - c is exact" must
        // not be taken (r beside c but of the other sign; one binade up; below c / 2)
        long[][] cases = {
            {0xc014_0000_0000_0000L, 0x3fd9_9999_9999_999cL, 0x3ff0_0000_0000_0002L, 0xbff0_0000_0000_0001L},
            {0x4008_0000_0000_0000L, 0x3fe5_5555_5555_5556L, 0x3ff0_0000_0000_0001L, 0x4008_0000_0000_0001L},
            {0xc087_3800_0000_0000L, 0x3f4b_905d_b7a5_0a00L, 0x3ff0_0000_0000_0001L, 0x3fd8_0000_0000_0001L},
        };
        for (long[] c : cases) {
            for (int rm = 0; rm < 5; rm++) {
                int m = rm;
                expect(c[3], 0, f -> f.maddD(c[0], c[1], c[2], m));
            }
        }
    }

    @Test
    void flagsAccumulate() {
        Fpu f = new Fpu();
        f.divD(d(1), d(0), RNE);
        f.addD(d(1), d(0x1p-60), RNE);
        f.mulD(d(1), d(1), RNE);
        assertEquals(DZ | NX, f.flags);
        f.flags = 0;
        f.sqrtD(d(-1), RNE);
        assertEquals(NV, f.flags);
    }
}
