/**
 * Physical memory: {@link org.feuerbird.hardware.memory.Ram} (one region, little-endian),
 * the {@link org.feuerbird.hardware.memory.Bus} that maps RAM and device windows, and the
 * {@link org.feuerbird.hardware.memory.MmioDevice} interface devices implement.
 * The bus's window list is replaced whole on attach, so readers need no lock.
 */
package org.feuerbird.hardware.memory;
