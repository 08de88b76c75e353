package org.feuerbird.kernel.api;

/** Why the kernel refused a call: the typed result of every failing kernel operation. */
public enum KernelError {
    /** The handle names no capability: an empty slot, a stale generation, or garbage. */
    INVALID_HANDLE,
    /** The capability is of another type than the operation needs. */
    WRONG_TYPE,
    /** The capability lacks a right the operation needs. */
    MISSING_RIGHTS,
    /** A derivation would exceed its parent in type, resource or rights. */
    EXCEEDS_PARENT,
    /** The resource named lies outside the capability's range. */
    OUT_OF_RANGE,
    /** A quota (frames, domains, capability slots) is used up. */
    QUOTA_EXCEEDED,
    /** No free physical memory. */
    OUT_OF_MEMORY,
    /** An argument is malformed: an unaligned address, a bad register number, a bad length. */
    INVALID_ARGUMENT,
    /** The object is in the wrong state: a destroyed domain, a busy endpoint, a mapped page. */
    WRONG_STATE,
    /** Nothing is mapped there. */
    NOT_MAPPED
}
