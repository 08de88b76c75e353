package org.feuerbird.kernel.api;

/**
 * The kernel asks a LibOS to shrink: to hold at most {@code frameQuota} frames and to give
 * up the listed slices, before {@code deadline} (kernel time, {@link Kernel#now}).
 */
public record RevocationRequest(long frameQuota, int[] slices, long deadline) {}
