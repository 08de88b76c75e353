package org.feuerbird.hardware.cpu;

/**
 * Bit-level helpers of the floating-point unit and its one exact rounding routine.
 *
 * <p>Every slow path of {@link Fpu} ends here: it reduces its exact result to a positive
 * significand of at most 62 bits times a power of two, where a non-zero remainder that did
 * not fit has been OR-ed into the last bit ("round to odd", valid because 62 bits are at
 * least two more than either target precision). {@link #round} then rounds that value to
 * binary32 or binary64 in any RISC-V rounding mode with integer arithmetic and raises the
 * IEEE flags exactly: NX when inexact, OF when the result rounded with an unbounded
 * exponent exceeds the largest finite number, UF when inexact and tiny <em>after</em>
 * rounding (the RISC-V choice). The fast paths never come here.
 */
final class FpuRound {
    static final long SIGN_D = 0x8000_0000_0000_0000L;
    static final long CANONICAL_NAN_D = 0x7ff8_0000_0000_0000L;
    static final long INF_D = 0x7ff0_0000_0000_0000L;
    static final int SIGN_S = 0x8000_0000;
    static final int CANONICAL_NAN_S = 0x7fc0_0000;
    static final int INF_S = 0x7f80_0000;
    /** The upper half of every properly NaN-boxed single. */
    static final long BOX = 0xffff_ffff_0000_0000L;
    static final long BOXED_NAN_S = BOX | CANONICAL_NAN_S;

    // precision, minimum and maximum unbiased exponent of the two formats
    static final int P_D = 53, EMIN_D = -1022, EMAX_D = 1023;
    static final int P_S = 24, EMIN_S = -126, EMAX_S = 127;

    private FpuRound() {}

    // ---- classification of raw bit patterns (NaN payloads must be read from bits: a host
    //      float<->double conversion may quiet a signalling NaN)

    static boolean isNaN(long d) { return (d & ~SIGN_D) > INF_D; }
    static boolean isSNaN(long d) { return isNaN(d) && (d & 0x0008_0000_0000_0000L) == 0; }
    static boolean isInf(long d) { return (d & ~SIGN_D) == INF_D; }
    static boolean isZero(long d) { return (d & ~SIGN_D) == 0; }
    static boolean isNaN(int s) { return (s & ~SIGN_S) > INF_S; }
    static boolean isSNaN(int s) { return isNaN(s) && (s & 0x0040_0000) == 0; }
    static boolean isInf(int s) { return (s & ~SIGN_S) == INF_S; }
    static boolean isZero(int s) { return (s & ~SIGN_S) == 0; }

    /** The single inside a 64-bit register, or the canonical NaN if it is not NaN-boxed. */
    static int unbox(long v) { return (v >>> 32) == 0xffff_ffffL ? (int) v : CANONICAL_NAN_S; }

    static long box(int s) { return BOX | (s & 0xffff_ffffL); }

    static long box(float s) { return BOX | (Float.floatToRawIntBits(s) & 0xffff_ffffL); }

    static double d(long bits) { return Double.longBitsToDouble(bits); }

    static long bits(double x) { return Double.doubleToRawLongBits(x); }

    /**
     * The sign of an exact zero sum of addends with these signs (IEEE 754 6.3): the common
     * sign if both are negative, else negative only when rounding down and one is negative.
     */
    static boolean zeroSumIsNegative(boolean negA, boolean negB, int rm) {
        return (negA && negB) || (rm == Fpu.RDN && (negA || negB));
    }

    // ---- exact rounding

    /** Rounds a finite non-zero binary64 value to binary32 (result in the low 32 bits). */
    static int toSingle(Fpu f, double x, int rm) {
        long b = bits(x);
        int e = (int) (b >>> 52) & 0x7ff;
        long sig = b & 0x000f_ffff_ffff_ffffL;
        int exp;
        if (e == 0) {
            exp = -1074;
        } else {
            sig |= 1L << 52;
            exp = e - 1075;
        }
        return (int) round(f, b < 0, sig, exp, rm, P_S, EMIN_S, EMAX_S);
    }

