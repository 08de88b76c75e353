package org.feuerbird.libos.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * hostfs's read-only host channels, one per host file (its (device, inode) key) shared by
 * every guest open of that file for reading, and kept open for a while after the last guest
 * close. Opening and closing a host file through the JDK costs about 0.85 µs, more than
 * everything else in a guest open of a hostfs file; a program that opens the same file again
 * and again (a shell reading its scripts, a build reading headers, a benchmark) pays it once.
 * gVisor's gofer file system does the same: a cached dentry holds the host descriptors that
 * all of its open files read through.
 *
 * <p>Sharing is sound because {@link HostFile} keeps its own offset and reads only at
 * explicit positions, and because a channel is found by the key a fresh host lstat of the
 * path just read: an open channel keeps its inode alive, so no other file can get that key
 * while the channel exists. Only read-only opens share: a write open still opens the host
 * file, so O_TRUNC, O_CREAT and the host's checks for writing behave exactly as the host's
 * open does.
 *
 * <p>What sharing changes, the same bargain {@link DirectoryCache} makes: a host file whose
 * permissions another host process takes away is still readable through a kept channel for
 * up to {@link #IDLE_NANOS} (chmod, chown and unlink through hostfs drop the channel at once),
 * and a file unlinked on the host keeps its disk space that long. At most {@link #MAX_IDLE}
 * channels are kept idle; the oldest is closed first.
 */
final class HostChannels {
    /** How long a channel stays open after its last guest close. */
    static final long IDLE_NANOS = 1_000_000_000L;
    /** Idle channels kept at most (bounds the host descriptors hostfs holds for nobody). */
    static final int MAX_IDLE = 64;

    private static final class Shared {
        final Object key;
        final FileChannel channel;
        int users;
        long idleSince;
        /** The file was unlinked or its permissions changed through hostfs: close at the last release. */
        boolean dropped;

        Shared(Object key, FileChannel channel) {
            this.key = key;
            this.channel = channel;
        }
    }

    private final Map<Object, Shared> byKey = new HashMap<>();
    /** The channels no guest open uses, oldest first. */
    private final LinkedHashMap<Object, Shared> idle = new LinkedHashMap<>();

    /** A file's identity as hostfs reads it (the JDK's file key); null if the host gives none. */
    interface KeyReader {
        Object keyOf(Path host) throws IOException;
    }

    /**
     * A read-only channel for the host file at {@code host}, which a lookup just found to be
     * a regular file with {@code key}: the shared one, or a new one that becomes shared if the
     * path still names the same file after the host open ({@code reread}). Every channel
     * returned here must be given back with {@link #release}.
     */
    FileChannel acquire(Path host, Object key, KeyReader reread) throws IOException {
        long now = System.nanoTime();
        synchronized (this) {
            closeExpired(now);
            Shared s = byKey.get(key);
            if (s != null && !s.dropped) {
                if (s.users++ == 0) idle.remove(key);
                return s.channel;
            }
        }
        FileChannel ch = FileChannel.open(host, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        // The lookup and the open are two host calls: a file renamed over the path between
        // them is a different file, whose channel must not be filed under the old key.
        Object keyNow;
        try {
            keyNow = reread.keyOf(host);
        } catch (IOException e) {
            keyNow = null;
        }
        synchronized (this) {
            if (!key.equals(keyNow) || byKey.containsKey(key)) return ch;   // not shared: release closes it
            Shared s = new Shared(key, ch);
            s.users = 1;
            byKey.put(key, s);
            return ch;
        }
    }

    /** A guest open that {@link #acquire} served is closed. */
    void release(Object key, FileChannel ch) {
        FileChannel close = null;
        synchronized (this) {
            closeExpired(System.nanoTime());
            Shared s = byKey.get(key);
            if (s == null || s.channel != ch) {
                close = ch;
            } else if (--s.users == 0) {
                if (s.dropped) {
                    byKey.remove(key);
                    close = ch;
                } else {
                    s.idleSince = System.nanoTime();
                    idle.put(key, s);
                    if (idle.size() > MAX_IDLE) close = evict(idle.keySet().iterator().next());
                }
            }
        }
        closeQuietly(close);
    }

    /** The file with {@code key} was unlinked, or its mode or owner changed, through hostfs. */
    void drop(Object key) {
        if (key == null) return;
        FileChannel close = null;
        synchronized (this) {
            Shared s = byKey.get(key);
            if (s == null) return;
            if (s.users == 0) close = evict(key);
            else s.dropped = true;
        }
        closeQuietly(close);
    }

    /** Channels open, in use or idle (for tests). */
    synchronized int open() { return byKey.size(); }

    /** Channels idle (for tests). */
    synchronized int idle() { return idle.size(); }

    private void closeExpired(long now) {
        for (Iterator<Shared> i = idle.values().iterator(); i.hasNext(); ) {
            Shared s = i.next();
            if (now - s.idleSince < IDLE_NANOS) break;   // oldest first: the rest are younger
            i.remove();
            byKey.remove(s.key);
            closeQuietly(s.channel);
        }
    }

    private FileChannel evict(Object key) {
        Shared s = idle.remove(key);
        byKey.remove(key);
        return s.channel;
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // A read-only descriptor: nothing was buffered that closing could lose.
        }
    }
}
