package org.feuerbird.hardware.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Randomized differential test of the {@link Fpu} arithmetic against an exact reference,
 * for both precisions and all five rounding modes, checking result bits and flags.
 *
 * <p>The reference knows nothing of the bit tricks of the unit under test: it represents
 * the exact result by a comparison (is this decimal above, equal to or below |v|?), finds
 * the two neighbouring representable numbers by walking the format's ordered bit patterns
 * with exact {@link BigDecimal} comparisons, and decides between them by the rounding
 * rule, the midpoint being compared exactly too. Tininess is decided after rounding by
 * rounding the scaled value again. Operands are drawn from a fixed seed with a bias towards
 * hard cases: subnormals, extremes, short significands (ties and exact results), addends
 * that cancel, products and quotients that under- or overflow.
 *
 * <p>The big-integer slow path {@link FpuExact} is also checked directly on the same inputs,
 * because the public methods reach it only rarely.
 */
class FpuRandomTest {
    /** Cases per operation; -Dfpu.cases and -Dfpu.seed allow longer soak runs by hand. */
    private static final int CASES = Integer.getInteger("fpu.cases", 4000);
    private static final String[] MODE = {"RNE", "RTZ", "RDN", "RUP", "RMM"};

    // ==== the reference

    /** A binary interchange format; its positive values, in order, are the bit patterns 0..inf. */
    record Format(int prec, int emin, int emax, int width) {
        long inf() { return (2L * emax + 1) << (prec - 1); }
        long sign() { return 1L << (width - 1); }
        long minNormal() { return 1L << (prec - 1); }

        BigDecimal value(long index) {
            if (index == inf()) {
                return pow2(emax + 1);
            }
            return width == 64 ? new BigDecimal(Double.longBitsToDouble(index))
                : new BigDecimal(Float.intBitsToFloat((int) index));
        }

        BigDecimal exact(long bits) {
            BigDecimal v = value(bits & (sign() - 1));
            return (bits & sign()) != 0 ? v.negate() : v;
        }
    }

    static final Format D = new Format(53, -1022, 1023, 64);
    static final Format S = new Format(24, -126, 127, 32);

    static BigDecimal pow2(int e) {
        return e >= 0 ? new BigDecimal(BigInteger.TWO.pow(e)) : new BigDecimal(BigInteger.valueOf(5).pow(-e), -e);
    }

    /** The exact result, seen only through comparisons of candidates with its magnitude. */
    interface Magnitude {
        /** sign(candidate - |v|) */
        int compare(BigDecimal candidate);
    }

    record Expected(long bits, int flags) {}

    private static final int DOWN = 0, UP = 1, EVEN = 2, AWAY = 3;

    /** How rounding mode rm acts on magnitudes of a value with this sign. */
    static int magnitudeMode(int rm, boolean negative) {
        return switch (rm) {
            case Fpu.RNE -> EVEN;
            case Fpu.RTZ -> DOWN;
            case Fpu.RDN -> negative ? UP : DOWN;
            case Fpu.RUP -> negative ? DOWN : UP;
            default -> AWAY;
        };
    }

    /**
     * Rounds a non-zero exact value; guess is a pattern near the result (any value works,
     * a good one saves comparisons).
     */
    static Expected round(Format f, boolean negative, Magnitude m, int rm, long guess) {
        int mode = magnitudeMode(rm, negative);
        long sign = negative ? f.sign() : 0;
        if (m.compare(f.value(f.inf())) <= 0) {      // beyond the range whatever the rounding
            return new Expected(sign | (mode == DOWN ? f.inf() - 1 : f.inf()), Fpu.OF | Fpu.NX);
        }
        long[] r = roundIndex(f, m, mode, guess);
        long index = r[0];
        if (r[1] == 0) {
            return new Expected(sign | index, 0);
        }
        int flags = Fpu.NX;
        if (index == f.inf()) {
            flags |= Fpu.OF;
        }
        if (index <= f.minNormal() && isTiny(f, m, mode)) {
            flags |= Fpu.UF;
        }
        return new Expected(sign | index, flags);
    }

