package org.feuerbird.kernel.api;

/**
 * A lock-free ring of fixed-size messages in shared frames, for streams between domains or
 * LibOSes without a kernel crossing per message. A single-producer ring needs no atomic
 * read-modify-write; a multi-producer ring reserves slots with compare-and-swap. One
 * consumer in both cases.
 */
public interface Ring {
    /** Bytes per message. */
    int slotBytes();

    /** Messages the ring holds. */
    int capacity();

    /** Appends a message of up to {@link #slotBytes()} bytes; false if the ring is full. */
    boolean offer(byte[] message, int off, int len) throws KernelException;

    /** Takes the oldest message into {@code dst}; returns its length, or -1 if the ring is empty. */
    int poll(byte[] dst, int off) throws KernelException;

    /** Messages in the ring now (a snapshot). */
    int size() throws KernelException;
}
