package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.FpuRound.CANONICAL_NAN_D;
import static org.feuerbird.hardware.cpu.FpuRound.INF_D;
import static org.feuerbird.hardware.cpu.FpuRound.SIGN_D;
import static org.feuerbird.hardware.cpu.FpuRound.bits;
import static org.feuerbird.hardware.cpu.FpuRound.d;
import static org.feuerbird.hardware.cpu.FpuRound.isInf;
import static org.feuerbird.hardware.cpu.FpuRound.isNaN;
import static org.feuerbird.hardware.cpu.FpuRound.isSNaN;
import static org.feuerbird.hardware.cpu.FpuRound.isZero;

/**
 * Binary64 arithmetic for every case that {@link Fpu}'s inline fast paths leave: special
 * operands, the directed rounding modes, and results that overflow or come near the
 * subnormal range.
 *
 * <p>Each operation first settles NaNs, infinities and zeros by the IEEE 754 / RISC-V rules
 * (canonical NaN results, NV on signalling NaNs and invalid operations, DZ). Then it lets
 * the host compute the result rounded to nearest together with the exact error of that
 * rounding (TwoSum for sums, an fma residual for products, quotients and roots, Boldo and
 * Muller's ErrFma for fused multiply-add). These errors are exact only while nothing
 * overflows and nothing comes close to the subnormal range, which the guards check; then a
 * directed result is the nearest one or its neighbour on the side of the error. Outside the
 * guards, and for a possible RMM tie of a fused multiply-add, {@link FpuExact} computes
 * with big integers.
 */
final class FpuDouble {
    private FpuDouble() {}

    static long add(Fpu f, long a, long b, int rm) {
        if (isNaN(a) || isNaN(b)) {
            return nan(f, isSNaN(a) || isSNaN(b));
        }
        if (isInf(a) || isInf(b)) {
            return isInf(a) && isInf(b) && (a ^ b) < 0 ? nan(f, true) : isInf(a) ? a : b;
        }
        double x = d(a), y = d(b), s = x + y;
        if (Math.abs(s) <= Double.MAX_VALUE) {
            double t = twoSumError(x, y, s);
            if (t == 0) {
                return s == 0 ? FpuExact.zeroSum(a, b, rm) : bits(s);
            }
            if (Math.abs(t) <= Double.MAX_VALUE) {  // no overflow inside TwoSum
                return directed(f, s, t, rm);
            }
        }
        return FpuExact.add(f, a, b, rm);
    }

    static long mul(Fpu f, long a, long b, int rm) {
        if (isNaN(a) || isNaN(b)) {
            return nan(f, isSNaN(a) || isSNaN(b));
        }
        long sign = (a ^ b) & SIGN_D;
        if (isInf(a) || isInf(b)) {
            return isZero(a) || isZero(b) ? nan(f, true) : sign | INF_D;
        }
        if (isZero(a) || isZero(b)) {
            return sign;
        }
        double x = d(a), y = d(b), p = x * y;
        if (mulInRange(p)) {
            double e = Math.fma(x, y, -p);
            return e == 0 ? bits(p) : directed(f, p, e, rm);
        }
        return FpuExact.mul(f, a, b, rm);
    }

    static long div(Fpu f, long a, long b, int rm) {
        if (isNaN(a) || isNaN(b)) {
            return nan(f, isSNaN(a) || isSNaN(b));
        }
        long sign = (a ^ b) & SIGN_D;
        if (isInf(a)) {
            return isInf(b) ? nan(f, true) : sign | INF_D;
        }
        if (isInf(b)) {
            return sign;
        }
        if (isZero(b)) {
            if (isZero(a)) {
                return nan(f, true);
            }
            f.flags |= Fpu.DZ;
            return sign | INF_D;
        }
        if (isZero(a)) {
            return sign;
        }
        double x = d(a), y = d(b), q = x / y;
        if (divInRange(x, q)) {
            double r = Math.fma(q, y, -x);                 // q*y - x, exact
            if (r == 0) {
                return bits(q);
            }
            // a quotient of two doubles is never halfway between two doubles: RMM is RNE
            return directed(f, q, (r > 0) == (y > 0) ? -1 : 1, rm == Fpu.RMM ? Fpu.RNE : rm);
        }
        return FpuExact.div(f, a, b, rm);
    }

    static long sqrt(Fpu f, long a, int rm) {
        if (isNaN(a)) {
            return nan(f, isSNaN(a));
        }
        if (isZero(a)) {
            return a;                                      // sqrt(-0) = -0
        }
        if (a < 0) {
            return nan(f, true);
        }
        if (isInf(a)) {
            return a;
        }
        double x = d(a);
        if (x >= SMALL) {
            double s = Math.sqrt(x), r = Math.fma(s, s, -x); // s*s - x, exact
            if (r == 0) {
                return bits(s);
            }
            // a root is never halfway between two doubles either
            return directed(f, s, -r, rm == Fpu.RMM ? Fpu.RNE : rm);
        }
        return FpuExact.sqrt(f, a, rm);
    }

