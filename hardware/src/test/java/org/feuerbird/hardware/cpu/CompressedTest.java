package org.feuerbird.hardware.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tests of {@link Compressed}: known-good expansions produced by the GNU assembler, the reserved encodings
 * one by one, and a sweep over all 49152 compressed halfwords.
 *
 * <p>The table {@link #GNU_VECTORS} was made offline, not at test time (unit tests must not need the cross
 * toolchain): each compressed form was assembled with {@code riscv64-linux-gnu-as -march=rv64gc} and the
 * 32-bit instruction the spec says it expands to with {@code -march=rv64g}, both linked with
 * {@code riscv64-linux-gnu-ld --no-relax} so that branch offsets are resolved, and the two encodings were
 * paired. Operands are chosen to set each immediate bit on its own and to reach the extreme registers.
 * (As a one-off check, not repeated here, all 49152 halfwords were also compared with what binutils 2.40
 * objdump disassembles them to; the only difference is {@code 0x6101}, {@code c.addi16sp sp,0}, which
 * objdump accepts but the spec reserves.)
 */
class CompressedTest {

    /** halfword, expected 32-bit word, the compressed form as assembled, the 32-bit form as assembled. */
    private static final String GNU_VECTORS = """
            0040 00410413  c.addi4spn s0,sp,4     addi s0,sp,4
            0020 00810413  c.addi4spn s0,sp,8     addi s0,sp,8
            0800 01010413  c.addi4spn s0,sp,16    addi s0,sp,16
            1000 02010413  c.addi4spn s0,sp,32    addi s0,sp,32
            0080 04010413  c.addi4spn s0,sp,64    addi s0,sp,64
            0100 08010413  c.addi4spn s0,sp,128   addi s0,sp,128
            0200 10010413  c.addi4spn s0,sp,256   addi s0,sp,256
            0400 20010413  c.addi4spn s0,sp,512   addi s0,sp,512
            1fe0 3fc10413  c.addi4spn s0,sp,1020  addi s0,sp,1020
            005c 00410793  c.addi4spn a5,sp,4     addi a5,sp,4
            003c 00810793  c.addi4spn a5,sp,8     addi a5,sp,8
            081c 01010793  c.addi4spn a5,sp,16    addi a5,sp,16
            101c 02010793  c.addi4spn a5,sp,32    addi a5,sp,32
            009c 04010793  c.addi4spn a5,sp,64    addi a5,sp,64
            011c 08010793  c.addi4spn a5,sp,128   addi a5,sp,128
            021c 10010793  c.addi4spn a5,sp,256   addi a5,sp,256
            041c 20010793  c.addi4spn a5,sp,512   addi a5,sp,512
            1ffc 3fc10793  c.addi4spn a5,sp,1020  addi a5,sp,1020
            2080 0004b407  c.fld fs0,0(s1)        fld fs0,0(s1)
            2480 0084b407  c.fld fs0,8(s1)        fld fs0,8(s1)
            2880 0104b407  c.fld fs0,16(s1)       fld fs0,16(s1)
            3080 0204b407  c.fld fs0,32(s1)       fld fs0,32(s1)
            20a0 0404b407  c.fld fs0,64(s1)       fld fs0,64(s1)
            20c0 0804b407  c.fld fs0,128(s1)      fld fs0,128(s1)
            3ce0 0f84b407  c.fld fs0,248(s1)      fld fs0,248(s1)
            231c 00073787  c.fld fa5,0(a4)        fld fa5,0(a4)
            271c 00873787  c.fld fa5,8(a4)        fld fa5,8(a4)
            2b1c 01073787  c.fld fa5,16(a4)       fld fa5,16(a4)
            331c 02073787  c.fld fa5,32(a4)       fld fa5,32(a4)
            233c 04073787  c.fld fa5,64(a4)       fld fa5,64(a4)
            235c 08073787  c.fld fa5,128(a4)      fld fa5,128(a4)
            3f7c 0f873787  c.fld fa5,248(a4)      fld fa5,248(a4)
            6080 0004b403  c.ld s0,0(s1)          ld s0,0(s1)
            6480 0084b403  c.ld s0,8(s1)          ld s0,8(s1)
            6880 0104b403  c.ld s0,16(s1)         ld s0,16(s1)
            7080 0204b403  c.ld s0,32(s1)         ld s0,32(s1)
            60a0 0404b403  c.ld s0,64(s1)         ld s0,64(s1)
            60c0 0804b403  c.ld s0,128(s1)        ld s0,128(s1)
            7ce0 0f84b403  c.ld s0,248(s1)        ld s0,248(s1)
            631c 00073783  c.ld a5,0(a4)          ld a5,0(a4)
            671c 00873783  c.ld a5,8(a4)          ld a5,8(a4)
            6b1c 01073783  c.ld a5,16(a4)         ld a5,16(a4)
            731c 02073783  c.ld a5,32(a4)         ld a5,32(a4)
            633c 04073783  c.ld a5,64(a4)         ld a5,64(a4)
            635c 08073783  c.ld a5,128(a4)        ld a5,128(a4)
            7f7c 0f873783  c.ld a5,248(a4)        ld a5,248(a4)
            4080 0004a403  c.lw s0,0(s1)          lw s0,0(s1)
            40c0 0044a403  c.lw s0,4(s1)          lw s0,4(s1)
            4480 0084a403  c.lw s0,8(s1)          lw s0,8(s1)
            4880 0104a403  c.lw s0,16(s1)         lw s0,16(s1)
            5080 0204a403  c.lw s0,32(s1)         lw s0,32(s1)
            40a0 0404a403  c.lw s0,64(s1)         lw s0,64(s1)
            5ce0 07c4a403  c.lw s0,124(s1)        lw s0,124(s1)
            431c 00072783  c.lw a5,0(a4)          lw a5,0(a4)
            435c 00472783  c.lw a5,4(a4)          lw a5,4(a4)
            471c 00872783  c.lw a5,8(a4)          lw a5,8(a4)
            4b1c 01072783  c.lw a5,16(a4)         lw a5,16(a4)
            531c 02072783  c.lw a5,32(a4)         lw a5,32(a4)
            433c 04072783  c.lw a5,64(a4)         lw a5,64(a4)
            5f7c 07c72783  c.lw a5,124(a4)        lw a5,124(a4)
            a080 0084b027  c.fsd fs0,0(s1)        fsd fs0,0(s1)
            a480 0084b427  c.fsd fs0,8(s1)        fsd fs0,8(s1)
            a880 0084b827  c.fsd fs0,16(s1)       fsd fs0,16(s1)
            b080 0284b027  c.fsd fs0,32(s1)       fsd fs0,32(s1)
            a0a0 0484b027  c.fsd fs0,64(s1)       fsd fs0,64(s1)
            a0c0 0884b027  c.fsd fs0,128(s1)      fsd fs0,128(s1)
            bce0 0e84bc27  c.fsd fs0,248(s1)      fsd fs0,248(s1)
            a31c 00f73027  c.fsd fa5,0(a4)        fsd fa5,0(a4)
            a71c 00f73427  c.fsd fa5,8(a4)        fsd fa5,8(a4)
            ab1c 00f73827  c.fsd fa5,16(a4)       fsd fa5,16(a4)
            b31c 02f73027  c.fsd fa5,32(a4)       fsd fa5,32(a4)
            a33c 04f73027  c.fsd fa5,64(a4)       fsd fa5,64(a4)
            a35c 08f73027  c.fsd fa5,128(a4)      fsd fa5,128(a4)
            bf7c 0ef73c27  c.fsd fa5,248(a4)      fsd fa5,248(a4)
            e080 0084b023  c.sd s0,0(s1)          sd s0,0(s1)
            e480 0084b423  c.sd s0,8(s1)          sd s0,8(s1)
            e880 0084b823  c.sd s0,16(s1)         sd s0,16(s1)
            f080 0284b023  c.sd s0,32(s1)         sd s0,32(s1)
            e0a0 0484b023  c.sd s0,64(s1)         sd s0,64(s1)
            e0c0 0884b023  c.sd s0,128(s1)        sd s0,128(s1)
            fce0 0e84bc23  c.sd s0,248(s1)        sd s0,248(s1)
            e31c 00f73023  c.sd a5,0(a4)          sd a5,0(a4)
            e71c 00f73423  c.sd a5,8(a4)          sd a5,8(a4)
            eb1c 00f73823  c.sd a5,16(a4)         sd a5,16(a4)
            f31c 02f73023  c.sd a5,32(a4)         sd a5,32(a4)
            e33c 04f73023  c.sd a5,64(a4)         sd a5,64(a4)
            e35c 08f73023  c.sd a5,128(a4)        sd a5,128(a4)
            ff7c 0ef73c23  c.sd a5,248(a4)        sd a5,248(a4)
            c080 0084a023  c.sw s0,0(s1)          sw s0,0(s1)
            c0c0 0084a223  c.sw s0,4(s1)          sw s0,4(s1)
            c480 0084a423  c.sw s0,8(s1)          sw s0,8(s1)
            c880 0084a823  c.sw s0,16(s1)         sw s0,16(s1)
            d080 0284a023  c.sw s0,32(s1)         sw s0,32(s1)
            c0a0 0484a023  c.sw s0,64(s1)         sw s0,64(s1)
            dce0 0684ae23  c.sw s0,124(s1)        sw s0,124(s1)
            c31c 00f72023  c.sw a5,0(a4)          sw a5,0(a4)
            c35c 00f72223  c.sw a5,4(a4)          sw a5,4(a4)
            c71c 00f72423  c.sw a5,8(a4)          sw a5,8(a4)
            cb1c 00f72823  c.sw a5,16(a4)         sw a5,16(a4)
            d31c 02f72023  c.sw a5,32(a4)         sw a5,32(a4)
            c33c 04f72023  c.sw a5,64(a4)         sw a5,64(a4)
            df7c 06f72e23  c.sw a5,124(a4)        sw a5,124(a4)
            0505 00150513  c.addi a0,1            addi a0,a0,1
            0509 00250513  c.addi a0,2            addi a0,a0,2
            0511 00450513  c.addi a0,4            addi a0,a0,4
            0521 00850513  c.addi a0,8            addi a0,a0,8
            0541 01050513  c.addi a0,16           addi a0,a0,16
            1501 fe050513  c.addi a0,-32          addi a0,a0,-32
            057d 01f50513  c.addi a0,31           addi a0,a0,31
            157d fff50513  c.addi a0,-1           addi a0,a0,-1
            1fe5 ff9f8f93  c.addi t6,-7           addi t6,t6,-7
            0001 00000013  c.nop                  addi zero,zero,0
            0015 00500013  c.nop 5                addi zero,zero,5
            0501 00050513  c.addi a0,0            addi a0,a0,0
            2501 0005051b  c.addiw a0,0           addiw a0,a0,0
            2505 0015051b  c.addiw a0,1           addiw a0,a0,1
            357d fff5051b  c.addiw a0,-1          addiw a0,a0,-1
            257d 01f5051b  c.addiw a0,31          addiw a0,a0,31
            3501 fe05051b  c.addiw a0,-32         addiw a0,a0,-32
            2541 0105051b  c.addiw a0,16          addiw a0,a0,16
            208d 0030809b  c.addiw ra,3           addiw ra,ra,3
            3ff5 ffdf8f9b  c.addiw t6,-3          addiw t6,t6,-3
            4501 00000513  c.li a0,0              addi a0,zero,0
            4505 00100513  c.li a0,1              addi a0,zero,1
            4509 00200513  c.li a0,2              addi a0,zero,2
            4511 00400513  c.li a0,4              addi a0,zero,4
            4521 00800513  c.li a0,8              addi a0,zero,8
            4541 01000513  c.li a0,16             addi a0,zero,16
            5501 fe000513  c.li a0,-32            addi a0,zero,-32
            557d fff00513  c.li a0,-1             addi a0,zero,-1
            457d 01f00513  c.li a0,31             addi a0,zero,31
            5fed ffb00f93  c.li t6,-5             addi t6,zero,-5
            4015 00500013  c.li zero,5            addi zero,zero,5
            6141 01010113  c.addi16sp sp,16       addi sp,sp,16
            6105 02010113  c.addi16sp sp,32       addi sp,sp,32
            6121 04010113  c.addi16sp sp,64       addi sp,sp,64
            6109 08010113  c.addi16sp sp,128      addi sp,sp,128
            6111 10010113  c.addi16sp sp,256      addi sp,sp,256
            7101 e0010113  c.addi16sp sp,-512     addi sp,sp,-512
            617d 1f010113  c.addi16sp sp,496      addi sp,sp,496
            717d ff010113  c.addi16sp sp,-16      addi sp,sp,-16
            6505 00001537  c.lui a0,0x1           lui a0,0x1
            6509 00002537  c.lui a0,0x2           lui a0,0x2
            6511 00004537  c.lui a0,0x4           lui a0,0x4
            6521 00008537  c.lui a0,0x8           lui a0,0x8
            6541 00010537  c.lui a0,0x10          lui a0,0x10
            657d 0001f537  c.lui a0,0x1f          lui a0,0x1f
            7501 fffe0537  c.lui a0,0xfffe0       lui a0,0xfffe0
            757d fffff537  c.lui a0,0xfffff       lui a0,0xfffff
            608d 000030b7  c.lui ra,0x3           lui ra,0x3
            7fc1 ffff0fb7  c.lui t6,0xffff0       lui t6,0xffff0
            6005 00001037  c.lui zero,0x1         lui zero,0x1
            8005 00145413  c.srli s0,1            srli s0,s0,1
            8009 00245413  c.srli s0,2            srli s0,s0,2
            8011 00445413  c.srli s0,4            srli s0,s0,4
            8021 00845413  c.srli s0,8            srli s0,s0,8
            8041 01045413  c.srli s0,16           srli s0,s0,16
            9001 02045413  c.srli s0,32           srli s0,s0,32
            907d 03f45413  c.srli s0,63           srli s0,s0,63
            8385 0017d793  c.srli a5,1            srli a5,a5,1
            8389 0027d793  c.srli a5,2            srli a5,a5,2
            8391 0047d793  c.srli a5,4            srli a5,a5,4
            83a1 0087d793  c.srli a5,8            srli a5,a5,8
            83c1 0107d793  c.srli a5,16           srli a5,a5,16
            9381 0207d793  c.srli a5,32           srli a5,a5,32
            93fd 03f7d793  c.srli a5,63           srli a5,a5,63
            8001 00045413  c.srli64 s0            srli s0,s0,0
            8405 40145413  c.srai s0,1            srai s0,s0,1
            8409 40245413  c.srai s0,2            srai s0,s0,2
            8411 40445413  c.srai s0,4            srai s0,s0,4
            8421 40845413  c.srai s0,8            srai s0,s0,8
            8441 41045413  c.srai s0,16           srai s0,s0,16
            9401 42045413  c.srai s0,32           srai s0,s0,32
            947d 43f45413  c.srai s0,63           srai s0,s0,63
            8785 4017d793  c.srai a5,1            srai a5,a5,1
            8789 4027d793  c.srai a5,2            srai a5,a5,2
            8791 4047d793  c.srai a5,4            srai a5,a5,4
            87a1 4087d793  c.srai a5,8            srai a5,a5,8
            87c1 4107d793  c.srai a5,16           srai a5,a5,16
            9781 4207d793  c.srai a5,32           srai a5,a5,32
            97fd 43f7d793  c.srai a5,63           srai a5,a5,63
            8401 40045413  c.srai64 s0            srai s0,s0,0
            8801 00047413  c.andi s0,0            andi s0,s0,0
            8805 00147413  c.andi s0,1            andi s0,s0,1
            8809 00247413  c.andi s0,2            andi s0,s0,2
            8811 00447413  c.andi s0,4            andi s0,s0,4
            8821 00847413  c.andi s0,8            andi s0,s0,8
            8841 01047413  c.andi s0,16           andi s0,s0,16
            9801 fe047413  c.andi s0,-32          andi s0,s0,-32
            987d fff47413  c.andi s0,-1           andi s0,s0,-1
            887d 01f47413  c.andi s0,31           andi s0,s0,31
            9bdd ff77f793  c.andi a5,-9           andi a5,a5,-9
            8c05 40940433  c.sub s0,s1            sub s0,s0,s1
            8f99 40e787b3  c.sub a5,a4            sub a5,a5,a4
            8c1d 40f40433  c.sub s0,a5            sub s0,s0,a5
            8c25 00944433  c.xor s0,s1            xor s0,s0,s1
            8fb9 00e7c7b3  c.xor a5,a4            xor a5,a5,a4
            8c3d 00f44433  c.xor s0,a5            xor s0,s0,a5
            8c45 00946433  c.or s0,s1             or s0,s0,s1
            8fd9 00e7e7b3  c.or a5,a4             or a5,a5,a4
            8c5d 00f46433  c.or s0,a5             or s0,s0,a5
            8c65 00947433  c.and s0,s1            and s0,s0,s1
            8ff9 00e7f7b3  c.and a5,a4            and a5,a5,a4
            8c7d 00f47433  c.and s0,a5            and s0,s0,a5
            9c05 4094043b  c.subw s0,s1           subw s0,s0,s1
            9f99 40e787bb  c.subw a5,a4           subw a5,a5,a4
            9c1d 40f4043b  c.subw s0,a5           subw s0,s0,a5
            9c25 0094043b  c.addw s0,s1           addw s0,s0,s1
            9fb9 00e787bb  c.addw a5,a4           addw a5,a5,a4
            9c3d 00f4043b  c.addw s0,a5           addw s0,s0,a5
            a009 0020006f  c.j .+2                jal zero,.+2
            a011 0040006f  c.j .+4                jal zero,.+4
            a021 0080006f  c.j .+8                jal zero,.+8
            a801 0100006f  c.j .+16               jal zero,.+16
            a005 0200006f  c.j .+32               jal zero,.+32
            a081 0400006f  c.j .+64               jal zero,.+64
            a041 0800006f  c.j .+128              jal zero,.+128
            a201 1000006f  c.j .+256              jal zero,.+256
            a401 2000006f  c.j .+512              jal zero,.+512
            a101 4000006f  c.j .+1024             jal zero,.+1024
            b001 801ff06f  c.j .-2048             jal zero,.-2048
            affd 7fe0006f  c.j .+2046             jal zero,.+2046
            bffd fffff06f  c.j .-2                jal zero,.-2
            c009 00040163  c.beqz s0,.+2          beq s0,zero,.+2
            c011 00040263  c.beqz s0,.+4          beq s0,zero,.+4
            c401 00040463  c.beqz s0,.+8          beq s0,zero,.+8
            c801 00040863  c.beqz s0,.+16         beq s0,zero,.+16
            c005 02040063  c.beqz s0,.+32         beq s0,zero,.+32
            c021 04040063  c.beqz s0,.+64         beq s0,zero,.+64
            c041 08040063  c.beqz s0,.+128        beq s0,zero,.+128
            d001 f00400e3  c.beqz s0,.-256        beq s0,zero,.-256
            cc7d 0e040f63  c.beqz s0,.+254        beq s0,zero,.+254
            dc7d fe040fe3  c.beqz s0,.-2          beq s0,zero,.-2
            c389 00078163  c.beqz a5,.+2          beq a5,zero,.+2
            c391 00078263  c.beqz a5,.+4          beq a5,zero,.+4
            c781 00078463  c.beqz a5,.+8          beq a5,zero,.+8
            cb81 00078863  c.beqz a5,.+16         beq a5,zero,.+16
            c385 02078063  c.beqz a5,.+32         beq a5,zero,.+32
            c3a1 04078063  c.beqz a5,.+64         beq a5,zero,.+64
            c3c1 08078063  c.beqz a5,.+128        beq a5,zero,.+128
            d381 f00780e3  c.beqz a5,.-256        beq a5,zero,.-256
            cffd 0e078f63  c.beqz a5,.+254        beq a5,zero,.+254
            dffd fe078fe3  c.beqz a5,.-2          beq a5,zero,.-2
            e009 00041163  c.bnez s0,.+2          bne s0,zero,.+2
            e011 00041263  c.bnez s0,.+4          bne s0,zero,.+4
            e401 00041463  c.bnez s0,.+8          bne s0,zero,.+8
            e801 00041863  c.bnez s0,.+16         bne s0,zero,.+16
            e005 02041063  c.bnez s0,.+32         bne s0,zero,.+32
            e021 04041063  c.bnez s0,.+64         bne s0,zero,.+64
            e041 08041063  c.bnez s0,.+128        bne s0,zero,.+128
            f001 f00410e3  c.bnez s0,.-256        bne s0,zero,.-256
            ec7d 0e041f63  c.bnez s0,.+254        bne s0,zero,.+254
            fc7d fe041fe3  c.bnez s0,.-2          bne s0,zero,.-2
            e389 00079163  c.bnez a5,.+2          bne a5,zero,.+2
            e391 00079263  c.bnez a5,.+4          bne a5,zero,.+4
            e781 00079463  c.bnez a5,.+8          bne a5,zero,.+8
            eb81 00079863  c.bnez a5,.+16         bne a5,zero,.+16
            e385 02079063  c.bnez a5,.+32         bne a5,zero,.+32
            e3a1 04079063  c.bnez a5,.+64         bne a5,zero,.+64
            e3c1 08079063  c.bnez a5,.+128        bne a5,zero,.+128
            f381 f00790e3  c.bnez a5,.-256        bne a5,zero,.-256
            effd 0e079f63  c.bnez a5,.+254        bne a5,zero,.+254
            fffd fe079fe3  c.bnez a5,.-2          bne a5,zero,.-2
            0506 00151513  c.slli a0,1            slli a0,a0,1
            050a 00251513  c.slli a0,2            slli a0,a0,2
            0512 00451513  c.slli a0,4            slli a0,a0,4
            0522 00851513  c.slli a0,8            slli a0,a0,8
            0542 01051513  c.slli a0,16           slli a0,a0,16
            1502 02051513  c.slli a0,32           slli a0,a0,32
            157e 03f51513  c.slli a0,63           slli a0,a0,63
            0086 00109093  c.slli ra,1            slli ra,ra,1
            008a 00209093  c.slli ra,2            slli ra,ra,2
            0092 00409093  c.slli ra,4            slli ra,ra,4
            00a2 00809093  c.slli ra,8            slli ra,ra,8
            00c2 01009093  c.slli ra,16           slli ra,ra,16
            1082 02009093  c.slli ra,32           slli ra,ra,32
            10fe 03f09093  c.slli ra,63           slli ra,ra,63
            0f86 001f9f93  c.slli t6,1            slli t6,t6,1
            0f8a 002f9f93  c.slli t6,2            slli t6,t6,2
            0f92 004f9f93  c.slli t6,4            slli t6,t6,4
            0fa2 008f9f93  c.slli t6,8            slli t6,t6,8
            0fc2 010f9f93  c.slli t6,16           slli t6,t6,16
            1f82 020f9f93  c.slli t6,32           slli t6,t6,32
            1ffe 03ff9f93  c.slli t6,63           slli t6,t6,63
            000e 00301013  c.slli zero,3          slli zero,zero,3
            0502 00051513  c.slli64 a0            slli a0,a0,0
            307e 1f813007  c.fldsp ft0,504(sp)    fld ft0,504(sp)
            2502 00013507  c.fldsp fa0,0(sp)      fld fa0,0(sp)
            2522 00813507  c.fldsp fa0,8(sp)      fld fa0,8(sp)
            2542 01013507  c.fldsp fa0,16(sp)     fld fa0,16(sp)
            3502 02013507  c.fldsp fa0,32(sp)     fld fa0,32(sp)
            2506 04013507  c.fldsp fa0,64(sp)     fld fa0,64(sp)
            250a 08013507  c.fldsp fa0,128(sp)    fld fa0,128(sp)
            2512 10013507  c.fldsp fa0,256(sp)    fld fa0,256(sp)
            357e 1f813507  c.fldsp fa0,504(sp)    fld fa0,504(sp)
            3ffe 1f813f87  c.fldsp ft11,504(sp)   fld ft11,504(sp)
            70fe 1f813083  c.ldsp ra,504(sp)      ld ra,504(sp)
            6502 00013503  c.ldsp a0,0(sp)        ld a0,0(sp)
            6522 00813503  c.ldsp a0,8(sp)        ld a0,8(sp)
            6542 01013503  c.ldsp a0,16(sp)       ld a0,16(sp)
            7502 02013503  c.ldsp a0,32(sp)       ld a0,32(sp)
            6506 04013503  c.ldsp a0,64(sp)       ld a0,64(sp)
            650a 08013503  c.ldsp a0,128(sp)      ld a0,128(sp)
            6512 10013503  c.ldsp a0,256(sp)      ld a0,256(sp)
            757e 1f813503  c.ldsp a0,504(sp)      ld a0,504(sp)
            7ffe 1f813f83  c.ldsp t6,504(sp)      ld t6,504(sp)
            50fe 0fc12083  c.lwsp ra,252(sp)      lw ra,252(sp)
            4502 00012503  c.lwsp a0,0(sp)        lw a0,0(sp)
            4512 00412503  c.lwsp a0,4(sp)        lw a0,4(sp)
            4522 00812503  c.lwsp a0,8(sp)        lw a0,8(sp)
            4542 01012503  c.lwsp a0,16(sp)       lw a0,16(sp)
            5502 02012503  c.lwsp a0,32(sp)       lw a0,32(sp)
            4506 04012503  c.lwsp a0,64(sp)       lw a0,64(sp)
            450a 08012503  c.lwsp a0,128(sp)      lw a0,128(sp)
            557e 0fc12503  c.lwsp a0,252(sp)      lw a0,252(sp)
            5ffe 0fc12f83  c.lwsp t6,252(sp)      lw t6,252(sp)
            bf82 1e013c27  c.fsdsp ft0,504(sp)    fsd ft0,504(sp)
            a02a 00a13027  c.fsdsp fa0,0(sp)      fsd fa0,0(sp)
            a42a 00a13427  c.fsdsp fa0,8(sp)      fsd fa0,8(sp)
            a82a 00a13827  c.fsdsp fa0,16(sp)     fsd fa0,16(sp)
            b02a 02a13027  c.fsdsp fa0,32(sp)     fsd fa0,32(sp)
            a0aa 04a13027  c.fsdsp fa0,64(sp)     fsd fa0,64(sp)
            a12a 08a13027  c.fsdsp fa0,128(sp)    fsd fa0,128(sp)
            a22a 10a13027  c.fsdsp fa0,256(sp)    fsd fa0,256(sp)
            bfaa 1ea13c27  c.fsdsp fa0,504(sp)    fsd fa0,504(sp)
            bffe 1ff13c27  c.fsdsp ft11,504(sp)   fsd ft11,504(sp)
            ff82 1e013c23  c.sdsp zero,504(sp)    sd zero,504(sp)
            e02a 00a13023  c.sdsp a0,0(sp)        sd a0,0(sp)
            e42a 00a13423  c.sdsp a0,8(sp)        sd a0,8(sp)
            e82a 00a13823  c.sdsp a0,16(sp)       sd a0,16(sp)
            f02a 02a13023  c.sdsp a0,32(sp)       sd a0,32(sp)
            e0aa 04a13023  c.sdsp a0,64(sp)       sd a0,64(sp)
            e12a 08a13023  c.sdsp a0,128(sp)      sd a0,128(sp)
            e22a 10a13023  c.sdsp a0,256(sp)      sd a0,256(sp)
            ffaa 1ea13c23  c.sdsp a0,504(sp)      sd a0,504(sp)
            fffe 1ff13c23  c.sdsp t6,504(sp)      sd t6,504(sp)
            df82 0e012e23  c.swsp zero,252(sp)    sw zero,252(sp)
            c02a 00a12023  c.swsp a0,0(sp)        sw a0,0(sp)
            c22a 00a12223  c.swsp a0,4(sp)        sw a0,4(sp)
            c42a 00a12423  c.swsp a0,8(sp)        sw a0,8(sp)
            c82a 00a12823  c.swsp a0,16(sp)       sw a0,16(sp)
            d02a 02a12023  c.swsp a0,32(sp)       sw a0,32(sp)
            c0aa 04a12023  c.swsp a0,64(sp)       sw a0,64(sp)
            c12a 08a12023  c.swsp a0,128(sp)      sw a0,128(sp)
            dfaa 0ea12e23  c.swsp a0,252(sp)      sw a0,252(sp)
            dffe 0ff12e23  c.swsp t6,252(sp)      sw t6,252(sp)
            8082 00008067  c.jr ra                jalr zero,0(ra)
            9082 000080e7  c.jalr ra              jalr ra,0(ra)
            8502 00050067  c.jr a0                jalr zero,0(a0)
            9502 000500e7  c.jalr a0              jalr ra,0(a0)
            8f82 000f8067  c.jr t6                jalr zero,0(t6)
            9f82 000f80e7  c.jalr t6              jalr ra,0(t6)
            852e 00b00533  c.mv a0,a1             add a0,zero,a1
            952e 00b50533  c.add a0,a1            add a0,a0,a1
            8f86 00100fb3  c.mv t6,ra             add t6,zero,ra
            9f86 001f8fb3  c.add t6,ra            add t6,t6,ra
            80fe 01f000b3  c.mv ra,t6             add ra,zero,t6
            90fe 01f080b3  c.add ra,t6            add ra,ra,t6
            802a 00a00033  c.mv zero,a0           add zero,zero,a0
            902a 00a00033  c.add zero,a0          add zero,zero,a0
            9002 00100073  c.ebreak               ebreak
            """;

