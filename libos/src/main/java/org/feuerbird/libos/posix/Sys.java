package org.feuerbird.libos.posix;

/** Linux riscv64 system-call numbers (the asm-generic table) and their names for --trace. */
public final class Sys {
    private Sys() {}

    public static final int GETCWD = 17, DUP = 23, DUP3 = 24, FCNTL = 25, IOCTL = 29, MKDIRAT = 34, UNLINKAT = 35;
    public static final int SYMLINKAT = 36, LINKAT = 37, RENAMEAT = 38, FTRUNCATE = 46, FACCESSAT = 48, CHDIR = 49;
    public static final int FCHDIR = 50, CHROOT = 51, FCHMOD = 52, FCHMODAT = 53, FCHOWNAT = 54, FCHOWN = 55, OPENAT = 56, CLOSE = 57;
    public static final int PIPE2 = 59, GETDENTS64 = 61, LSEEK = 62, READ = 63, WRITE = 64, READV = 65, WRITEV = 66;
    public static final int PREAD64 = 67, PWRITE64 = 68, PSELECT6 = 72, PPOLL = 73, READLINKAT = 78, NEWFSTATAT = 79;
    public static final int FSTAT = 80, FSYNC = 82, FDATASYNC = 83, UTIMENSAT = 88, EXIT = 93, EXIT_GROUP = 94;
    public static final int WAITID = 95, SET_TID_ADDRESS = 96, FUTEX = 98, SET_ROBUST_LIST = 99, NANOSLEEP = 101;
    public static final int SETITIMER = 103, CLOCK_GETTIME = 113, CLOCK_GETRES = 114, CLOCK_NANOSLEEP = 115;
    public static final int SCHED_GETAFFINITY = 123, SCHED_YIELD = 124, KILL = 129, TKILL = 130, TGKILL = 131;
    public static final int SIGALTSTACK = 132, RT_SIGACTION = 134, RT_SIGPROCMASK = 135, RT_SIGRETURN = 139;
    public static final int SETGID = 144, SETUID = 146, GETRESUID = 148, GETRESGID = 150, SETPGID = 154, GETPGID = 155;
    public static final int GETSID = 156, SETSID = 157, GETGROUPS = 158, UNAME = 160, GETRLIMIT = 163, GETRUSAGE = 165;
    public static final int UMASK = 166, PRCTL = 167, GETTIMEOFDAY = 169, GETPID = 172, GETPPID = 173, GETUID = 174;
    public static final int GETEUID = 175, GETGID = 176, GETEGID = 177, GETTID = 178, SYSINFO = 179, BRK = 214;
    public static final int MUNMAP = 215, MREMAP = 216, CLONE = 220, EXECVE = 221, MMAP = 222, MPROTECT = 226;
    public static final int MADVISE = 233, WAIT4 = 260, PRLIMIT64 = 261, RENAMEAT2 = 276, GETRANDOM = 278, STATX = 291;
    public static final int RSEQ = 293, CLONE3 = 435, FACCESSAT2 = 439;
    public static final int GETITIMER = 102, RT_SIGSUSPEND = 133, RT_SIGPENDING = 136;   // signals and time
    // Processes, memory and threads.
    public static final int GET_ROBUST_LIST = 100, SETREGID = 143, SETREUID = 145, SETRESUID = 147, SETRESGID = 149;
    public static final int SETGROUPS = 159, SETRLIMIT = 164, MSYNC = 227;
    public static final int SCHED_SETAFFINITY = 122, TIMES = 153, GETCPU = 168, MEMBARRIER = 283;
    public static final int STATFS = 43, FSTATFS = 44;

    private static final String[] NAMES = new String[512];

