/* Canonical input on the console terminal: line editing, ^D, echo on and off, and what the
 * terminal reports about itself. The test types at each prompt. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static void got(const char *what) {
    char buf[256];
    int n = read(0, buf, sizeof buf - 1);
    if (n < 0) {
        dprintf(1, "%s: read: %s\n", what, strerror(errno));
        return;
    }
    buf[n] = 0;
    for (char *c = buf; *c; c++) if (*c == '\n') *c = '|';
    dprintf(1, "%s: %d [%s]\n", what, n, buf);
}

int main(void) {
    struct termios t;
    dprintf(1, "isatty %d %d %d, ttyname %s\n", isatty(0), isatty(1), isatty(2), ttyname(0));
    if (tcgetattr(0, &t) != 0) return 1;
    dprintf(1, "lflag %o iflag %o oflag %o VERASE %d VMIN %d\n", t.c_lflag, t.c_iflag, t.c_oflag, t.c_cc[VERASE], t.c_cc[VMIN]);
    dprintf(1, "sid %d pgrp %d tcgetpgrp %d\n", getsid(0), getpgrp(), tcgetpgrp(0));
    struct winsize ws;
    if (ioctl(0, TIOCGWINSZ, &ws) == 0) dprintf(1, "winsize %d x %d\n", ws.ws_row, ws.ws_col);

    dprintf(1, "edit> ");
    got("edited");
    dprintf(1, "eof> ");
    got("partial");
    got("at start");

    t.c_lflag &= ~ECHO;
    tcsetattr(0, TCSANOW, &t);
    dprintf(1, "password> ");
    got("quiet");
    t.c_lflag |= ECHO;
    tcsetattr(0, TCSAFLUSH, &t);

    int fd = open("/dev/tty", O_RDWR);
    dprintf(fd, "via /dev/tty\n");
    int c = open("/dev/console", O_RDWR | O_NOCTTY);
    dprintf(1, "/dev/tty %s, /dev/console %s\n", fd >= 0 ? "opened" : strerror(errno), c >= 0 ? "opened" : strerror(errno));
    int avail = -1;
    ioctl(0, FIONREAD, &avail);
    dprintf(1, "FIONREAD %d, unknown ioctl: %s\n", avail, ioctl(0, 0x54ff, 0) < 0 ? strerror(errno) : "ok");
    dprintf(1, "bye\n");
    return 0;
}