    /** Every RV64C form the spec lists (binutils' names; c.nop is c.addi with rd = x0, imm = 0). */
    private static final List<String> FORMS = List.of(
            "c.addi4spn", "c.fld", "c.lw", "c.ld", "c.fsd", "c.sw", "c.sd",
            "c.nop", "c.addi", "c.addiw", "c.li", "c.addi16sp", "c.lui", "c.srli", "c.srai", "c.andi",
            "c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw", "c.j", "c.beqz", "c.bnez",
            "c.slli", "c.fldsp", "c.lwsp", "c.ldsp", "c.jr", "c.mv", "c.ebreak", "c.jalr", "c.add",
            "c.fsdsp", "c.swsp", "c.sdsp");

    /** The major opcodes an expansion may have: loads, stores, OP(-IMM)(-32), LUI, branches, jumps, SYSTEM. */
    private static final Set<Integer> EXPANDED_OPCODES =
            Set.of(0x03, 0x07, 0x13, 0x1b, 0x23, 0x27, 0x33, 0x37, 0x3b, 0x63, 0x67, 0x6f, 0x73);

    @Test
    void expandsLikeTheGnuAssembler() {
        List<String> wrong = new ArrayList<>();
        for (String line : GNU_VECTORS.strip().split("\n")) {
            String[] f = line.strip().split("\\s+", 3);
            int half = Integer.parseInt(f[0], 16);
            int expected = Integer.parseUnsignedInt(f[1], 16);
            int got = Compressed.expand(half);
            if (got != expected) {
                wrong.add(String.format("%s: expected %08x, got %08x", f[2], expected, got));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void vectorsCoverEveryForm() {
        List<String> missing = new ArrayList<>();
        for (String form : FORMS) {
            if (!GNU_VECTORS.contains(" " + form + " ") && !GNU_VECTORS.contains(" " + form + "\n")) {
                missing.add(form);
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void reservedEncodingsExpandToZero() {
        int[][] reserved = {
            {0x0000},          // the all-zero halfword
            {0x001c},          // c.addi4spn a5, sp, 0
            {0x8000, 0x9ffc},  // quadrant 0, funct3 = 100
            {0x2001, 0x307d},  // c.addiw x0, imm
            {0x6001, 0x6501},  // c.lui x0/a0, 0
            {0x6101},          // c.addi16sp sp, 0
            {0x9c41, 0x9c61},  // funct6 100111 with funct2 10 and 11: taken by Zcb, reserved in RV64C
            {0x4002, 0x507e},  // c.lwsp x0
            {0x6002, 0x707e},  // c.ldsp x0
            {0x8002},          // c.jr x0
            {0x0003, 0xffff},  // not compressed at all
        };
        for (int[] group : reserved) {
            for (int h : group) {
                assertEquals(0, Compressed.expand(h), () -> String.format("%04x", h));
            }
        }
    }

    @Test
    void hintsAreLegal() {
        assertEquals(0x00500013, Compressed.expand(0x0015));  // c.nop 5      -> addi x0, x0, 5
        assertEquals(0x00500013, Compressed.expand(0x4015));  // c.li x0, 5   -> addi x0, x0, 5
        assertEquals(0x00001037, Compressed.expand(0x6005));  // c.lui x0, 1  -> lui x0, 1
        assertEquals(0x00045413, Compressed.expand(0x8001));  // c.srli64 s0  -> srli s0, s0, 0
        assertEquals(0x00001013, Compressed.expand(0x0002));  // c.slli64 x0  -> slli x0, x0, 0
    }

    @Test
    void sweepOverAllHalfwords() {
        int reservedCount = 0;
        List<String> wrong = new ArrayList<>();
        for (int h = 0; h < 0x10000; h++) {
            if ((h & 3) == 3) continue;
            int word = Compressed.expand(h);
            if (Compressed.expand(h | 0x5a5a_0000) != word) wrong.add(String.format("%04x: high bits not ignored", h));
            if (reservedBySpec(h)) {
                reservedCount++;
                if (word != 0) wrong.add(String.format("%04x: reserved, but expands to %08x", h, word));
            } else if (word == 0) {
                wrong.add(String.format("%04x: legal, but expands to 0", h));
            } else if ((word & 3) != 3 || !EXPANDED_OPCODES.contains(word & 0x7f)) {
                wrong.add(String.format("%04x: expands to %08x, not a 32-bit RV64G opcode", h, word));
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())));
        // 8 + 2048 + 64 + 32 (c.lui/c.addi16sp with zero immediate) + 128 + 64 + 64 + 1
        assertEquals(2409, reservedCount);
    }

    @Test
    void isCompressedLooksAtTheLowTwoBits() {
        assertTrue(Compressed.isCompressed(0x0001));
        assertTrue(Compressed.isCompressed(0x0002));
        assertTrue(!Compressed.isCompressed(0x0013));
    }

    /**
     * The reserved RV64C encodings, written from the spec's tables as masks on the halfword (independent of
     * how {@link Compressed} is structured): a zero immediate where the spec demands a non-zero one, x0 where
     * it demands a register, and the encodings the spec leaves unassigned.
     */
    private static boolean reservedBySpec(int h) {
        int rd = h >>> 7 & 31;
        int rs2 = h >>> 2 & 31;
        return switch ((h & 3) << 3 | h >>> 13) {
            case 0b00_000 -> (h & 0x1fe0) == 0;                              // c.addi4spn, nzuimm = 0
            case 0b00_100 -> true;                                           // unassigned
            case 0b01_001 -> rd == 0;                                        // c.addiw x0
            case 0b01_011 -> (h & 0x107c) == 0;                              // c.lui / c.addi16sp, nzimm = 0
            case 0b01_100 -> (h & 0x1c00) == 0x1c00 && (h & 0x40) != 0;      // bit 12 = 1, funct2 = 1x
            case 0b10_010, 0b10_011 -> rd == 0;                              // c.lwsp / c.ldsp x0
            case 0b10_100 -> (h & 0x1000) == 0 && rd == 0 && rs2 == 0;       // c.jr x0
            default -> false;
        };
    }
}