    /** {index of the rounded magnitude, 1 if inexact}; |v| must be below 2^(emax+1). */
    private static long[] roundIndex(Format f, Magnitude m, int mode, long guess) {
        long lo = 0, hi = f.inf();                    // value(lo) <= |v| < value(hi)
        long g = Math.max(1, Math.min(guess & (f.sign() - 1), f.inf() - 1));
        if (m.compare(f.value(g)) <= 0) {
            lo = g;
            if (m.compare(f.value(g + 1)) > 0) {
                hi = g + 1;
            }
        } else {
            hi = g;
            if (m.compare(f.value(g - 1)) <= 0) {
                lo = g - 1;
            }
        }
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (m.compare(f.value(mid)) <= 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if (m.compare(f.value(lo)) == 0) {
            return new long[] {lo, 0};
        }
        long pick = switch (mode) {
            case DOWN -> lo;
            case UP -> hi;
            default -> {
                int c = m.compare(f.value(lo).add(f.value(hi)).divide(BigDecimal.TWO));
                yield c > 0 ? lo : c < 0 ? hi : mode == AWAY || (lo & 1) != 0 ? hi : lo;
            }
        };
        return new long[] {pick, 1};
    }

    /** Whether |v| rounded to the precision with an unbounded exponent is below 2^emin. */
    private static boolean isTiny(Format f, Magnitude m, int mode) {
        if (m.compare(pow2(f.emin() - 1)) > 0) {
            return true;
        }
        int k = 64;  // scale into the normal range and round there
        BigDecimal down = pow2(-k);
        Magnitude scaled = c -> m.compare(c.multiply(down));
        long index = roundIndex(f, scaled, mode, 0)[0];
        return f.value(index).compareTo(pow2(f.emin() + k)) < 0;
    }

    /** Rounds an exact decimal; zero is the caller's business. */
    static Expected round(Format f, BigDecimal v, int rm, long guess) {
        BigDecimal abs = v.abs();
        return round(f, v.signum() < 0, c -> c.compareTo(abs), rm, guess);
    }

    // ==== the cases

    private final List<String> failures = new ArrayList<>();

    private void check(String what, Expected e, long actual, int flags) {
        if (e.bits() != actual || e.flags() != flags) {
            if (failures.size() < 20) {
                failures.add(String.format("%s: expected %x flags %s, got %x flags %s",
                    what, e.bits(), flagString(e.flags()), actual, flagString(flags)));
            }
        }
    }

    private void assertNoFailures() {
        assertTrue(failures.isEmpty(), () -> failures.size() + " mismatches, e.g.\n" + String.join("\n", failures));
    }

    static String flagString(int flags) {
        StringBuilder b = new StringBuilder();
        String[] names = {"NX", "UF", "OF", "DZ", "NV"};
        for (int i = 0; i < 5; i++) {
            if ((flags & (1 << i)) != 0) {
                b.append(names[i]).append(' ');
            }
        }
        return b.isEmpty() ? "-" : b.toString().trim();
    }

    private static String hex(Format f, long... ops) {
        StringBuilder b = new StringBuilder();
        for (long op : ops) {
            b.append(f.width() == 64 ? String.format("%016x ", op) : String.format("%08x ", op & 0xffff_ffffL));
        }
        return b.toString().trim();
    }

    /** Boxes singles for the unit; doubles pass unchanged. */
    private static long in(Format f, long bits) {
        return f.width() == 64 ? bits : FpuRound.BOX | bits;
    }

    /** Unboxes a single result, or marks a badly boxed one so that it cannot match. */
    private static long out(Format f, long bits) {
        if (f.width() == 64) {
            return bits;
        }
        return (bits >>> 32) == 0xffff_ffffL ? bits & 0xffff_ffffL : -1;
    }

    interface Binary { long apply(Fpu fpu, long a, long b, int rm); }
    interface Ternary { long apply(Fpu fpu, long a, long b, long c, int rm); }

    /** The exact sign of a zero sum, by IEEE 754 6.3, written out independently. */
    private static long zeroSumSign(Format f, boolean negA, boolean negB, int rm) {
        boolean neg = negA == negB ? negA : rm == Fpu.RDN;
        return neg ? f.sign() : 0;
    }

    private Expected expectAdd(Format f, long a, long b, int rm) {
        BigDecimal v = f.exact(a).add(f.exact(b));
        if (v.signum() == 0) {
            return new Expected(zeroSumSign(f, (a & f.sign()) != 0, (b & f.sign()) != 0, rm), 0);
        }
        return round(f, v, rm, guessOf(f, v));
    }

    private Expected expectMul(Format f, long a, long b, int rm) {
        BigDecimal v = f.exact(a).multiply(f.exact(b));
        if (v.signum() == 0) {
            return new Expected((a ^ b) & f.sign(), 0);
        }
        return round(f, v, rm, guessOf(f, v));
    }

    private Expected expectFma(Format f, long a, long b, long c, int rm) {
        BigDecimal p = f.exact(a).multiply(f.exact(b)), v = p.add(f.exact(c));
        if (v.signum() == 0) {
            boolean negP = p.signum() == 0 ? ((a ^ b) & f.sign()) != 0 : p.signum() < 0;
            return new Expected(zeroSumSign(f, negP, (c & f.sign()) != 0, rm), 0);
        }
        return round(f, v, rm, guessOf(f, v));
    }

    private Expected expectDiv(Format f, long a, long b, int rm) {
        BigDecimal x = f.exact(a).abs(), y = f.exact(b).abs();
        if (x.signum() == 0) {
            return new Expected((a ^ b) & f.sign(), 0);
        }
        BigDecimal approx = x.divide(y, MathContext.DECIMAL128);
        return round(f, ((a ^ b) & f.sign()) != 0, c -> c.multiply(y).compareTo(x), rm, guessOf(f, approx));
    }

    private Expected expectSqrt(Format f, long a, int rm) {
        BigDecimal x = f.exact(a);
        if (x.signum() == 0) {
            return new Expected(a, 0);
        }
        return round(f, false, c -> c.multiply(c).compareTo(x), rm, guessOf(f, x.sqrt(MathContext.DECIMAL128)));
    }

    /** A starting point for the reference's search, from a host approximation. */
    private static long guessOf(Format f, BigDecimal v) {
        double d = Math.abs(v.doubleValue());
        return f.width() == 64 ? Double.doubleToRawLongBits(d) : Float.floatToRawIntBits((float) d);
    }

    private void binaryCase(Format f, String name, Binary op, Binary exact, long a, long b,
                            Function<Integer, Expected> expected) {
        for (int rm = 0; rm < 5; rm++) {
            Expected e = expected.apply(rm);
            Fpu fpu = new Fpu();
            long r = out(f, op.apply(fpu, in(f, a), in(f, b), rm));
            check(name + " " + hex(f, a, b) + " " + MODE[rm], e, r, fpu.flags);
            if (exact != null) {
                fpu = new Fpu();
                r = exact.apply(fpu, a, b, rm);
                check("exact " + name + " " + hex(f, a, b) + " " + MODE[rm], e, r, fpu.flags);
            }
        }
    }

    // ==== operand generators

    private final Random random = new Random(Long.getLong("fpu.seed", 0x5eed_f00dL));

    /** A finite operand, biased towards the hard cases. */
    private long operand(Format f) {
        int expBits = f.width() - f.prec(), maxExp = (1 << expBits) - 2, bias = f.emax();
        long mant = random.nextLong() & (f.minNormal() - 1);
        long exp;
        switch (random.nextInt(10)) {
            case 0, 1, 2 -> exp = random.nextInt(maxExp + 1);
            case 3, 4, 5 -> exp = bias + random.nextInt(41) - 20;
            case 6, 7 -> {
                exp = bias + random.nextInt(41) - 20;
                mant &= -1L << random.nextInt(f.prec());         // short significand
            }
            case 8 -> {
                exp = random.nextBoolean() ? random.nextInt(3) : maxExp - random.nextInt(3);
                if (random.nextBoolean()) {
                    mant &= -1L << random.nextInt(f.prec());
                }
            }
            default -> {
                long[] specials = {0, 1, f.minNormal(), f.minNormal() - 1, f.inf() - 1, (long) bias << (f.prec() - 1)};
                return specials[random.nextInt(specials.length)] | (random.nextBoolean() ? f.sign() : 0);
            }
        }
        return (random.nextBoolean() ? f.sign() : 0) | exp << (f.prec() - 1) | mant;
    }

    /** An operand whose exponent is that of base plus a small shift (cancellation, ties). */
    private long near(Format f, long base, int spread) {
        int maxExp = (1 << (f.width() - f.prec())) - 2;
        long exp = ((base & (f.sign() - 1)) >>> (f.prec() - 1)) + random.nextInt(2 * spread + 1) - spread;
        exp = Math.max(0, Math.min(maxExp, exp));
        long mant = random.nextLong() & (f.minNormal() - 1);
        if (random.nextBoolean()) {
            mant &= -1L << random.nextInt(f.prec());
        }
        return (random.nextBoolean() ? f.sign() : 0) | exp << (f.prec() - 1) | mant;
    }

    /** An operand that puts a * b (or a / b) near an end of the exponent range. */
    private long extremeFactor(Format f, long a, boolean forDivision) {
        int bias = f.emax();
        long ea = Math.max(1, (a & (f.sign() - 1)) >>> (f.prec() - 1)) - bias;
        int[] targets = {f.emin() - f.prec(), f.emin() - 2, f.emin(), f.emax(), f.emax() - 1, 0};
        long target = targets[random.nextInt(targets.length)] + random.nextInt(5) - 2;
        long eb = forDivision ? ea - target : target - ea;
        long exp = Math.max(0, Math.min(2L * bias, eb + bias));
        long mant = random.nextLong() & (f.minNormal() - 1);
        if (random.nextBoolean()) {
            mant &= -1L << random.nextInt(f.prec());
        }
        return (random.nextBoolean() ? f.sign() : 0) | exp << (f.prec() - 1) | mant;
    }

    private static final int FACTOR = 0, DIVISOR = 1, NUMERATOR = 2;

    /**
     * An operand that makes a * b, a / b or b / a land within a few ulps of an edge of the
     * range: the largest finite number, 2^(emax+1), or the smallest normal number, where the
     * tininess-after-rounding rule decides UF for results that round up to it.
     */
    private long aimedFactor(Format f, long a, int role) {
        BigDecimal x = f.exact(a).abs();
        if (x.signum() == 0) {
            return operand(f);
        }
        BigDecimal[] edges = {f.value(f.minNormal()), f.value(f.inf() - 1), f.value(f.inf()), f.value(1)};
        // the edges are mostly powers of two: aim a random fraction of an ulp beside them
        BigDecimal offset = new BigDecimal(random.nextDouble() * 8 - 4).multiply(pow2(-f.prec()));
        BigDecimal edge = edges[random.nextInt(edges.length)].multiply(BigDecimal.ONE.add(offset));
        BigDecimal b = switch (role) {
            case FACTOR -> edge.divide(x, MathContext.DECIMAL128);
            case DIVISOR -> x.divide(edge, MathContext.DECIMAL128);
            default -> edge.multiply(x);
        };
        long bits = guessOf(f, b);
        if (bits <= 0 || bits >= f.inf()) {
            return operand(f);
        }
        return (random.nextBoolean() ? f.sign() : 0) | bits;
    }

    private long second(Format f, long a, String op) {
        return switch (random.nextInt(4)) {
            case 0 -> operand(f);
            case 1 -> op.equals("add") ? near(f, a, f.prec() + 3) : extremeFactor(f, a, op.equals("div"));
            case 2 -> op.equals("add") ? near(f, a, 3) : aimedFactor(f, a, op.equals("div") ? DIVISOR : FACTOR);
            default -> near(f, a, 3);
        };
    }

    // ==== the tests

    @Test
    void addDouble() { addCases(D); }

    @Test
    void addSingle() { addCases(S); }

    private void addCases(Format f) {
        boolean dbl = f == D;
        for (int i = 0; i < CASES; i++) {
            long a = operand(f), b = second(f, a, "add");
            binaryCase(f, "add", dbl ? Fpu::addD : Fpu::addS, dbl ? FpuExact::add : null, a, b,
                rm -> expectAdd(f, a, b, rm));
            long nb = b ^ f.sign();
            binaryCase(f, "sub", dbl ? Fpu::subD : Fpu::subS, null, a, b, rm -> expectAdd(f, a, nb, rm));
        }
        assertNoFailures();
    }

    @Test
    void mulDouble() { mulCases(D); }

    @Test
    void mulSingle() { mulCases(S); }

    private void mulCases(Format f) {
        boolean dbl = f == D;
        for (int i = 0; i < CASES; i++) {
            long a = operand(f), b = second(f, a, "mul");
            binaryCase(f, "mul", dbl ? Fpu::mulD : Fpu::mulS, dbl ? FpuExact::mul : null, a, b,
                rm -> expectMul(f, a, b, rm));
        }
        assertNoFailures();
    }

    @Test
    void divDouble() { divCases(D); }

    @Test
    void divSingle() { divCases(S); }

    private void divCases(Format f) {
        boolean dbl = f == D;
        for (int i = 0; i < CASES; i++) {
            long a = operand(f), b = second(f, a, "div");
            if (random.nextInt(4) == 0) {  // a / b near an edge, and b large so that a is not tiny
                long exp = f.emax() + f.prec() + random.nextInt(f.emax() - f.prec());
                b = (random.nextBoolean() ? f.sign() : 0) | exp << (f.prec() - 1) | random.nextLong() & (f.minNormal() - 1);
                a = aimedFactor(f, b, NUMERATOR);
            }
            long a0 = a, b0 = b;
            if ((b & (f.sign() - 1)) == 0) {
                continue;  // division by zero is a unit test
            }
            binaryCase(f, "div", dbl ? Fpu::divD : Fpu::divS, dbl ? FpuExact::div : null, a0, b0,
                rm -> expectDiv(f, a0, b0, rm));
        }
        assertNoFailures();
    }

    @Test
    void sqrtDouble() { sqrtCases(D); }

    @Test
    void sqrtSingle() { sqrtCases(S); }

    private void sqrtCases(Format f) {
        boolean dbl = f == D;
        for (int i = 0; i < CASES; i++) {
            long a = operand(f) & (f.sign() - 1);
            if (random.nextInt(4) == 0) {   // a perfect square, or next to one
                a = dbl ? Double.doubleToRawLongBits(Math.sqrt(Double.longBitsToDouble(a)))
                    : Float.floatToRawIntBits((float) Math.sqrt(Float.intBitsToFloat((int) a)));
                a = dbl ? Double.doubleToRawLongBits(Math.pow(Double.longBitsToDouble(a), 2))
                    : Float.floatToRawIntBits((float) Math.pow(Float.intBitsToFloat((int) a), 2));
                a += random.nextInt(3) - 1;
                if (a < 0 || a >= f.inf()) {
                    continue;
                }
            }
            long x = a;
            binaryCase(f, "sqrt", (fpu, p, q, rm) -> dbl ? fpu.sqrtD(p, rm) : fpu.sqrtS(p, rm),
                dbl ? (fpu, p, q, rm) -> FpuExact.sqrt(fpu, p, rm) : null, a, 0,
                rm -> expectSqrt(f, x, rm));
        }
        assertNoFailures();
    }

    @Test
    void fmaDouble() { fmaCases(D); }

    @Test
    void fmaSingle() { fmaCases(S); }

    private void fmaCases(Format f) {
        boolean dbl = f == D;
        for (int i = 0; i < CASES; i++) {
            long a = operand(f), b = second(f, a, "mul"), c;
            switch (random.nextInt(6)) {
                case 0 -> c = operand(f);
                case 1 -> {     // c cancels most of a * b
                    BigDecimal p = f.exact(a).multiply(f.exact(b));
                    long pb = dbl ? Double.doubleToRawLongBits(p.doubleValue())
                        : Float.floatToRawIntBits(p.floatValue()) & 0xffff_ffffL;
                    c = (pb ^ f.sign()) + random.nextInt(5) - 2;
                    if ((c & (f.sign() - 1)) >= f.inf()) {
                        c = operand(f);
                    }
                }
                case 2 -> c = near(f, a, 5);
                case 3 -> {     // a * b + c near +-MIN_NORMAL: c = edge - a * b, give or take
                    BigDecimal edge = f.value(f.minNormal()), p = f.exact(a).multiply(f.exact(b));
                    BigDecimal v = (random.nextBoolean() ? edge : edge.negate()).subtract(p);
                    long vb = guessOf(f, v) + random.nextInt(5) - 2;
                    c = vb < 0 || vb >= f.inf() ? operand(f) : vb | (v.signum() < 0 ? f.sign() : 0);
                }
                case 4 -> {     // an accumulation: c above a * b by 0 to 60 binades
                    BigDecimal p = f.exact(a).multiply(f.exact(b)).abs();
                    long pb = p.signum() == 0 ? operand(f) : guessOf(f, p);
                    c = near(f, pb + ((long) random.nextInt(61) << (f.prec() - 1)), 0);
                    if ((c & (f.sign() - 1)) >= f.inf()) {
                        c = operand(f);
                    }
                }
                default -> c = operand(f) & (f.minNormal() - 1); // a subnormal or zero addend
            }
            long cc = c;
            for (int rm = 0; rm < 5; rm++) {
                Expected e = expectFma(f, a, b, cc, rm);
                Fpu fpu = new Fpu();
                long r = out(f, dbl ? fpu.maddD(a, b, c, rm) : fpu.maddS(in(f, a), in(f, b), in(f, c), rm));
                String what = " " + hex(f, a, b, c) + " " + MODE[rm];
                check("fma" + what, e, r, fpu.flags);
                if (dbl) {
                    fpu = new Fpu();
                    check("exact fma" + what, e, FpuExact.fma(fpu, a, b, c, rm), fpu.flags);
                }
                // the negated forms, against the reference with negated operands
                Expected en = expectFma(f, a ^ f.sign(), b, cc ^ f.sign(), rm);
                fpu = new Fpu();
                r = out(f, dbl ? fpu.nmaddD(a, b, c, rm) : fpu.nmaddS(in(f, a), in(f, b), in(f, c), rm));
                check("fnmadd" + what, en, r, fpu.flags);
                Expected es = expectFma(f, a, b, cc ^ f.sign(), rm);
                fpu = new Fpu();
                r = out(f, dbl ? fpu.msubD(a, b, c, rm) : fpu.msubS(in(f, a), in(f, b), in(f, c), rm));
                check("fmsub" + what, es, r, fpu.flags);
            }
        }
        assertNoFailures();
    }

    @Test
    void doubleToSingle() {
        for (int i = 0; i < 4 * CASES; i++) {
            // doubles near singles, at all distances (2^29 double ulps make one single ulp)
            long a = i % 2 == 0 ? operand(D)
                : Double.doubleToRawLongBits(Float.intBitsToFloat((int) operand(S)))
                    + ((random.nextInt(1 << 30) - (1 << 29)) >> random.nextInt(30));
            if ((a & (D.sign() - 1)) >= D.inf()) {
                continue;
            }
            BigDecimal v = D.exact(a);
            for (int rm = 0; rm < 5; rm++) {
                Expected e = v.signum() == 0 ? new Expected(a < 0 ? S.sign() : 0, 0) : round(S, v, rm, guessOf(S, v));
                Fpu fpu = new Fpu();
                check("fcvt.s.d " + hex(D, a) + " " + MODE[rm], e, out(S, fpu.cvtSD(a, rm)), fpu.flags);
            }
        }
        assertNoFailures();
    }

    @Test
    void integersToFloatingPoint() {
        for (int i = 0; i < 4 * CASES; i++) {
            long x = switch (random.nextInt(4)) {
                case 0 -> random.nextLong();
                case 1 -> random.nextLong() >> random.nextInt(64);
                case 2 -> random.nextLong() & (-1L << random.nextInt(64));      // ties and exact values
                default -> ((random.nextBoolean() ? 1L : -1L) << random.nextInt(64)) + random.nextInt(5) - 2;
            };
            BigDecimal signed64 = new BigDecimal(x), unsigned64 = new BigDecimal(new BigInteger(Long.toUnsignedString(x)));
            BigDecimal signed32 = new BigDecimal((int) x), unsigned32 = new BigDecimal(x & 0xffff_ffffL);
            for (int rm = 0; rm < 5; rm++) {
                convertCase("fcvt.d.l", D, signed64, x, rm, Fpu::cvtDL);
                convertCase("fcvt.d.lu", D, unsigned64, x, rm, Fpu::cvtDLU);
                convertCase("fcvt.d.w", D, signed32, x, rm, Fpu::cvtDW);
                convertCase("fcvt.d.wu", D, unsigned32, x, rm, Fpu::cvtDWU);
                convertCase("fcvt.s.l", S, signed64, x, rm, Fpu::cvtSL);
                convertCase("fcvt.s.lu", S, unsigned64, x, rm, Fpu::cvtSLU);
                convertCase("fcvt.s.w", S, signed32, x, rm, Fpu::cvtSW);
                convertCase("fcvt.s.wu", S, unsigned32, x, rm, Fpu::cvtSWU);
            }
        }
        assertNoFailures();
    }

    interface FromInt { long apply(Fpu fpu, long x, int rm); }

    private void convertCase(String name, Format f, BigDecimal v, long x, int rm, FromInt op) {
        Expected e = v.signum() == 0 ? new Expected(0, 0) : round(f, v, rm, guessOf(f, v));
        Fpu fpu = new Fpu();
        check(name + " " + Long.toHexString(x) + " " + MODE[rm], e, out(f, op.apply(fpu, x, rm)), fpu.flags);
    }

    @Test
    void floatingPointToIntegers() {
        for (int i = 0; i < 4 * CASES; i++) {
            Format f = i % 2 == 0 ? D : S;
            long a;
            if (random.nextBoolean()) {
                a = operand(f);
            } else {  // around the integers near the ends of the ranges, and small ones
                double[] ends = {0, 1, 0x1p31, 0x1p32, 0x1p63, 0x1p64};
                double v = ends[random.nextInt(ends.length)] + (random.nextInt(9) - 4) * 0.25;
                v = random.nextBoolean() ? -v : v;
                a = f == D ? Double.doubleToRawLongBits(v) + random.nextInt(5) - 2
                    : (Float.floatToRawIntBits((float) v) + random.nextInt(5) - 2) & 0xffff_ffffL;
            }
            if (f == S) {
                a &= 0xffff_ffffL;
            }
            if ((a & (f.sign() - 1)) >= f.inf()) {
                continue;    // NaNs and infinities are unit tests
            }
            BigDecimal v = f.exact(a);
            boolean dbl = f == D;
            for (int rm = 0; rm < 5; rm++) {
                toIntCase("fcvt.w", f, a, v, rm, -(1L << 31), (1L << 31) - 1, true, dbl ? Fpu::cvtWD : Fpu::cvtWS);
                toIntCase("fcvt.wu", f, a, v, rm, 0, (1L << 32) - 1, true, dbl ? Fpu::cvtWUD : Fpu::cvtWUS);
                toIntCase("fcvt.l", f, a, v, rm, Long.MIN_VALUE, Long.MAX_VALUE, false, dbl ? Fpu::cvtLD : Fpu::cvtLS);
                toIntCase("fcvt.lu", f, a, v, rm, 0, -1, false, dbl ? Fpu::cvtLUD : Fpu::cvtLUS);
            }
        }
        assertNoFailures();
    }

    /** min/max are the saturation bounds (max -1 standing for 2^64 - 1). */
    private void toIntCase(String name, Format f, long a, BigDecimal v, int rm, long min, long max,
                           boolean word, FromInt op) {
        java.math.RoundingMode mode = switch (rm) {
            case Fpu.RNE -> java.math.RoundingMode.HALF_EVEN;
            case Fpu.RTZ -> java.math.RoundingMode.DOWN;
            case Fpu.RDN -> java.math.RoundingMode.FLOOR;
            case Fpu.RUP -> java.math.RoundingMode.CEILING;
            default -> java.math.RoundingMode.HALF_UP;   // ties away from zero
        };
        BigInteger n = v.setScale(0, mode).toBigIntegerExact();
        BigInteger lo = BigInteger.valueOf(min);
        BigInteger hi = max == -1 ? BigInteger.TWO.pow(64).subtract(BigInteger.ONE) : BigInteger.valueOf(max);
        long result;
        int flags;
        if (n.compareTo(lo) < 0) {
            result = min;
            flags = Fpu.NV;
        } else if (n.compareTo(hi) > 0) {
            result = max;
            flags = Fpu.NV;
        } else {
            result = n.longValue();
            flags = new BigDecimal(n).compareTo(v) == 0 ? 0 : Fpu.NX;
        }
        if (word) {
            result = (int) result;   // RV64 keeps 32-bit results sign-extended
        }
        Fpu fpu = new Fpu();
        long r = op.apply(fpu, in(f, a), rm);
        check(name + (f == D ? ".d " : ".s ") + hex(f, a) + " " + MODE[rm], new Expected(result, flags), r, fpu.flags);
    }
}
