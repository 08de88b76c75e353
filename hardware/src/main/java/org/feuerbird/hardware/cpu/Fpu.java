package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.FpuRound.SIGN_D;
import static org.feuerbird.hardware.cpu.FpuRound.SIGN_S;
import static org.feuerbird.hardware.cpu.FpuRound.bits;
import static org.feuerbird.hardware.cpu.FpuRound.box;
import static org.feuerbird.hardware.cpu.FpuRound.d;
import static org.feuerbird.hardware.cpu.FpuRound.unbox;

/**
 * The floating-point unit of one hart: the computational instructions of the RISC-V F and D
 * extensions, with IEEE 754-2008 results in all five rounding modes and the accrued
 * exception flags that the {@code fflags} CSR shows.
 *
 * <p>The interpreter keeps the FP registers as raw 64-bit patterns and passes them in:
 * doubles as binary64 bits, singles NaN-boxed (a single whose upper 32 bits are not all
 * ones reads as the canonical NaN; single results come back boxed). A rounding mode
 * argument is always one of {@link #RNE} .. {@link #RMM}: the interpreter resolves DYN from
 * {@code frm} and rejects the reserved encodings. As RISC-V demands, NaN results are always
 * the canonical NaN, underflow is detected after rounding, and fcvt to an integer saturates.
 *
 * <p>The shape is dictated by speed. Each arithmetic method starts with an inline fast path
 * for round-to-nearest-even on ordinary operands: the host computes the result, and an
 * exact error term computed on the host too (TwoSum, or an fma residual) says whether to
 * raise NX. Whatever that path does not cover (special values, other rounding modes,
 * overflow, results near the subnormal range) goes to {@link FpuDouble} or
 * {@link FpuSingle}, then in rare cases to the big-integer {@link FpuExact}; conversions
 * live in {@link FpuConvert}, comparisons in {@link FpuCompare}. The fast paths never
 * allocate and are small enough to be inlined into the interpreter's loop.
 */
final class Fpu {
    /** The sign bit of a boxed single (SIGN_S would sign-extend into the box). */
    private static final long BOXED_SIGN_S = 0x8000_0000L;

    /** Accrued exception flags (fflags): every operation ORs its exceptions in. */
    public int flags;

    /** Flag bits as in fflags: inexact, underflow, overflow, division by zero, invalid. */
    public static final int NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16;
    /** Rounding modes as encoded in the rm field and frm. */
    public static final int RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4;

    // ==== double precision: operands and results are binary64 bit patterns

    /** fadd.d */
    public long addD(long a, long b, int rm) {
        double x = d(a), y = d(b), s = x + y;
        if (rm == RNE && Math.abs(s) <= Double.MAX_VALUE) {
            double t = FpuDouble.twoSumError(x, y, s);
            if (t == 0) {
                return bits(s);
            }
            if (Math.abs(t) <= Double.MAX_VALUE) {
                flags |= NX;
                return bits(s);
            }
        }
        return FpuDouble.add(this, a, b, rm);
    }

    /** fsub.d */
    public long subD(long a, long b, int rm) {
        return addD(a, b ^ SIGN_D, rm);
    }

    /** fmul.d */
    public long mulD(long a, long b, int rm) {
        double x = d(a), y = d(b), p = x * y;
        if (rm == RNE && FpuDouble.mulInRange(p)) {
            if (Math.fma(x, y, -p) != 0) {
                flags |= NX;
            }
            return bits(p);
        }
        return FpuDouble.mul(this, a, b, rm);
    }

    /** fdiv.d */
    public long divD(long a, long b, int rm) {
        double x = d(a), y = d(b), q = x / y;
        if (rm == RNE && FpuDouble.divInRange(x, q)) {
            if (Math.fma(q, y, -x) != 0) {
                flags |= NX;
            }
            return bits(q);
        }
        return FpuDouble.div(this, a, b, rm);
    }

