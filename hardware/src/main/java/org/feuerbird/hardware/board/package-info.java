/**
 * The assembled board ({@link org.feuerbird.hardware.board.Board}) and its memory map
 * ({@link org.feuerbird.hardware.board.MemoryMap}), modelled on QEMU's {@code virt} machine.
 */
package org.feuerbird.hardware.board;
