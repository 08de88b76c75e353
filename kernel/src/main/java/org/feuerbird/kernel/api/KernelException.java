package org.feuerbird.kernel.api;

/** A kernel call failed; {@link #error()} says why, the message says about what. */
public final class KernelException extends Exception {
    private final KernelError error;

    public KernelException(KernelError error, String message) {
        super(error + ": " + message, null, false, false);   // no stack trace: failures are ordinary results
        this.error = error;
    }

    public KernelError error() { return error; }
}
