package org.feuerbird.kernel.api;

/**
 * What the abort protocol took: the handles (in the LibOS's capability space) of the frame
 * capabilities it revoked and freed, and the slices it reassigned.
 */
public record Loss(long[] frames, int[] slices) {}
