package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.FpuRound.P_D;
import static org.feuerbird.hardware.cpu.FpuRound.P_S;
import static org.feuerbird.hardware.cpu.FpuRound.EMIN_D;
import static org.feuerbird.hardware.cpu.FpuRound.EMIN_S;
import static org.feuerbird.hardware.cpu.FpuRound.EMAX_D;
import static org.feuerbird.hardware.cpu.FpuRound.EMAX_S;
import static org.feuerbird.hardware.cpu.FpuRound.box;

/**
 * Conversions between floating-point values and integers, and between the two formats.
 *
 * <p>Floating-point to integer: the value is first rounded to an integral double in the
 * requested mode (exact, with the host's rint/floor/ceil), then range-checked against the
 * destination; out-of-range values and NaNs saturate as in the RISC-V table and raise only
 * NV, in-range values raise NX if rounding changed them. Singles go through the same code
 * as the doubles they convert to exactly. A 32-bit result is sign-extended to 64 bits, also
 * for the unsigned forms (RV64 keeps 32-bit values sign-extended in registers).
 *
 * <p>Integer to floating point: values that fit the significand are converted by the host;
 * wider ones go through {@link FpuRound#roundUnsigned}.
 */
final class FpuConvert {
    private static final double TWO_31 = 0x1p31, TWO_32 = 0x1p32, TWO_63 = 0x1p63, TWO_64 = 0x1p64;

    private FpuConvert() {}

    /** fcvt.w: to int32, sign-extended. */
    static long toInt32(Fpu f, double x, int rm) {
        if (x != x) {
            return invalid(f, Integer.MAX_VALUE);
        }
        double r = roundToIntegral(x, rm);
        if (r >= TWO_31) {
            return invalid(f, Integer.MAX_VALUE);
        }
        if (r < -TWO_31) {
            return invalid(f, Integer.MIN_VALUE);
        }
        return exact(f, x, r, (long) r);
    }

    /** fcvt.wu: to uint32, sign-extended (so 0xffffffff reads as -1). */
    static long toUInt32(Fpu f, double x, int rm) {
        if (x != x) {
            return invalid(f, -1);
        }
        double r = roundToIntegral(x, rm);
        if (r >= TWO_32) {
            return invalid(f, -1);
        }
        if (r < 0) {  // -0.0 (from -0.3 towards zero, say) is fine: it is 0 with NX
            return invalid(f, 0);
        }
        return exact(f, x, r, (int) (long) r);
    }

    /** fcvt.l: to int64. */
    static long toInt64(Fpu f, double x, int rm) {
        if (x != x) {
            return invalid(f, Long.MAX_VALUE);
        }
        double r = roundToIntegral(x, rm);
        if (r >= TWO_63) {
            return invalid(f, Long.MAX_VALUE);
        }
        if (r < -TWO_63) {
            return invalid(f, Long.MIN_VALUE);
        }
        return exact(f, x, r, (long) r);
    }

    /** fcvt.lu: to uint64. */
    static long toUInt64(Fpu f, double x, int rm) {
        if (x != x) {
            return invalid(f, -1);
        }
        double r = roundToIntegral(x, rm);
        if (r >= TWO_64) {
            return invalid(f, -1);
        }
        if (r < 0) {
            return invalid(f, 0);
        }
        // at and above 2^63 the integral double is a multiple of 2^11, so r - 2^63 is exact
        return exact(f, x, r, r < TWO_63 ? (long) r : (long) (r - TWO_63) | Long.MIN_VALUE);
    }

    /** x rounded to an integral value in mode rm (x finite or infinite, not NaN). */
    static double roundToIntegral(double x, int rm) {
        return switch (rm) {
            case Fpu.RNE -> Math.rint(x);
            case Fpu.RTZ -> x < 0 ? Math.ceil(x) : Math.floor(x);
            case Fpu.RDN -> Math.floor(x);
            case Fpu.RUP -> Math.ceil(x);
            default -> {  // RMM: away from zero on a tie; x - trunc(x) is exact
                double t = x < 0 ? Math.ceil(x) : Math.floor(x);
                yield Math.abs(x - t) >= 0.5 ? t + Math.signum(x) : t;
            }
        };
    }

    private static long exact(Fpu f, double x, double r, long result) {
        if (r != x) {
            f.flags |= Fpu.NX;
        }
        return result;
    }

    private static long invalid(Fpu f, long saturated) {
        f.flags |= Fpu.NV;
        return saturated;
    }

    // ---- integer to floating point (x is the integer register)

    static long int32ToDouble(long x) {
        return FpuRound.bits((int) x);  // always exact
    }

    static long uint32ToDouble(long x) {
        return FpuRound.bits(x & 0xffff_ffffL);
    }

    static long int64ToDouble(Fpu f, long x, int rm) {
        if (x == (x << 11) >> 11) {     // |x| <= 2^52: exact
            return FpuRound.bits(x);
        }
        return FpuRound.roundUnsigned(f, x < 0, Math.abs(x), 0, rm, P_D, EMIN_D, EMAX_D);
    }

    static long uint64ToDouble(Fpu f, long x, int rm) {
        if ((x >>> 53) == 0) {
            return FpuRound.bits(x);
        }
        return FpuRound.roundUnsigned(f, false, x, 0, rm, P_D, EMIN_D, EMAX_D);
    }

    static long int32ToSingle(Fpu f, long x, int rm) {
        int v = (int) x;
        if (v == (v << 7) >> 7) {       // |v| <= 2^24: exact
            return box((float) v);
        }
        return box((int) FpuRound.roundUnsigned(f, v < 0, Math.abs((long) v), 0, rm, P_S, EMIN_S, EMAX_S));
    }

    static long uint32ToSingle(Fpu f, long x, int rm) {
        long v = x & 0xffff_ffffL;
        if ((v >>> 24) == 0) {
            return box((float) v);
        }
        return box((int) FpuRound.roundUnsigned(f, false, v, 0, rm, P_S, EMIN_S, EMAX_S));
    }

    static long int64ToSingle(Fpu f, long x, int rm) {
        if (x == (x << 40) >> 40) {
            return box((float) x);
        }
        return box((int) FpuRound.roundUnsigned(f, x < 0, Math.abs(x), 0, rm, P_S, EMIN_S, EMAX_S));
    }

    static long uint64ToSingle(Fpu f, long x, int rm) {
        if ((x >>> 24) == 0) {
            return box((float) x);
        }
        return box((int) FpuRound.roundUnsigned(f, false, x, 0, rm, P_S, EMIN_S, EMAX_S));
    }

    // ---- between the formats

    /** fcvt.s.d: rounds a double to a boxed single. */
    static long doubleToSingle(Fpu f, long d, int rm) {
        double x = FpuRound.d(d);
        float r = (float) x;
        if (r == x) {                   // exact, infinities and zeros included
            return box(r);
        }
        if (FpuRound.isNaN(d)) {
            return FpuSingle.nan(f, FpuRound.isSNaN(d));
        }
        if (rm == Fpu.RNE && Math.abs(r) > Float.MIN_NORMAL && Math.abs(r) <= Float.MAX_VALUE) {
            f.flags |= Fpu.NX;
            return box(r);
        }
        return box(FpuRound.toSingle(f, x, rm));
    }

    /** fcvt.d.s: widens a boxed single, exactly. */
    static long singleToDouble(Fpu f, long s) {
        int v = FpuRound.unbox(s);
        if (FpuRound.isNaN(v)) {
            return FpuDouble.nan(f, FpuRound.isSNaN(v));
        }
        return FpuRound.bits(Float.intBitsToFloat(v));
    }
}
