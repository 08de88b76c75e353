package org.feuerbird.libos.fs;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * hostfs's memory of which walked paths are directories, so a path walk need not ask the
 * host about every component of every path (about half a microsecond a component through
 * the JDK). Only "is a directory" is remembered, never metadata or absence, and for a
 * bounded time: the host directory is shared with the host's own users, and a path that
 * stopped being a directory there is seen again after {@link #TTL_NANOS}. That is the
 * bargain network and user-space file systems make (FUSE's default entry timeout is the
 * same second). Changes made through hostfs itself are never stale: removing a directory and
 * renaming anything forget everything at once ({@link #forget}).
 */
final class DirectoryCache {
    /** How long a directory is believed without asking the host again. */
    static final long TTL_NANOS = 1_000_000_000L;
    /** More paths than this and the cache starts afresh: a walk over a huge tree does not grow it without end. */
    static final int MAX_ENTRIES = 4096;

    private final ConcurrentHashMap<List<String>, Long> until = new ConcurrentHashMap<>();

    /** Whether {@code rel} was a directory less than {@link #TTL_NANOS} before {@code now}. */
    boolean isDirectory(List<String> rel, long now) {
        Long t = until.get(rel);
        return t != null && now - t < 0;
    }

    /** The host said {@code rel} is a directory at {@code now}. */
    void remember(List<String> rel, long now) {
        if (until.size() >= MAX_ENTRIES) until.clear();
        until.put(List.copyOf(rel), now + TTL_NANOS);
    }

    /** Something was removed or renamed: nothing remembered may still be true. */
    void forget() {
        until.clear();
    }
}
