package org.feuerbird.libos.posix;

/** Thrown by exit, exit_group and fatal signals: the calling thread no longer exists, so no result is written back. */
public final class TaskExit extends Exception {
    public TaskExit() { super(null, null, false, false); }
}
