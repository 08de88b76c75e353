package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.FpuRound.BOXED_NAN_S;
import static org.feuerbird.hardware.cpu.FpuRound.CANONICAL_NAN_D;
import static org.feuerbird.hardware.cpu.FpuRound.INF_D;
import static org.feuerbird.hardware.cpu.FpuRound.INF_S;
import static org.feuerbird.hardware.cpu.FpuRound.box;
import static org.feuerbird.hardware.cpu.FpuRound.d;
import static org.feuerbird.hardware.cpu.FpuRound.isInf;
import static org.feuerbird.hardware.cpu.FpuRound.isNaN;
import static org.feuerbird.hardware.cpu.FpuRound.isSNaN;
import static org.feuerbird.hardware.cpu.FpuRound.isZero;
import static org.feuerbird.hardware.cpu.FpuRound.unbox;

/**
 * The operations that never round: minimum and maximum, comparisons and classification,
 * for both formats.
 *
 * <p>fmin/fmax follow RISC-V 2.2 and later (IEEE 754-2019 minimumNumber/maximumNumber):
 * -0 is below +0, a NaN operand gives way to the other operand, two NaNs give the canonical
 * NaN, and a signalling NaN raises NV. feq is a quiet comparison (NV only for a signalling
 * NaN), flt and fle are signalling (NV for any NaN); a comparison involving a NaN is false.
 * The host's float/double comparisons already order everything else correctly, zeros
 * included, so only NaNs are checked on the raw bits. Single operands that are not properly
 * NaN-boxed read as the canonical NaN.
 */
final class FpuCompare {
    static final int NEG_INF = 1, NEG_NORMAL = 1 << 1, NEG_SUBNORMAL = 1 << 2, NEG_ZERO = 1 << 3,
        POS_ZERO = 1 << 4, POS_SUBNORMAL = 1 << 5, POS_NORMAL = 1 << 6, POS_INF = 1 << 7,
        SIGNALING_NAN = 1 << 8, QUIET_NAN = 1 << 9;

    private FpuCompare() {}

    // ---- double

    static long minD(Fpu f, long a, long b) {
        if (isNaN(a) || isNaN(b)) {
            return numberOfD(f, a, b);
        }
        double x = d(a), y = d(b);
        return x < y ? a : y < x ? b : a | b;    // equal: only the zeros differ, -0 wins
    }

    static long maxD(Fpu f, long a, long b) {
        if (isNaN(a) || isNaN(b)) {
            return numberOfD(f, a, b);
        }
        double x = d(a), y = d(b);
        return x > y ? a : y > x ? b : a & b;    // equal: +0 wins
    }

    private static long numberOfD(Fpu f, long a, long b) {
        if (isSNaN(a) || isSNaN(b)) {
            f.flags |= Fpu.NV;
        }
        return !isNaN(a) ? a : !isNaN(b) ? b : CANONICAL_NAN_D;
    }

    static long eqD(Fpu f, long a, long b) {
        if (isNaN(a) || isNaN(b)) {
            if (isSNaN(a) || isSNaN(b)) {
                f.flags |= Fpu.NV;
            }
            return 0;
        }
        return d(a) == d(b) ? 1 : 0;
    }

    static long ltD(Fpu f, long a, long b) {
        if (isNaN(a) || isNaN(b)) {
            f.flags |= Fpu.NV;
            return 0;
        }
        return d(a) < d(b) ? 1 : 0;
    }

    static long leD(Fpu f, long a, long b) {
        if (isNaN(a) || isNaN(b)) {
            f.flags |= Fpu.NV;
            return 0;
        }
        return d(a) <= d(b) ? 1 : 0;
    }

    static long classD(long a) {
        if (isNaN(a)) {
            return isSNaN(a) ? SIGNALING_NAN : QUIET_NAN;
        }
        boolean neg = a < 0;
        if (isInf(a)) {
            return neg ? NEG_INF : POS_INF;
        }
        if (isZero(a)) {
            return neg ? NEG_ZERO : POS_ZERO;
        }
        boolean subnormal = (a & INF_D) == 0;
        return neg ? (subnormal ? NEG_SUBNORMAL : NEG_NORMAL) : (subnormal ? POS_SUBNORMAL : POS_NORMAL);
    }

    // ---- single

    static long minS(Fpu f, long a, long b) {
        int x = unbox(a), y = unbox(b);
        if (isNaN(x) || isNaN(y)) {
            return numberOfS(f, x, y);
        }
        float u = Float.intBitsToFloat(x), v = Float.intBitsToFloat(y);
        return box(u < v ? x : v < u ? y : x | y);
    }

    static long maxS(Fpu f, long a, long b) {
        int x = unbox(a), y = unbox(b);
        if (isNaN(x) || isNaN(y)) {
            return numberOfS(f, x, y);
        }
        float u = Float.intBitsToFloat(x), v = Float.intBitsToFloat(y);
        return box(u > v ? x : v > u ? y : x & y);
    }

    private static long numberOfS(Fpu f, int x, int y) {
        if (isSNaN(x) || isSNaN(y)) {
            f.flags |= Fpu.NV;
        }
        return !isNaN(x) ? box(x) : !isNaN(y) ? box(y) : BOXED_NAN_S;
    }

    static long eqS(Fpu f, long a, long b) {
        int x = unbox(a), y = unbox(b);
        if (isNaN(x) || isNaN(y)) {
            if (isSNaN(x) || isSNaN(y)) {
                f.flags |= Fpu.NV;
            }
            return 0;
        }
        return Float.intBitsToFloat(x) == Float.intBitsToFloat(y) ? 1 : 0;
    }

    static long ltS(Fpu f, long a, long b) {
        int x = unbox(a), y = unbox(b);
        if (isNaN(x) || isNaN(y)) {
            f.flags |= Fpu.NV;
            return 0;
        }
        return Float.intBitsToFloat(x) < Float.intBitsToFloat(y) ? 1 : 0;
    }

    static long leS(Fpu f, long a, long b) {
        int x = unbox(a), y = unbox(b);
        if (isNaN(x) || isNaN(y)) {
            f.flags |= Fpu.NV;
            return 0;
        }
        return Float.intBitsToFloat(x) <= Float.intBitsToFloat(y) ? 1 : 0;
    }

    static long classS(long a) {
        int x = unbox(a);
        if (isNaN(x)) {
            return isSNaN(x) ? SIGNALING_NAN : QUIET_NAN;
        }
        boolean neg = x < 0;
        if (isInf(x)) {
            return neg ? NEG_INF : POS_INF;
        }
        if (isZero(x)) {
            return neg ? NEG_ZERO : POS_ZERO;
        }
        boolean subnormal = (x & INF_S) == 0;
        return neg ? (subnormal ? NEG_SUBNORMAL : NEG_NORMAL) : (subnormal ? POS_SUBNORMAL : POS_NORMAL);
    }
}