    /**
     * Rounds an unsigned 64-bit magnitude times 2^exp to the given format; the top bits are
     * folded into a 62-bit round-to-odd significand first.
     */
    static long roundUnsigned(Fpu f, boolean neg, long mag, int exp, int rm, int prec, int emin, int emax) {
        if ((mag >>> 62) != 0) {
            mag = (mag >>> 2) | ((mag & 3) != 0 ? 1 : 0);
            exp += 2;
        }
        return round(f, neg, mag, exp, rm, prec, emin, emax);
    }

    /**
     * Rounds (-1)^neg * sig * 2^exp to the format (prec, emin, emax) in mode rm, raising the
     * flags in f. Requires 0 &lt;= sig &lt; 2^62; if sig stands for an inexact value its last
     * bit must be a sticky bit lying at least two places below the format's precision.
     * Returns the raw bits (a binary32 in the low 32 bits).
     */
    static long round(Fpu f, boolean neg, long sig, int exp, int rm, int prec, int emin, int emax) {
        long sign = neg ? 1L << (prec == P_D ? 63 : 31) : 0;
        if (sig == 0) {
            return sign;
        }
        int e = exp + 63 - Long.numberOfLeadingZeros(sig); // exponent of the leading bit
        int lsb = Math.max(e, emin) - (prec - 1);          // exponent of the result's last bit
        int drop = lsb - exp;
        long q;
        boolean inexact;
        if (drop <= 0) {
            q = sig << -drop;
            inexact = false;
        } else {
            q = shiftRound(sig, drop, neg, rm);
            inexact = drop >= 63 || (sig & ((1L << drop) - 1)) != 0;
        }
        if (q == 1L << prec) {       // rounding carried into a new binade
            q >>>= 1;
            lsb++;
        }
        int flags = inexact ? Fpu.NX : 0;
        if (inexact && e < emin && isTinyAfterRounding(sig, exp, e, neg, rm, prec, emin)) {
            flags |= Fpu.UF;
        }
        long mantMask = (1L << (prec - 1)) - 1;
        long result;
        if (q < 1L << (prec - 1)) {  // subnormal or zero
            result = sign | q;
        } else {
            long biased = lsb + (prec - 1) + emax;
            if (biased > 2L * emax) {
                flags |= Fpu.OF | Fpu.NX;
                boolean toMax = rm == Fpu.RTZ || (rm == Fpu.RDN && !neg) || (rm == Fpu.RUP && neg);
                result = sign | ((2L * emax + 1) << (prec - 1)) - (toMax ? 1 : 0);
            } else {
                result = sign | (biased << (prec - 1)) | (q & mantMask);
            }
        }
        f.flags |= flags;
        return result;
    }

    /**
     * Whether a value whose leading bit has exponent e &lt; emin is still below 2^emin after
     * rounding to prec bits with an unbounded exponent range.
     */
    private static boolean isTinyAfterRounding(long sig, int exp, int e, boolean neg, int rm, int prec, int emin) {
        if (e < emin - 1) {
            return true;
        }
        int drop = e - (prec - 1) - exp;
        return drop <= 0 || shiftRound(sig, drop, neg, rm) != 1L << prec;
    }

    /** sig / 2^drop rounded to an integer in mode rm (drop &gt;= 1, 0 &lt; sig &lt; 2^62). */
    static long shiftRound(long sig, int drop, boolean neg, int rm) {
        long q;
        boolean half, sticky;
        if (drop >= 63) {  // everything, the round position included, is below sig's top
            q = 0;
            half = false;
            sticky = sig != 0;
        } else {
            q = sig >>> drop;
            long rem = sig & ((1L << drop) - 1);
            long h = 1L << (drop - 1);
            half = (rem & h) != 0;
            sticky = (rem & (h - 1)) != 0;
        }
        boolean up = switch (rm) {
            case Fpu.RNE -> half && (sticky || (q & 1) != 0);
            case Fpu.RTZ -> false;
            case Fpu.RDN -> neg && (half || sticky);
            case Fpu.RUP -> !neg && (half || sticky);
            default -> half; // RMM
        };
        return up ? q + 1 : q;
    }
}