    /** fsqrt.d */
    public long sqrtD(long a, int rm) {
        double x = d(a);
        if (rm == RNE && x >= FpuDouble.SMALL && x <= Double.MAX_VALUE) {
            double s = Math.sqrt(x);
            if (Math.fma(s, s, -x) != 0) {
                flags |= NX;
            }
            return bits(s);
        }
        return FpuDouble.sqrt(this, a, rm);
    }

    /** fmadd.d: a * b + c, rounded once. */
    public long maddD(long a, long b, long c, int rm) {
        return fmaD(a, b, c, rm);
    }

    /** fmsub.d: a * b - c, rounded once. */
    public long msubD(long a, long b, long c, int rm) {
        return fmaD(a, b, c ^ SIGN_D, rm);
    }

    /** fnmsub.d: -(a * b) + c, rounded once. */
    public long nmsubD(long a, long b, long c, int rm) {
        return fmaD(a ^ SIGN_D, b, c, rm);
    }

    /** fnmadd.d: -(a * b) - c, rounded once. */
    public long nmaddD(long a, long b, long c, int rm) {
        return fmaD(a ^ SIGN_D, b, c ^ SIGN_D, rm);
    }

    /**
     * The fast path covers accumulations (c += a * b), the bulk of a matrix product: r and c
     * share sign and binade, r is normal and not tiny. Then r - c is exact, so a * b - (r - c),
     * computed by one more fma, is the exact error of r; it cannot round to zero unless the
     * product is tiny, which only needs checking when the error came out as zero.
     */
    private long fmaD(long a, long b, long c, int rm) {
        double x = d(a), y = d(b), z = d(c), r = Math.fma(x, y, z);
        long bits = bits(r), top = bits >>> 52;    // sign and biased exponent
        if (rm == RNE && top == c >>> 52 && ((top + 1) & 0x7ff) > 2) {
            if (Math.fma(x, y, z - r) != 0) {
                flags |= NX;
                return bits;
            }
            if (Math.abs(x * y) >= FpuDouble.SMALL) {
                return bits;
            }
        }
        return FpuDouble.fma(this, a, b, c, rm);
    }

    /** fsgnj.d: the magnitude of a with the sign of b. */
    public long sgnjD(long a, long b) {
        return (a & ~SIGN_D) | (b & SIGN_D);
    }

    /** fsgnjn.d: the magnitude of a with the opposite of b's sign. */
    public long sgnjnD(long a, long b) {
        return (a & ~SIGN_D) | (~b & SIGN_D);
    }

    /** fsgnjx.d: a with its sign XOR-ed with b's. */
    public long sgnjxD(long a, long b) {
        return a ^ (b & SIGN_D);
    }

    /** fmin.d (see {@link FpuCompare} for the NaN and zero rules). */
    public long minD(long a, long b) {
        return FpuCompare.minD(this, a, b);
    }

    /** fmax.d */
    public long maxD(long a, long b) {
        return FpuCompare.maxD(this, a, b);
    }

    /** feq.d: 1 or 0; NV only for a signalling NaN. */
    public long eqD(long a, long b) {
        return FpuCompare.eqD(this, a, b);
    }

    /** flt.d: 1 or 0; NV for any NaN. */
    public long ltD(long a, long b) {
        return FpuCompare.ltD(this, a, b);
    }

    /** fle.d: 1 or 0; NV for any NaN. */
    public long leD(long a, long b) {
        return FpuCompare.leD(this, a, b);
    }

    /** fclass.d: the 10-bit class mask. */
    public long classD(long a) {
        return FpuCompare.classD(a);
    }

    /** fcvt.w.d: to int32 (sign-extended), saturating. */
    public long cvtWD(long a, int rm) {
        return FpuConvert.toInt32(this, d(a), rm);
    }

    /** fcvt.wu.d: to uint32, saturating; the result is sign-extended from bit 31. */
    public long cvtWUD(long a, int rm) {
        return FpuConvert.toUInt32(this, d(a), rm);
    }

