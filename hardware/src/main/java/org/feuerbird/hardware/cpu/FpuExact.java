package org.feuerbird.hardware.cpu;

import java.math.BigInteger;

/**
 * Exact binary64 arithmetic on big integers: the last resort of the double-precision slow
 * paths, taken only when the host's arithmetic cannot give the exact error of a result
 * (overflow, results near or below the subnormal range, tiny operands, a possible tie
 * under RMM). Every operand is a finite double read as an integer significand times a
 * power of two; sums and products are then exact, quotients and roots are computed to at
 * least 57 bits with the remainder kept as a sticky bit. {@link FpuRound#round} does the
 * rounding and raises the flags. It allocates, which is fine for a path this rare.
 *
 * <p>All methods expect finite operands; special values (NaN, infinities, and for division
 * and square root zeros and negatives) are the callers' business.
 */
final class FpuExact {
    private FpuExact() {}

    /** a + b, rounded; the sign of an exact zero follows IEEE 754 (negative only under RDN). */
    static long add(Fpu f, long a, long b, int rm) {
        int ea = exponent(a), eb = exponent(b), e = Math.min(ea, eb);
        BigInteger sum = signed(a).shiftLeft(ea - e).add(signed(b).shiftLeft(eb - e));
        if (sum.signum() == 0) {
            return zeroSum(a, b, rm);
        }
        return round(f, sum, e, false, rm);
    }

    /** a * b, rounded. */
    static long mul(Fpu f, long a, long b, int rm) {
        BigInteger p = signed(a).multiply(signed(b));
        if (p.signum() == 0) {
            return (a ^ b) & FpuRound.SIGN_D;
        }
        return round(f, p, exponent(a) + exponent(b), false, rm);
    }

    /** a * b + c with a single rounding. */
    static long fma(Fpu f, long a, long b, long c, int rm) {
        int ep = exponent(a) + exponent(b), ec = exponent(c), e = Math.min(ep, ec);
        BigInteger p = signed(a).multiply(signed(b));
        BigInteger sum = p.shiftLeft(ep - e).add(signed(c).shiftLeft(ec - e));
        if (sum.signum() == 0) {
            long pSign = p.signum() == 0 ? (a ^ b) & FpuRound.SIGN_D : p.signum() < 0 ? FpuRound.SIGN_D : 0;
            return zeroSum(pSign, c, rm);
        }
        return round(f, sum, e, false, rm);
    }

    /** a / b, rounded; b must be non-zero. */
    static long div(Fpu f, long a, long b, int rm) {
        BigInteger x = signed(a).abs(), y = signed(b).abs();
        if (x.signum() == 0) {
            return (a ^ b) & FpuRound.SIGN_D;
        }
        int k = 57 + y.bitLength() - x.bitLength();   // the quotient gets 57 or 58 bits
        BigInteger[] qr = x.shiftLeft(k).divideAndRemainder(y);
        BigInteger q = (a ^ b) < 0 ? qr[0].negate() : qr[0];
        return round(f, q, exponent(a) - exponent(b) - k, qr[1].signum() != 0, rm);
    }

    /** sqrt(a), rounded; a must be positive (not zero). */
    static long sqrt(Fpu f, long a, int rm) {
        BigInteger x = signed(a);
        int e = exponent(a);
        int k = Math.max(0, 116 - x.bitLength()) + 1;  // the root gets at least 58 bits
        if (((e - k) & 1) != 0) {
            k++;                                       // keep the exponent even
        }
        x = x.shiftLeft(k);
        BigInteger s = x.sqrt();
        boolean sticky = !s.multiply(s).equals(x);
        return round(f, s, (e - k) / 2, sticky, rm);
    }

    /** The exact zero that a + b is when it is zero (see {@link FpuRound#zeroSumIsNegative}). */
    static long zeroSum(long a, long b, int rm) {
        return FpuRound.zeroSumIsNegative(a < 0, b < 0, rm) ? FpuRound.SIGN_D : 0;
    }

    /** The significand of a finite double as a signed integer. */
    private static BigInteger signed(long bits) {
        long e = (bits >>> 52) & 0x7ff;
        long m = bits & 0x000f_ffff_ffff_ffffL;
        if (e != 0) {
            m |= 1L << 52;
        }
        return BigInteger.valueOf(bits < 0 ? -m : m);
    }

    /** The power of two that the significand of a finite double is scaled by. */
    private static int exponent(long bits) {
        int e = (int) (bits >>> 52) & 0x7ff;
        return e == 0 ? -1074 : e - 1075;
    }

    /** Folds a non-zero value into 62 round-to-odd bits and rounds it to binary64. */
    private static long round(Fpu f, BigInteger v, int exp, boolean sticky, int rm) {
        boolean neg = v.signum() < 0;
        BigInteger mag = v.abs();
        int shift = mag.bitLength() - 62;
        long sig;
        if (shift > 0) {
            sticky |= mag.getLowestSetBit() < shift;
            sig = mag.shiftRight(shift).longValueExact();
        } else {
            sig = mag.longValueExact() << -shift;
        }
        if (sticky) {
            sig |= 1;
        }
        return FpuRound.round(f, neg, sig, exp + shift, rm, FpuRound.P_D, FpuRound.EMIN_D, FpuRound.EMAX_D);
    }
}
