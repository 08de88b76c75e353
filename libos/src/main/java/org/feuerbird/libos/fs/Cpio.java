package org.feuerbird.libos.fs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;

/**
 * Unpacks a newc ("070701") or newc-with-checksum ("070702") cpio archive, the format of a
 * Linux initramfs, into a file system: regular files, directories, symbolic links and hard
 * links, with their modes, owners and modification times. Device nodes, FIFOs and sockets
 * are skipped (devfs provides /dev). A missing parent directory is made (0755), as the
 * image tools that list only files expect. Anything malformed stops the unpacking with a
 * {@link BadImage} naming the offset and the problem.
 */
public final class Cpio {
    private static final int HEADER = 110;
    private static final String TRAILER = "TRAILER!!!";

    /** A malformed archive, or one that does not fit the file system. */
    public static final class BadImage extends Exception {
        public BadImage(String message) { super(message); }
    }

    /** What was unpacked. */
    public record Summary(int files, int dirs, int links, int hardLinks, int skipped, long bytes) {}

    private Cpio() {}

    /** Unpacks {@code image} into {@code fs} (usually an empty tmpfs that becomes the root). */
    public static Summary unpack(byte[] image, FileSystem fs) throws BadImage {
        int files = 0, dirs = 0, links = 0, hard = 0, skipped = 0;
        long bytes = 0;
        Map<String, List<String>> firstName = new HashMap<>();
        // Directory times are set last: every entry made inside a directory touches its mtime.
        List<Object[]> dirTimes = new ArrayList<>();
        int at = 0;
        boolean trailer = false;
        while (at < image.length) {
            // GNU cpio pads the archive to a block size with zeros after the trailer; Linux
            // also allows zeros between concatenated archives.
            if (image[at] == 0 && (at & 3) == 0) {
                at += 4;
                continue;
            }
            trailer = false;
            int hdr = at;
            if (image.length - at < HEADER) throw bad(hdr, "truncated header");
            String magic = new String(image, at, 6, StandardCharsets.ISO_8859_1);
            boolean crc = magic.equals("070702");
            if (!crc && !magic.equals("070701")) {
                throw bad(hdr, "bad magic \"" + printable(magic) + "\" (not a newc cpio archive; expected 070701 or 070702)");
            }
            long[] f = new long[13];
            for (int i = 0; i < 13; i++) f[i] = hex(image, at + 6 + 8 * i, at);
            long ino = f[0], nlink = f[4], mtime = f[5], size = f[6], namesize = f[11], check = f[12];
            int mode = (int) f[1], uid = (int) f[2], gid = (int) f[3];
            if (namesize < 1 || namesize > 4096) throw bad(hdr, "bad name size " + namesize);
            int nameAt = at + HEADER;
            if (nameAt + namesize > image.length) throw bad(hdr, "truncated name");
            if (image[(int) (nameAt + namesize - 1)] != 0) throw bad(hdr, "name not terminated by NUL");
            String name = new String(image, nameAt, (int) namesize - 1, StandardCharsets.UTF_8);
            int dataAt = align4(nameAt + (int) namesize);
            if (size > image.length || dataAt + size > image.length) throw bad(hdr, name + ": truncated data (" + size + " bytes)");
            int next = align4(dataAt + (int) size);
            if (crc) {
                long sum = 0;
                for (int i = dataAt; i < dataAt + size; i++) sum += image[i] & 0xff;
                if ((sum & 0xffffffffL) != check) throw bad(hdr, name + ": checksum mismatch");
            }
            at = next;
            if (name.equals(TRAILER)) {
                trailer = true;
                continue;
            }
            List<String> rel = path(name, hdr);
            try {
                if (!rel.isEmpty()) makeParents(fs, rel);
                int type = mode & Stat.S_IFMT;
                switch (type) {
                    case Stat.S_IFDIR -> {
                        Stat old = rel.isEmpty() ? null : statOrNull(fs, rel);
                        if (old != null && (old.mode() & Stat.S_IFMT) != Stat.S_IFDIR) {
                            replace(fs, rel);   // a directory entry replaces an earlier file of that name
                            old = null;
                        }
                        if (rel.isEmpty() || old != null) {
                            fs.chmod(null, rel, mode & 07777);
                        } else {
                            fs.mkdir(null, rel, mode & 07777);
                        }
                        fs.chown(null, rel, uid, gid);
                        dirTimes.add(new Object[] {rel, mtime});
                        dirs++;
                    }
                    case Stat.S_IFREG -> {
                        String key = ino + ":" + f[7] + ":" + f[8];
                        List<String> first = nlink > 1 ? firstName.get(key) : null;
                        if (first != null) {
                            replace(fs, rel);
                            fs.link(null, first, rel);
                            hard++;
                            if (size > 0) write(fs, first, name, image, dataAt, (int) size);
                        } else {
                            replace(fs, rel);
                            write(fs, rel, name, image, dataAt, (int) size);
                            if (nlink > 1) firstName.put(key, rel);
                            files++;
                        }
                        fs.chmod(null, rel, mode & 07777);
                        fs.chown(null, rel, uid, gid);
                        fs.utimes(null, rel, mtime * 1_000_000_000L, mtime * 1_000_000_000L);
                        bytes += size;
                    }
                    case Stat.S_IFLNK -> {
                        if (size == 0 || size > 4095) throw bad(hdr, name + ": bad link target size " + size);
                        String target = new String(image, dataAt, (int) size, StandardCharsets.UTF_8);
                        replace(fs, rel);
                        fs.symlink(null, target, rel);
                        fs.chown(null, rel, uid, gid);
                        links++;
                    }
                    case Stat.S_IFCHR, Stat.S_IFBLK, Stat.S_IFIFO, Stat.S_IFSOCK -> skipped++;
                    default -> throw bad(hdr, name + ": unknown file type 0" + Integer.toOctalString(type >>> 12) + " in mode");
                }
            } catch (SyscallException e) {
                throw new BadImage(name + ": " + Errno.message(e.errno));
            }
        }
        if (!trailer) throw bad(at, "no TRAILER!!! entry (the archive is truncated)");
        for (Object[] d : dirTimes) {
            long t = (Long) d[1] * 1_000_000_000L;
            try {
                @SuppressWarnings("unchecked") List<String> rel = (List<String>) d[0];
                fs.utimes(null, rel, t, t);
            } catch (SyscallException ignored) {
                // A directory removed by a later entry of the same archive has no time to set.
            }
        }
        return new Summary(files, dirs, links, hard, skipped, bytes);
    }