    /** fcvt.l.d: to int64, saturating. */
    public long cvtLD(long a, int rm) {
        return FpuConvert.toInt64(this, d(a), rm);
    }

    /** fcvt.lu.d: to uint64, saturating. */
    public long cvtLUD(long a, int rm) {
        return FpuConvert.toUInt64(this, d(a), rm);
    }

    /** fcvt.d.w: from the low 32 bits of x as int32 (always exact). */
    public long cvtDW(long x, int rm) {
        return FpuConvert.int32ToDouble(x);
    }

    /** fcvt.d.wu: from the low 32 bits of x as uint32 (always exact). */
    public long cvtDWU(long x, int rm) {
        return FpuConvert.uint32ToDouble(x);
    }

    /** fcvt.d.l: from x as int64. */
    public long cvtDL(long x, int rm) {
        return FpuConvert.int64ToDouble(this, x, rm);
    }

    /** fcvt.d.lu: from x as uint64. */
    public long cvtDLU(long x, int rm) {
        return FpuConvert.uint64ToDouble(this, x, rm);
    }

    // ==== single precision: operands and results NaN-boxed

    /** fadd.s */
    public long addS(long a, long b, int rm) {
        if (rm == RNE) {
            double x = single(a), y = single(b), s = x + y;
            float r = (float) s;    // rounding twice is harmless here: 53 >= 2 * 24 + 2
            if (Math.abs(r) <= Float.MAX_VALUE) {
                if (r != s || FpuDouble.twoSumError(x, y, s) != 0) {
                    flags |= NX;
                }
                return box(r);
            }
        }
        return FpuSingle.add(this, a, b, rm);
    }

    /** fsub.s */
    public long subS(long a, long b, int rm) {
        return addS(a, b ^ BOXED_SIGN_S, rm);
    }

    /** fmul.s */
    public long mulS(long a, long b, int rm) {
        double p = single(a) * single(b);  // exact
        float r = (float) p;
        if (r == p) {
            return box(r);
        }
        if (rm == RNE && Math.abs(r) > Float.MIN_NORMAL && Math.abs(r) <= Float.MAX_VALUE) {
            flags |= NX;
            return box(r);
        }
        return FpuSingle.mul(this, a, b, rm);
    }

    /** fdiv.s */
    public long divS(long a, long b, int rm) {
        if (rm == RNE) {
            double x = single(a), y = single(b), q = x / y;
            float r = (float) q;
            if (Math.abs(r) > Float.MIN_NORMAL && Math.abs(r) <= Float.MAX_VALUE) {
                if (r != q || Math.fma(q, y, -x) != 0) {
                    flags |= NX;
                }
                return box(r);
            }
        }
        return FpuSingle.div(this, a, b, rm);
    }

    /** fsqrt.s */
    public long sqrtS(long a, int rm) {
        if (rm == RNE) {
            double x = single(a), s = Math.sqrt(x);
            float r = (float) s;
            if (r > Float.MIN_NORMAL && r <= Float.MAX_VALUE) {
                if (r != s || Math.fma(s, s, -x) != 0) {
                    flags |= NX;
                }
                return box(r);
            }
        }
        return FpuSingle.sqrt(this, a, rm);
    }

    /** fmadd.s: a * b + c, rounded once. */
    public long maddS(long a, long b, long c, int rm) {
        return fmaS(a, b, c, rm);
    }

    /** fmsub.s: a * b - c, rounded once. */
    public long msubS(long a, long b, long c, int rm) {
        return fmaS(a, b, c ^ BOXED_SIGN_S, rm);
    }

    /** fnmsub.s: -(a * b) + c, rounded once. */
    public long nmsubS(long a, long b, long c, int rm) {
        return fmaS(a ^ BOXED_SIGN_S, b, c, rm);
    }

    /** fnmadd.s: -(a * b) - c, rounded once. */
    public long nmaddS(long a, long b, long c, int rm) {
        return fmaS(a ^ BOXED_SIGN_S, b, c ^ BOXED_SIGN_S, rm);
    }