    /** a * b + c with one rounding; the RISC-V negated forms flip the signs of a and c. */
    static long fma(Fpu f, long a, long b, long c, int rm) {
        boolean zeroTimesInf = (isInf(a) && isZero(b)) || (isZero(a) && isInf(b));
        if (isNaN(a) || isNaN(b) || isNaN(c)) {
            // unlike IEEE 754's option, RISC-V signals 0 * inf even when c is a quiet NaN
            return nan(f, zeroTimesInf || isSNaN(a) || isSNaN(b) || isSNaN(c));
        }
        long productSign = (a ^ b) & SIGN_D;
        if (zeroTimesInf) {
            return nan(f, true);
        }
        if (isInf(a) || isInf(b)) {
            return isInf(c) && (c & SIGN_D) != productSign ? nan(f, true) : productSign | INF_D;
        }
        if (isInf(c)) {
            return c;
        }
        if (isZero(a) || isZero(b)) {
            return isZero(c) ? FpuExact.zeroSum(productSign, c, rm) : c;
        }
        double x = d(a), y = d(b), z = d(c), r = Math.fma(x, y, z);
        if (fmaInRange(x * y, z, r)) {
            double e = fmaError(x, y, z, r);
            if (e == 0) {
                return r == 0 ? FpuExact.zeroSum(productSign, c, rm) : bits(r);
            }
            if (rm != Fpu.RMM) {                           // e is exact in sign only
                return directed(f, r, e, rm);
            }
        }
        return FpuExact.fma(f, a, b, c, rm);
    }

    // ---- exact errors of host results and their guards

    /** Below this, errors of products may fall under the subnormal grid; 2^-968 is safe. */
    static final double SMALL = 0x1p-968;
    /** Results at or below this may be tiny after rounding. */
    static final double NEAR_TINY = 0x1p-1021;
    /** Intermediates of ErrFma stay finite while everything is below this. */
    static final double NEAR_HUGE = 0x1p1020;

    /** The error x + y - s of s = RN(x + y) (TwoSum; exact unless an intermediate overflows). */
    static double twoSumError(double x, double y, double s) {
        double bb = s - x;
        return (x - (s - bb)) + (y - bb);
    }

    /** Whether p = RN(x * y) is finite and x * y - p exactly representable. */
    static boolean mulInRange(double p) {
        double ap = Math.abs(p);
        return ap >= SMALL && ap <= Double.MAX_VALUE;
    }

    /** Whether q = RN(x / y) is finite, not near tiny, and q * y - x exactly representable. */
    static boolean divInRange(double x, double q) {
        double aq = Math.abs(q);
        return aq > NEAR_TINY && aq <= Double.MAX_VALUE && Math.abs(x) >= SMALL;
    }

    /** Whether {@link #fmaError} is exact for p = RN(x * y), addend z, r = RN(x * y + z). */
    private static boolean fmaInRange(double p, double z, double r) {
        double ap = Math.abs(p), ar = Math.abs(r);
        return ap >= SMALL && ap <= NEAR_HUGE && Math.abs(z) <= NEAR_HUGE
            && ar <= NEAR_HUGE && (ar > NEAR_TINY || r == 0);
    }

    /**
     * The error v - r of r = RN(v), v = x * y + z, rounded to nearest: zero exactly when r is
     * exact and otherwise of the right sign; valid while {@link #fmaInRange} holds.
     *
     * <p>The common case is an accumulation (z += x * y) where r and z are within a factor
     * of two: then r - z is exact (Sterbenz's lemma), and v - r = x * y - (r - z) is one fma
     * away, its rounding unable to reach zero since both terms lie on the 2^-1074 grid.
     * Otherwise, ErrFma (Boldo and Muller, IEEE Trans. Computers 60(2), 2011): its two last
     * terms sum exactly to v - r, and their rounded sum keeps the sign for the same reason.
     */
    private static double fmaError(double x, double y, double z, double r) {
        boolean close = z > 0 ? r + r >= z && r <= z + z : r + r <= z && r >= z + z;
        if (close || z == 0) {
            return Math.fma(x, y, z - r);
        }
        return errFma(x, y, z, r);
    }

    private static double errFma(double x, double y, double z, double r) {
        double u1 = x * y, u2 = Math.fma(x, y, -u1);
        double a1 = z + u2, zz = twoSumError(z, u2, a1);
        double b1 = u1 + a1, b2 = twoSumError(u1, a1, b1);
        double g = (b1 - r) + b2;
        return g + zz;
    }

    // ---- results

    /**
     * The result in mode rm of an inexact v, from its nearest double r (finite, not near the
     * subnormal range) and err = v - r; err must be exact when rm is RMM, else only its sign
     * counts. Raises NX, and OF when stepping away from r leaves the finite range.
     */
    static long directed(Fpu f, double r, double err, int rm) {
        double s = switch (rm) {
            case Fpu.RNE -> r;
            case Fpu.RTZ -> (r > 0) == (err > 0) ? r : r > 0 ? Math.nextDown(r) : Math.nextUp(r);
            case Fpu.RDN -> err < 0 ? Math.nextDown(r) : r;
            case Fpu.RUP -> err > 0 ? Math.nextUp(r) : r;
            default -> {  // RMM: differs from RNE only on a tie that RNE broke towards zero
                double n = err > 0 ? Math.nextUp(r) : Math.nextDown(r);
                yield Math.abs(n) > Math.abs(r) && Math.abs(err) * 2 == Math.abs(n - r) ? n : r;
            }
        };
        f.flags |= Double.isInfinite(s) ? Fpu.NX | Fpu.OF : Fpu.NX;
        return bits(s);
    }

    /** The canonical NaN, raising NV if asked to. */
    static long nan(Fpu f, boolean invalid) {
        if (invalid) {
            f.flags |= Fpu.NV;
        }
        return CANONICAL_NAN_D;
    }
}