    private static void write(FileSystem fs, List<String> rel, String name, byte[] image, int off, int len) throws SyscallException {
        OpenFile f = fs.open(null, rel, "/" + String.join("/", rel), fs.lookup(null, rel), 01 | 01000, 0600);
        try {
            for (int done = 0; done < len; ) done += f.pwrite(image, off + done, len - done, done);
        } finally {
            f.close();
        }
    }

    /** A later entry of the same name replaces an earlier file or link (not a directory). */
    private static void replace(FileSystem fs, List<String> rel) throws SyscallException {
        Stat st = statOrNull(fs, rel);
        if (st != null) fs.remove(null, rel, (st.mode() & Stat.S_IFMT) == Stat.S_IFDIR);
    }

    private static void makeParents(FileSystem fs, List<String> rel) throws SyscallException {
        for (int i = 1; i < rel.size(); i++) {
            List<String> dir = rel.subList(0, i);
            Stat st = statOrNull(fs, dir);
            if (st == null) fs.mkdir(null, List.copyOf(dir), 0755);
            else if ((st.mode() & Stat.S_IFMT) != Stat.S_IFDIR) throw new SyscallException(Errno.ENOTDIR);
        }
    }

    private static boolean exists(FileSystem fs, List<String> rel) throws SyscallException { return statOrNull(fs, rel) != null; }

    private static Stat statOrNull(FileSystem fs, List<String> rel) throws SyscallException {
        try {
            return fs.lstat(null, rel);
        } catch (SyscallException e) {
            if (e.errno == Errno.ENOENT) return null;
            throw e;
        }
    }

    /** The archive name as components: "./etc/passwd", "/etc/passwd" and "etc/passwd" are the same; ".." is refused. */
    private static List<String> path(String name, int hdr) throws BadImage {
        List<String> out = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) throw bad(hdr, name + ": name leads outside the root (..)");
            if (c.length() > 255) throw bad(hdr, name + ": name component too long");
            out.add(c);
        }
        return out;
    }

    private static long hex(byte[] b, int off, int header) throws BadImage {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int d = Character.digit(b[off + i], 16);
            if (d < 0) throw bad(header, "bad header field (not hexadecimal) at byte " + (off - header));
            v = v << 4 | d;
        }
        return v;
    }

    private static int align4(long n) { return (int) ((n + 3) & ~3L); }

    private static String printable(String s) { return s.replaceAll("[^\\x20-\\x7e]", "?"); }

    private static BadImage bad(int offset, String what) { return new BadImage("offset " + offset + ": " + what); }
}
