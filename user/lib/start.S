/*
 * Program entry for the freestanding test programs.
 *
 * The board's minimal harness (and Linux) start us in U-mode with sp at argc.
 * We deliberately read nothing from the initial stack (argc/argv/envp/auxv),
 * so a program behaves the same whether or not the loader filled them in.
 * Besides the ABI-required 16-byte stack alignment we set exactly one more
 * register: gp, because the linker relaxes accesses near __global_pointer$
 * into gp-relative ones (as glibc's crt1 does; norelax keeps the la itself
 * from being turned into a use of the very gp it is loading).
 * main's return value becomes the exit status via exit(), which first
 * flushes the runtime's output buffer.
 */
	.section .text._start, "ax", @progbits
	.globl	_start
	.type	_start, @function
_start:
	.option	push
	.option	norelax
	lla	gp, __global_pointer$
	.option	pop
	andi	sp, sp, -16
	call	main
	tail	exit		/* a0 still holds main's return value */
	.size	_start, . - _start