    static {
        NAMES[GETCWD] = "getcwd";
        NAMES[DUP] = "dup";
        NAMES[DUP3] = "dup3";
        NAMES[FCNTL] = "fcntl";
        NAMES[IOCTL] = "ioctl";
        NAMES[MKDIRAT] = "mkdirat";
        NAMES[UNLINKAT] = "unlinkat";
        NAMES[SYMLINKAT] = "symlinkat";
        NAMES[LINKAT] = "linkat";
        NAMES[RENAMEAT] = "renameat";
        NAMES[FTRUNCATE] = "ftruncate";
        NAMES[FACCESSAT] = "faccessat";
        NAMES[CHDIR] = "chdir";
        NAMES[FCHDIR] = "fchdir";
        NAMES[CHROOT] = "chroot";
        NAMES[FCHMOD] = "fchmod";
        NAMES[FCHMODAT] = "fchmodat";
        NAMES[FCHOWNAT] = "fchownat";
        NAMES[FCHOWN] = "fchown";
        NAMES[OPENAT] = "openat";
        NAMES[CLOSE] = "close";
        NAMES[PIPE2] = "pipe2";
        NAMES[GETDENTS64] = "getdents64";
        NAMES[LSEEK] = "lseek";
        NAMES[READ] = "read";
        NAMES[WRITE] = "write";
        NAMES[READV] = "readv";
        NAMES[WRITEV] = "writev";
        NAMES[PREAD64] = "pread64";
        NAMES[PWRITE64] = "pwrite64";
        NAMES[PSELECT6] = "pselect6";
        NAMES[PPOLL] = "ppoll";
        NAMES[READLINKAT] = "readlinkat";
        NAMES[NEWFSTATAT] = "newfstatat";
        NAMES[FSTAT] = "fstat";
        NAMES[FSYNC] = "fsync";
        NAMES[FDATASYNC] = "fdatasync";
        NAMES[UTIMENSAT] = "utimensat";
        NAMES[EXIT] = "exit";
        NAMES[EXIT_GROUP] = "exit_group";
        NAMES[WAITID] = "waitid";
        NAMES[SET_TID_ADDRESS] = "set_tid_address";
        NAMES[FUTEX] = "futex";
        NAMES[SET_ROBUST_LIST] = "set_robust_list";
        NAMES[NANOSLEEP] = "nanosleep";
        NAMES[SETITIMER] = "setitimer";
        NAMES[CLOCK_GETTIME] = "clock_gettime";
        NAMES[CLOCK_GETRES] = "clock_getres";
        NAMES[CLOCK_NANOSLEEP] = "clock_nanosleep";
        NAMES[SCHED_GETAFFINITY] = "sched_getaffinity";
        NAMES[SCHED_YIELD] = "sched_yield";
        NAMES[KILL] = "kill";
        NAMES[TKILL] = "tkill";
        NAMES[TGKILL] = "tgkill";
        NAMES[SIGALTSTACK] = "sigaltstack";
        NAMES[RT_SIGACTION] = "rt_sigaction";
        NAMES[RT_SIGPROCMASK] = "rt_sigprocmask";
        NAMES[RT_SIGRETURN] = "rt_sigreturn";
        NAMES[SETGID] = "setgid";
        NAMES[SETUID] = "setuid";
        NAMES[GETRESUID] = "getresuid";
        NAMES[GETRESGID] = "getresgid";
        NAMES[SETPGID] = "setpgid";
        NAMES[GETPGID] = "getpgid";
        NAMES[GETSID] = "getsid";
        NAMES[SETSID] = "setsid";
        NAMES[GETGROUPS] = "getgroups";
        NAMES[UNAME] = "uname";
        NAMES[GETRLIMIT] = "getrlimit";
        NAMES[GETRUSAGE] = "getrusage";
        NAMES[UMASK] = "umask";
        NAMES[PRCTL] = "prctl";
        NAMES[GETTIMEOFDAY] = "gettimeofday";
        NAMES[GETPID] = "getpid";
        NAMES[GETPPID] = "getppid";
        NAMES[GETUID] = "getuid";
        NAMES[GETEUID] = "geteuid";
        NAMES[GETGID] = "getgid";
        NAMES[GETEGID] = "getegid";
        NAMES[GETTID] = "gettid";
        NAMES[SYSINFO] = "sysinfo";
        NAMES[BRK] = "brk";
        NAMES[MUNMAP] = "munmap";
        NAMES[MREMAP] = "mremap";
        NAMES[CLONE] = "clone";
        NAMES[EXECVE] = "execve";
        NAMES[MMAP] = "mmap";
        NAMES[MPROTECT] = "mprotect";
        NAMES[MADVISE] = "madvise";
        NAMES[WAIT4] = "wait4";
        NAMES[PRLIMIT64] = "prlimit64";
        NAMES[RENAMEAT2] = "renameat2";
        NAMES[GETRANDOM] = "getrandom";
        NAMES[STATX] = "statx";
        NAMES[RSEQ] = "rseq";
        NAMES[CLONE3] = "clone3";
        NAMES[FACCESSAT2] = "faccessat2";
        NAMES[GETITIMER] = "getitimer";
        NAMES[RT_SIGSUSPEND] = "rt_sigsuspend";
        NAMES[RT_SIGPENDING] = "rt_sigpending";
        NAMES[GET_ROBUST_LIST] = "get_robust_list";
        NAMES[SCHED_SETAFFINITY] = "sched_setaffinity";
        NAMES[TIMES] = "times";
        NAMES[GETCPU] = "getcpu";
        NAMES[MEMBARRIER] = "membarrier";
        NAMES[SETREGID] = "setregid";
        NAMES[SETREUID] = "setreuid";
        NAMES[SETRESUID] = "setresuid";
        NAMES[SETRESGID] = "setresgid";
        NAMES[SETGROUPS] = "setgroups";
        NAMES[SETRLIMIT] = "setrlimit";
        NAMES[MSYNC] = "msync";
        NAMES[STATFS] = "statfs";
        NAMES[FSTATFS] = "fstatfs";
    }

    /** "openat" for 56, "syscall_999" for an unknown number. */
    public static String name(long nr) {
        return nr >= 0 && nr < NAMES.length && NAMES[(int) nr] != null ? NAMES[(int) nr] : "syscall_" + nr;
    }
    /** The whole system: reboot(2), sethostname(2). */
    public static final int REBOOT = 142, SETHOSTNAME = 161;
}
