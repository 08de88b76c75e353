package org.feuerbird.libos.vm;

/**
 * One frame of guest memory and how many holders map or keep it: address spaces after fork
 * (copy-on-write) and shared objects. The frame's original capability stays with the LibOS;
 * every binding goes through it, and the last holder to let go frees it.
 */
final class Page {
    /** The MEMORY capability of the frame. */
    final long frame;
    int refs = 1;

    Page(long frame) { this.frame = frame; }
}
