package org.feuerbird.libos;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Programs of user/linuxonly: their right output is Linux's, which qemu-user does not give
 * (it shows its host's /proc, and keeps its own SIGCHLD action). They run under feuerbird
 * exec only; the expected output here is what Linux prints.
 */
class LinuxOnlyProgramsTest {
    record Run(int exit, String out, String err) {}

    static Run run(String name, String... args) throws Exception {
        Path program = Path.of(System.getProperty("feuerbird.user.build", "../user/build"), "linuxonly", name);
        assertTrue(Files.isExecutable(program), program + " is missing: build with 'make -C user'");
        List<String> argv = new java.util.ArrayList<>(List.of(program.toString()));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Exec.run(new Exec.Options(Path.of("/"), false, argv, PosixDifferentialTest.env(),
            Path.of("").toAbsolutePath(), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
            new PrintStream(err, true), false, Exec.MEMORY));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void childrenReapThemselvesUnderSaNocldwait() throws Exception {
        Run r = run("proc_nocldwait");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
            wait with SA_NOCLDWAIT: -1 No child processes
            SIGCHLD handler ran: yes
            wait without it: child, exited 4
            """, r.out());
    }

    @Test
    void robustListsAsLinuxKeepsThem() throws Exception {
        Run r = run("proc_robust_list");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
            get_robust_list: ok, head set: yes, len 24
            get_robust_list of no such thread: No such process
            get_robust_list to a bad pointer: Bad address
            set_robust_list with a wrong size: Invalid argument
            set_robust_list again: ok
            get_robust_list of the other thread: ok, its own head: yes
            lock, owner died meanwhile: EOWNERDEAD
            unlock: Success
            """, r.out());
    }

    /** One line of /proc/PID/maps, parsed. */
    record Area(long start, long end, String perms, String name) {}

    private static String section(String out, String label) {
        int from = out.indexOf(label + ": ");
        assertTrue(from >= 0, "no " + label + " in:\n" + out);
        from = out.indexOf('\n', from) + 1;
        int to = out.indexOf("end " + label + "\n", from);
        return out.substring(from, to);
    }

    private static String value(String out, String key) {
        for (String l : out.split("\n")) if (l.startsWith(key + " ")) return l.substring(key.length() + 1);
        return fail("no line '" + key + "' in:\n" + out);
    }

    private static Area areaOf(List<Area> areas, long addr) {
        for (Area a : areas) if (addr >= a.start() && addr < a.end()) return a;
        return fail("no area holds 0x" + Long.toHexString(addr) + ": " + areas);
    }

    @Test
    void procSelfTellsTheTruthInLinuxFormats() throws Exception {
        Run r = run("proc_self", "first arg", "second");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        String exe = value(out, "exe:");
        assertEquals(value(out, "argv0 real:"), exe, "readlink /proc/self/exe is the program's real path");
        assertEquals("3", value(out, "opened fd"));
        assertEquals(". .. 0 1 2 3", value(out, "fd dir:"));
        assertEquals(exe, value(out, "fd link:"));

        Path program = Path.of(System.getProperty("feuerbird.user.build", "../user/build"), "linuxonly", "proc_self");
        assertEquals(program + "|first arg|second|\n", section(out, "cmdline"), "argv, each ending in NUL (shown as |)");
        assertEquals("procself\n", section(out, "comm"), "comm follows PR_SET_NAME");

        // stat: "pid (comm) state" then 49 more fields, 52 in all.
        String stat = section(out, "stat").strip();
        String[] idPpid = value(out, "pid").split(" ppid ");
        assertTrue(stat.startsWith(idPpid[0] + " (procself) R " + idPpid[1] + " "), stat);
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertEquals(50, rest.length, "fields after comm: " + stat);
        assertEquals("1", rest[20 - 3], "num_threads");
        assertEquals("17", rest[38 - 3], "exit_signal");
        assertEquals("18446744073709551615", rest[25 - 3], "rsslim");
        assertTrue(Long.parseLong(rest[23 - 3]) > 0 && Long.parseLong(rest[24 - 3]) > 0, "vsize and rss: " + stat);

        // maps: Linux's line format, sorted, non-overlapping; each address of the program in the right area.
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
            "([0-9a-f]{8,})-([0-9a-f]{8,}) ([r-][w-][x-][ps]) [0-9a-f]{8} [0-9a-f]{2}:[0-9a-f]{2} \\d+ (?: *(\\S.*))?");
        List<Area> areas = new java.util.ArrayList<>();
        for (String l : section(out, "maps").split("\n")) {
            var m = line.matcher(l);
            assertTrue(m.matches(), "not a maps line: '" + l + "'");
            if (m.group(4) != null) assertEquals(73, l.indexOf(m.group(4)), "names start at column 73: '" + l + "'");
            else assertTrue(l.endsWith(" 0 "), "an unnamed line ends in '0 ': '" + l + "'");
            Area a = new Area(Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16), m.group(3), m.group(4));
            if (!areas.isEmpty()) assertTrue(areas.getLast().end() <= a.start(), "sorted and apart: " + l);
            areas.add(a);
        }
        Area code = areaOf(areas, Long.parseUnsignedLong(value(out, "addr code"), 16));
        assertEquals("r-xp", code.perms());
        assertEquals(exe, code.name());
        Area data = areaOf(areas, Long.parseUnsignedLong(value(out, "addr data"), 16));
        assertEquals("rw-p", data.perms());
        assertEquals(exe, data.name());
        Area stack = areaOf(areas, Long.parseUnsignedLong(value(out, "addr stack"), 16));
        assertEquals(new Area(stack.start(), stack.end(), "rw-p", "[stack]"), stack);
        Area heap = areaOf(areas, Long.parseUnsignedLong(value(out, "addr heap"), 16));
        assertEquals(new Area(heap.start(), heap.end(), "rw-p", "[heap]"), heap);
        Area ro = areaOf(areas, Long.parseUnsignedLong(value(out, "addr mmap_ro"), 16));
        assertEquals("r--p", ro.perms());
        assertNull(ro.name());
        assertEquals(8192, ro.end() - ro.start());
        Area rw = areaOf(areas, Long.parseUnsignedLong(value(out, "addr mmap_rw"), 16));
        assertEquals("rw-p", rw.perms());
        assertNull(rw.name());
        assertEquals(1, areas.stream().filter(a -> "[stack]".equals(a.name())).count());
    }

    /**
     * CPU accounting as a program sees it (user/linuxonly/proc_cpu.c): a busy loop's time in
     * /proc/self/stat, times(), getrusage() and the CPU-time clocks, agreeing with each other;
     * a child's time in cutime once waited for; a thread's own clock; /proc/stat, uptime and
     * loadavg. The program checks orderings and bounds only and prints one line per check.
     */
    @Test
    void cpuTimeIsAccountedAndAgreesEverywhere() throws Exception {
        Run r = run("proc_cpu");
        assertEquals("""
            cputime advances: ok
            stat utime grows: ok
            busy loop is mostly user time: ok
            stat times match the cpu clock: ok
            times() matches the cpu clock: ok
            times() returns the clock in ticks: ok
            no children yet: ok
            getrusage(SELF) matches the cpu clock: ok
            one thread: RUSAGE_THREAD is SELF: ok
            thread clock <= process clock: ok
            minor faults and max rss counted: ok
            a sleep costs less cpu than it lasts: ok
            sleeping is a voluntary switch: ok
            an unwaited child is a zombie: ok
            its time is its own until waited for: ok
            wait4 reports the child's time: ok
            RUSAGE_CHILDREN has it after wait: ok
            times() cutime has it: ok
            stat cutime is times() cutime: ok
            the child's time is not the parent's: ok
            status counts two threads: ok
            stat counts two threads: ok
            the thread's time is in the process's: ok
            the main thread's clock does not have it: ok
            /proc/stat user+system covers this process: ok
            /proc/stat idle is the sleep and more: ok
            /proc/uptime: idle within uptime: ok
            /proc/stat adds up to about the uptime: ok
            /proc/stat ctxt counts switches: ok
            /proc/stat btime is in the past: ok
            /proc/stat processes counts forks: ok
            /proc/stat: this thread is running: ok
            /proc/loadavg reads as Linux's: ok
            """, r.out());
        assertEquals(0, r.exit(), r.err());
    }

    /**
     * /proc against the system calls that tell the same facts (user/linuxonly/proc_system.c):
     * stat and status against the ids, masks and thread count; meminfo against sysinfo;
     * mounts, statfs and fstatfs; fd/, fdinfo/, task/, environ; the small system files.
     */
    @Test
    void procAgreesWithTheSystemCalls() throws Exception {
        Run r = run("proc_system");
        assertEquals("""
            stat pid: ok
            stat state R: ok
            stat ppid: ok
            stat pgrp: ok
            stat session: ok
            stat tty_nr and tpgid without a terminal: ok
            stat priority and nice: ok
            stat num_threads: ok
            stat starttime before now: ok
            stat vsize and rss: ok
            stat startstack in the stack: ok
            status Pid and Tgid: ok
            status PPid: ok
            status Uid: ok
            status Name: ok
            status State: ok
            status Umask: ok
            status SigBlk is the mask: ok
            status SigIgn has SIGUSR2: ok
            status SigCgt has SIGTERM: ok
            status a pending signal: ok
            status Threads: ok
            status VmRSS within VmSize: ok
            status VmStk is the stack: ok
            statm size and resident: ok
            meminfo MemTotal is sysinfo's totalram: ok
            meminfo MemFree within MemTotal: ok
            meminfo no swap: ok
            sysinfo counts processes: ok
            tmpfs contents are Shmem: ok
            statfs /dev/shm is tmpfs with room: ok
            fstatfs of a tmpfs file: ok
            statfs /proc is procfs: ok
            statfs /proc/self/status is procfs: ok
            fstatfs of a pipe is pipefs: ok
            statfs of nothing: ok
            mounts lists /proc: ok
            mounts lists /dev/shm: ok
            mounts lines end in 0 0: ok
            self/mounts is mounts: ok
            mounts is a link to self/mounts: ok
            fd lists the open descriptors: ok
            fdinfo flags: ok
            fd link of a pipe: ok
            task lists the thread: ok
            task/TID/stat: ok
            environ starts with the environment: ok
            cpuinfo: ok
            version: ok
            sys/kernel/ostype: ok
            filesystems: ok
            thread-self: ok
            /proc lists this process: ok
            """, r.out());
        assertEquals(0, r.exit(), r.err());
    }
}
