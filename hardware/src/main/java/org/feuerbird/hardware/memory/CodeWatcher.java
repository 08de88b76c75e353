package org.feuerbird.hardware.memory;

/** Told when a RAM page that holds decoded instructions is overwritten, so the decoded copy is dropped. */
@FunctionalInterface
public interface CodeWatcher {
    /** @param page page index relative to the RAM base */
    void codeWritten(int page);
}
