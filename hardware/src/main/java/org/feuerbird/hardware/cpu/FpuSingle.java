package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.FpuRound.BOXED_NAN_S;
import static org.feuerbird.hardware.cpu.FpuRound.INF_S;
import static org.feuerbird.hardware.cpu.FpuRound.SIGN_S;
import static org.feuerbird.hardware.cpu.FpuRound.bits;
import static org.feuerbird.hardware.cpu.FpuRound.box;
import static org.feuerbird.hardware.cpu.FpuRound.isInf;
import static org.feuerbird.hardware.cpu.FpuRound.isNaN;
import static org.feuerbird.hardware.cpu.FpuRound.isSNaN;
import static org.feuerbird.hardware.cpu.FpuRound.isZero;
import static org.feuerbird.hardware.cpu.FpuRound.unbox;

/**
 * Binary32 arithmetic for every case that {@link Fpu}'s inline fast paths leave: special
 * operands, directed rounding modes, overflow and results near the subnormal range.
 *
 * <p>Everything is computed in binary64, where the binary32 operands are far from both ends
 * of the exponent range: a product is exact, a sum is exact as the TwoSum pair (s, t), a
 * quotient or root comes with an exact fma residual. The double result is then rounded to
 * odd (if inexact and its last bit is even, step towards the exact value), which keeps the
 * information needed to round it once more, correctly, to 24 bits in any mode
 * (Boldo and Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms
 * using rounding to odd", IEEE Trans. Computers 57(4), 2008); {@link FpuRound#toSingle}
 * does that final rounding and the flags. Operands and results are NaN-boxed.
 */
final class FpuSingle {
    private FpuSingle() {}

    static long add(Fpu f, long a, long b, int rm) {
        int ia = unbox(a), ib = unbox(b);
        if (isNaN(ia) || isNaN(ib)) {
            return nan(f, isSNaN(ia) || isSNaN(ib));
        }
        if (isInf(ia) || isInf(ib)) {
            return isInf(ia) && isInf(ib) && (ia ^ ib) < 0 ? nan(f, true) : box(isInf(ia) ? ia : ib);
        }
        double x = value(ia), y = value(ib), s = x + y, t = FpuDouble.twoSumError(x, y, s);
        if (s == 0 && t == 0) {
            return zeroSum(ia, ib, rm);
        }
        return round(f, s, t, rm);
    }

    static long mul(Fpu f, long a, long b, int rm) {
        int ia = unbox(a), ib = unbox(b);
        if (isNaN(ia) || isNaN(ib)) {
            return nan(f, isSNaN(ia) || isSNaN(ib));
        }
        if (isInf(ia) || isInf(ib)) {
            return isZero(ia) || isZero(ib) ? nan(f, true) : box(((ia ^ ib) & SIGN_S) | INF_S);
        }
        return round(f, value(ia) * value(ib), 0, rm);    // 24 x 24 bits: exact in binary64
    }

    static long div(Fpu f, long a, long b, int rm) {
        int ia = unbox(a), ib = unbox(b);
        if (isNaN(ia) || isNaN(ib)) {
            return nan(f, isSNaN(ia) || isSNaN(ib));
        }
        int sign = (ia ^ ib) & SIGN_S;
        if (isInf(ia)) {
            return isInf(ib) ? nan(f, true) : box(sign | INF_S);
        }
        if (isInf(ib)) {
            return box(sign);
        }
        if (isZero(ib)) {
            if (isZero(ia)) {
                return nan(f, true);
            }
            f.flags |= Fpu.DZ;
            return box(sign | INF_S);
        }
        if (isZero(ia)) {
            return box(sign);
        }
        double x = value(ia), y = value(ib), q = x / y, r = Math.fma(q, y, -x);
        return round(f, q, r == 0 ? 0 : (r > 0) == (y > 0) ? -1 : 1, rm);
    }

    static long sqrt(Fpu f, long a, int rm) {
        int ia = unbox(a);
        if (isNaN(ia)) {
            return nan(f, isSNaN(ia));
        }
        if (isZero(ia) || (isInf(ia) && ia > 0)) {
            return box(ia);
        }
        if (ia < 0) {
            return nan(f, true);
        }
        double x = value(ia), s = Math.sqrt(x);
        return round(f, s, -Math.fma(s, s, -x), rm);
    }

    /** a * b + c with one rounding; the RISC-V negated forms flip the signs of a and c. */
    static long fma(Fpu f, long a, long b, long c, int rm) {
        int ia = unbox(a), ib = unbox(b), ic = unbox(c);
        boolean zeroTimesInf = (isInf(ia) && isZero(ib)) || (isZero(ia) && isInf(ib));
        if (isNaN(ia) || isNaN(ib) || isNaN(ic)) {
            return nan(f, zeroTimesInf || isSNaN(ia) || isSNaN(ib) || isSNaN(ic));
        }
        int productSign = (ia ^ ib) & SIGN_S;
        if (zeroTimesInf) {
            return nan(f, true);
        }
        if (isInf(ia) || isInf(ib)) {
            return isInf(ic) && (ic & SIGN_S) != productSign ? nan(f, true) : box(productSign | INF_S);
        }
        if (isInf(ic)) {
            return box(ic);
        }
        double p = value(ia) * value(ib), z = value(ic), s = p + z, t = FpuDouble.twoSumError(p, z, s);
        if (s == 0 && t == 0) {
            return zeroSum(productSign, ic, rm);
        }
        return round(f, s, t, rm);
    }

    /** An unboxed single as a double, exactly (a NaN stays a NaN, perhaps quieted). */
    static double value(int s) {
        return Float.intBitsToFloat(s);
    }

    /**
     * Rounds v = s + (something of the sign of err, smaller than half an ulp of s) to a
     * boxed single in mode rm, by way of s rounded to odd.
     */
    static long round(Fpu f, double s, double err, int rm) {
        if (err != 0 && (bits(s) & 1) == 0) {
            s = err > 0 ? Math.nextUp(s) : Math.nextDown(s);
        }
        return box(FpuRound.toSingle(f, s, rm));
    }

    private static long zeroSum(int a, int b, int rm) {
        return box(FpuRound.zeroSumIsNegative(a < 0, b < 0, rm) ? SIGN_S : 0);
    }

    static long nan(Fpu f, boolean invalid) {
        if (invalid) {
            f.flags |= Fpu.NV;
        }
        return BOXED_NAN_S;
    }
}
