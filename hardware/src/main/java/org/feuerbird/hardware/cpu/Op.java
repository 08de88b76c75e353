package org.feuerbird.hardware.cpu;

/**
 * Operation numbers of decoded instructions: the names the interpreter switches on.
 *
 * <p>These are only names; what each one means (its encoding, its operand format) is written
 * once, in {@link InstructionTable}, and a test checks that every number here appears there
 * exactly once under its own name. Numbers are dense and start at 1 because a decoded slot of
 * 0 means "not decoded yet".
 */
final class Op {
    private Op() { }

    // internal
    static final int ILLEGAL = 1;     // imm = the instruction bits, for tval
    static final int PAGE_END = 2;    // the slots just past a page: execution has left the page

    // RV64I
    static final int LUI = 3, AUIPC = 4, JAL = 5, JALR = 6;
    static final int BEQ = 7, BNE = 8, BLT = 9, BGE = 10, BLTU = 11, BGEU = 12;
    static final int LB = 13, LH = 14, LW = 15, LBU = 16, LHU = 17, LWU = 18, LD = 19;
    static final int SB = 20, SH = 21, SW = 22, SD = 23;
    static final int ADDI = 24, SLTI = 25, SLTIU = 26, XORI = 27, ORI = 28, ANDI = 29;
    static final int SLLI = 30, SRLI = 31, SRAI = 32;
    static final int ADD = 33, SUB = 34, SLL = 35, SLT = 36, SLTU = 37, XOR = 38, SRL = 39, SRA = 40, OR = 41, AND = 42;
    static final int ADDIW = 43, SLLIW = 44, SRLIW = 45, SRAIW = 46;
    static final int ADDW = 47, SUBW = 48, SLLW = 49, SRLW = 50, SRAW = 51;
    static final int FENCE = 52, ECALL = 53, EBREAK = 54;
    // Zifencei, Zicsr, privileged
    static final int FENCE_I = 55;
    static final int CSRRW = 56, CSRRS = 57, CSRRC = 58, CSRRWI = 59, CSRRSI = 60, CSRRCI = 61;
    static final int MRET = 62, SRET = 63, WFI = 64, SFENCE_VMA = 65;
    // M
    static final int MUL = 66, MULH = 67, MULHSU = 68, MULHU = 69, DIV = 70, DIVU = 71, REM = 72, REMU = 73;
    static final int MULW = 74, DIVW = 75, DIVUW = 76, REMW = 77, REMUW = 78;
    // A
    static final int LR_W = 79, SC_W = 80, AMOSWAP_W = 81, AMOADD_W = 82, AMOXOR_W = 83, AMOAND_W = 84,
        AMOOR_W = 85, AMOMIN_W = 86, AMOMAX_W = 87, AMOMINU_W = 88, AMOMAXU_W = 89;
    static final int LR_D = 90, SC_D = 91, AMOSWAP_D = 92, AMOADD_D = 93, AMOXOR_D = 94, AMOAND_D = 95,
        AMOOR_D = 96, AMOMIN_D = 97, AMOMAX_D = 98, AMOMINU_D = 99, AMOMAXU_D = 100;
    // F
    static final int FLW = 101, FSW = 102;
    static final int FMADD_S = 103, FMSUB_S = 104, FNMSUB_S = 105, FNMADD_S = 106;
    static final int FADD_S = 107, FSUB_S = 108, FMUL_S = 109, FDIV_S = 110, FSQRT_S = 111;
    static final int FSGNJ_S = 112, FSGNJN_S = 113, FSGNJX_S = 114, FMIN_S = 115, FMAX_S = 116;
    static final int FCVT_W_S = 117, FCVT_WU_S = 118, FCVT_L_S = 119, FCVT_LU_S = 120;
    static final int FMV_X_W = 121, FEQ_S = 122, FLT_S = 123, FLE_S = 124, FCLASS_S = 125;
    static final int FCVT_S_W = 126, FCVT_S_WU = 127, FCVT_S_L = 128, FCVT_S_LU = 129, FMV_W_X = 130;
    // D
    static final int FLD = 131, FSD = 132;
    static final int FMADD_D = 133, FMSUB_D = 134, FNMSUB_D = 135, FNMADD_D = 136;
    static final int FADD_D = 137, FSUB_D = 138, FMUL_D = 139, FDIV_D = 140, FSQRT_D = 141;
    static final int FSGNJ_D = 142, FSGNJN_D = 143, FSGNJX_D = 144, FMIN_D = 145, FMAX_D = 146;
    static final int FCVT_S_D = 147, FCVT_D_S = 148;
    static final int FEQ_D = 149, FLT_D = 150, FLE_D = 151, FCLASS_D = 152;
    static final int FCVT_W_D = 153, FCVT_WU_D = 154, FCVT_L_D = 155, FCVT_LU_D = 156;
    static final int FCVT_D_W = 157, FCVT_D_WU = 158, FCVT_D_L = 159, FCVT_D_LU = 160;
    static final int FMV_X_D = 161, FMV_D_X = 162;

    static final int COUNT = 163;
}
