package org.feuerbird.libos.posix;

import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.sched.Blocked;

/**
 * System-call number → handler. Handlers live with their subject (processes, memory, files,
 * information); a number nobody handles returns ENOSYS, as Linux does for calls it lacks.
 */
public final class SyscallTable {
    private final ProcessCalls process;
    private final MemoryCalls memory;
    private final FileCalls files;
    private final InfoCalls info;
    private final SignalCalls signals;
    private final TimeCalls time;
    private final PollCalls poll;
    private final ThreadCalls threads;
    private final ResourceCalls resources;
    private final PrctlCalls prctl = new PrctlCalls();
    private final SystemCalls system;

    public SyscallTable(PosixLibOS os) {
        this.threads = new ThreadCalls(os);
        this.files = new FileCalls(os);
        this.process = new ProcessCalls(os, threads, files.vfs());
        this.memory = new MemoryCalls(os);
        this.info = new InfoCalls(os, files.procfs());
        this.signals = new SignalCalls(os);
        this.time = new TimeCalls(os);
        this.poll = new PollCalls(os);
        this.resources = new ResourceCalls(os);
        this.system = new SystemCalls(os);
    }

    public ProcessCalls process() { return process; }

    public long call(Args a) throws SyscallException, Blocked, TaskExit {
        return switch ((int) a.nr()) {
            case Sys.EXIT -> process.exit(a, false);
            case Sys.EXIT_GROUP -> process.exit(a, true);
            case Sys.GETPID -> a.task().process.pid;
            case Sys.GETTID -> a.task().tid;
            case Sys.GETPPID -> process.getppid(a);
            case Sys.SET_TID_ADDRESS -> process.setTidAddress(a);
            case Sys.SET_ROBUST_LIST -> threads.setRobustList(a);
            case Sys.GET_ROBUST_LIST -> threads.getRobustList(a);
            case Sys.MEMBARRIER -> threads.membarrier(a);
            case Sys.SCHED_GETAFFINITY -> resources.schedGetaffinity(a);
            case Sys.SCHED_SETAFFINITY -> resources.schedSetaffinity(a);
            case Sys.GETCPU -> resources.getcpu(a);
            case Sys.GETRUSAGE -> resources.getrusage(a);
            case Sys.TIMES -> resources.times(a);
            case Sys.PRCTL -> prctl.prctl(a);
            case Sys.GETUID, Sys.GETEUID, Sys.GETGID, Sys.GETEGID -> 0;
            case Sys.GETPGID -> process.getpgid(a);
            case Sys.GETSID -> process.getsid(a);
            case Sys.SCHED_YIELD -> time.schedYield(a);
            case Sys.CLONE -> process.clone(a);
            case Sys.CLONE3 -> process.clone3(a);
            case Sys.EXECVE -> process.execve(a);
            case Sys.WAIT4 -> process.wait4(a);
            case Sys.WAITID -> process.waitid(a);
            case Sys.SETPGID -> process.setpgid(a);
            case Sys.SETSID -> process.setsid(a);
            case Sys.SETUID, Sys.SETGID -> process.setId(a, 1);
            case Sys.SETREUID, Sys.SETREGID -> process.setId(a, 2);
            case Sys.SETRESUID, Sys.SETRESGID -> process.setId(a, 3);
            case Sys.GETRESUID, Sys.GETRESGID -> process.getResId(a);
            case Sys.GETGROUPS -> process.getgroups(a);
            case Sys.SETGROUPS -> process.setgroups(a);
            case Sys.GETRLIMIT -> process.getrlimit(a);
            case Sys.SETRLIMIT -> process.setrlimit(a);
            case Sys.FUTEX -> threads.futex(a);
            case Sys.MREMAP -> memory.mremap(a);
            case Sys.MSYNC -> memory.msync(a);
            case Sys.BRK -> memory.brk(a);
            case Sys.MMAP -> memory.mmap(a);
            case Sys.MUNMAP -> memory.munmap(a);
            case Sys.MPROTECT -> memory.mprotect(a);
            case Sys.MADVISE -> memory.madvise(a);
            case Sys.READ -> files.read(a);
            case Sys.WRITE -> files.write(a);
            case Sys.READV -> files.readv(a);
            case Sys.WRITEV -> files.writev(a);
            case Sys.PREAD64 -> files.pread(a);
            case Sys.PWRITE64 -> files.pwrite(a);
            case Sys.OPENAT -> files.paths().openat(a);
            case Sys.CLOSE -> files.close(a);
            case Sys.LSEEK -> files.lseek(a);
            case Sys.FSTAT -> files.fstat(a);
            case Sys.NEWFSTATAT -> files.paths().newfstatat(a);
            case Sys.STATX -> files.paths().statx(a);
            case Sys.READLINKAT -> files.paths().readlinkat(a);
            case Sys.MKDIRAT -> files.paths().mkdirat(a);
            case Sys.UNLINKAT -> files.paths().unlinkat(a);
            case Sys.RENAMEAT -> files.paths().renameat2(a, false);
            case Sys.RENAMEAT2 -> files.paths().renameat2(a, true);
            case Sys.LINKAT -> files.paths().linkat(a);
            case Sys.SYMLINKAT -> files.paths().symlinkat(a);
            case Sys.FCHMOD -> files.paths().fchmod(a);
            case Sys.FCHMODAT -> files.paths().fchmodat(a);
            case Sys.FCHOWN -> files.paths().fchown(a);
            case Sys.FCHOWNAT -> files.paths().fchownat(a);
            case Sys.UTIMENSAT -> files.paths().utimensat(a);
            case Sys.FCHDIR -> files.paths().fchdir(a);
            case Sys.STATFS -> files.paths().statfs(a);
            case Sys.FSTATFS -> files.paths().fstatfs(a);
            case Sys.FTRUNCATE -> files.ftruncate(a);
            case Sys.FSYNC, Sys.FDATASYNC -> files.fsync(a);
            case Sys.PIPE2 -> files.pipe2(a);
            case Sys.IOCTL -> files.ioctl(a);
            case Sys.GETCWD -> files.paths().getcwd(a);
            case Sys.CHDIR -> files.paths().chdir(a);
            case Sys.CHROOT -> files.paths().chroot(a);
            case Sys.GETDENTS64 -> files.getdents64(a);
            case Sys.DUP -> files.dup(a);
            case Sys.DUP3 -> files.dup3(a);
            case Sys.FCNTL -> files.control().fcntl(a);
            case Sys.FACCESSAT -> files.paths().faccessat(a, false);
            case Sys.FACCESSAT2 -> files.paths().faccessat(a, true);
            case Sys.UMASK -> process.umask(a);
            case Sys.UNAME -> info.uname(a);
            case Sys.REBOOT -> system.reboot(a);
            case Sys.SETHOSTNAME -> system.sethostname(a);
            case Sys.GETRANDOM -> info.getrandom(a);
            case Sys.CLOCK_GETTIME -> info.clockGettime(a);
            case Sys.CLOCK_GETRES -> info.clockGetres(a);
            case Sys.GETTIMEOFDAY -> info.gettimeofday(a);
            case Sys.PRLIMIT64 -> process.prlimit64(a);
            case Sys.SYSINFO -> info.sysinfo(a);
            case Sys.RT_SIGACTION -> signals.rtSigaction(a);
            case Sys.RT_SIGPROCMASK -> signals.rtSigprocmask(a);
            case Sys.RT_SIGPENDING -> signals.rtSigpending(a);
            case Sys.RT_SIGSUSPEND -> signals.rtSigsuspend(a);
            case Sys.RT_SIGRETURN -> signals.rtSigreturn(a);
            case Sys.SIGALTSTACK -> signals.sigaltstack(a);
            case Sys.KILL -> signals.kill(a);
            case Sys.TKILL -> signals.tkill(a);
            case Sys.TGKILL -> signals.tgkill(a);
            case Sys.NANOSLEEP -> time.nanosleep(a);
            case Sys.CLOCK_NANOSLEEP -> time.clockNanosleep(a);
            case Sys.SETITIMER -> time.setitimer(a);
            case Sys.GETITIMER -> time.getitimer(a);
            case Sys.PPOLL -> poll.ppoll(a);
            case Sys.PSELECT6 -> poll.pselect6(a);
            default -> throw new SyscallException(Errno.ENOSYS);
        };
    }
}