    private long fmaS(long a, long b, long c, int rm) {
        if (rm == RNE) {
            double p = single(a) * single(b), z = single(c), s = p + z;  // p is exact
            double t = FpuDouble.twoSumError(p, z, s);
            if (t != 0 && (bits(s) & 1) == 0) {
                s = t > 0 ? Math.nextUp(s) : Math.nextDown(s);         // round to odd
            }
            float r = (float) s;
            if (Math.abs(r) > Float.MIN_NORMAL && Math.abs(r) <= Float.MAX_VALUE) {
                if (r != s) {
                    flags |= NX;
                }
                return box(r);
            }
        }
        return FpuSingle.fma(this, a, b, c, rm);
    }

    /** fsgnj.s */
    public long sgnjS(long a, long b) {
        return box((unbox(a) & ~SIGN_S) | (unbox(b) & SIGN_S));
    }

    /** fsgnjn.s */
    public long sgnjnS(long a, long b) {
        return box((unbox(a) & ~SIGN_S) | (~unbox(b) & SIGN_S));
    }

    /** fsgnjx.s */
    public long sgnjxS(long a, long b) {
        return box(unbox(a) ^ (unbox(b) & SIGN_S));
    }

    /** fmin.s */
    public long minS(long a, long b) {
        return FpuCompare.minS(this, a, b);
    }

    /** fmax.s */
    public long maxS(long a, long b) {
        return FpuCompare.maxS(this, a, b);
    }

    /** feq.s */
    public long eqS(long a, long b) {
        return FpuCompare.eqS(this, a, b);
    }

    /** flt.s */
    public long ltS(long a, long b) {
        return FpuCompare.ltS(this, a, b);
    }

    /** fle.s */
    public long leS(long a, long b) {
        return FpuCompare.leS(this, a, b);
    }

    /** fclass.s */
    public long classS(long a) {
        return FpuCompare.classS(a);
    }

    /** fcvt.w.s */
    public long cvtWS(long a, int rm) {
        return FpuConvert.toInt32(this, single(a), rm);
    }

    /** fcvt.wu.s (result sign-extended from bit 31) */
    public long cvtWUS(long a, int rm) {
        return FpuConvert.toUInt32(this, single(a), rm);
    }

    /** fcvt.l.s */
    public long cvtLS(long a, int rm) {
        return FpuConvert.toInt64(this, single(a), rm);
    }

    /** fcvt.lu.s */
    public long cvtLUS(long a, int rm) {
        return FpuConvert.toUInt64(this, single(a), rm);
    }

    /** fcvt.s.w: from the low 32 bits of x as int32. */
    public long cvtSW(long x, int rm) {
        return FpuConvert.int32ToSingle(this, x, rm);
    }

    /** fcvt.s.wu: from the low 32 bits of x as uint32. */
    public long cvtSWU(long x, int rm) {
        return FpuConvert.uint32ToSingle(this, x, rm);
    }

    /** fcvt.s.l */
    public long cvtSL(long x, int rm) {
        return FpuConvert.int64ToSingle(this, x, rm);
    }

    /** fcvt.s.lu */
    public long cvtSLU(long x, int rm) {
        return FpuConvert.uint64ToSingle(this, x, rm);
    }

    // ==== between the formats

    /** fcvt.s.d: double to boxed single, rounded. */
    public long cvtSD(long d, int rm) {
        return FpuConvert.doubleToSingle(this, d, rm);
    }

    /** fcvt.d.s: boxed single to double, exact (NV on a signalling NaN). */
    public long cvtDS(long s, int rm) {
        return FpuConvert.singleToDouble(this, s);
    }

    /**
     * A boxed single as a double (exact); NaN if it is a NaN or not properly boxed. Only for
     * values and NaN tests: a signalling NaN's bits do not survive the conversion.
     */
    private static double single(long v) {
        return (v >>> 32) == 0xffff_ffffL ? Float.intBitsToFloat((int) v) : Double.NaN;
    }
}
