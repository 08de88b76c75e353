package org.feuerbird.hardware.cpu;

/** The privilege modes, with their encoding in mstatus.MPP and friends. */
public final class Privilege {
    private Privilege() { }

    public static final int U = 0, S = 1, M = 3;

    public static String name(int p) {
        return switch (p) { case U -> "U"; case S -> "S"; case M -> "M"; default -> "?" + p; };
    }
}
