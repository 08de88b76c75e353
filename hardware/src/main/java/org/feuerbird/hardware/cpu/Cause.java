package org.feuerbird.hardware.cpu;

/** Trap causes ({@code mcause}/{@code scause} values) of the RISC-V privileged spec. */
public final class Cause {
    private Cause() { }

    public static final long INTERRUPT = 1L << 63;

    public static final int MISALIGNED_FETCH = 0, FETCH_ACCESS = 1, ILLEGAL_INSTRUCTION = 2, BREAKPOINT = 3;
    public static final int MISALIGNED_LOAD = 4, LOAD_ACCESS = 5, MISALIGNED_STORE = 6, STORE_ACCESS = 7;
    public static final int ECALL_FROM_U = 8, ECALL_FROM_S = 9, ECALL_FROM_M = 11;
    public static final int FETCH_PAGE_FAULT = 12, LOAD_PAGE_FAULT = 13, STORE_PAGE_FAULT = 15;

    public static final int SUPERVISOR_SOFTWARE = 1, MACHINE_SOFTWARE = 3;
    public static final int SUPERVISOR_TIMER = 5, MACHINE_TIMER = 7;
    public static final int SUPERVISOR_EXTERNAL = 9, MACHINE_EXTERNAL = 11;

    public static boolean isInterrupt(long cause) { return cause < 0; }

    /** A short name, for logs and error messages. */
    public static String name(long cause) {
        if (isInterrupt(cause)) {
            return switch ((int) (cause & 0xff)) {
                case SUPERVISOR_SOFTWARE -> "supervisor software interrupt";
                case MACHINE_SOFTWARE -> "machine software interrupt";
                case SUPERVISOR_TIMER -> "supervisor timer interrupt";
                case MACHINE_TIMER -> "machine timer interrupt";
                case SUPERVISOR_EXTERNAL -> "supervisor external interrupt";
                case MACHINE_EXTERNAL -> "machine external interrupt";
                default -> "interrupt " + (cause & 0xff);
            };
        }
        return switch ((int) cause) {
            case MISALIGNED_FETCH -> "instruction address misaligned";
            case FETCH_ACCESS -> "instruction access fault";
            case ILLEGAL_INSTRUCTION -> "illegal instruction";
            case BREAKPOINT -> "breakpoint";
            case MISALIGNED_LOAD -> "load address misaligned";
            case LOAD_ACCESS -> "load access fault";
            case MISALIGNED_STORE -> "store/AMO address misaligned";
            case STORE_ACCESS -> "store/AMO access fault";
            case ECALL_FROM_U -> "environment call from U-mode";
            case ECALL_FROM_S -> "environment call from S-mode";
            case ECALL_FROM_M -> "environment call from M-mode";
            case FETCH_PAGE_FAULT -> "instruction page fault";
            case LOAD_PAGE_FAULT -> "load page fault";
            case STORE_PAGE_FAULT -> "store/AMO page fault";
            default -> "exception " + cause;
        };
    }
}
