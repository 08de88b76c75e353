/* Non-canonical input on the console terminal: cfmakeraw byte reads, VMIN/VTIME, poll, and
 * the window size with SIGWINCH. The test types at each prompt. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static volatile sig_atomic_t winches;

static void winch(int sig) { (void) sig; winches++; }

int main(void) {
    struct termios cooked, raw;
    tcgetattr(0, &cooked);
    raw = cooked;
    cfmakeraw(&raw);
    tcsetattr(0, TCSANOW, &raw);
    dprintf(1, "raw> ");
    for (;;) {
        unsigned char c;
        if (read(0, &c, 1) != 1) break;
        dprintf(1, "%02x ", c);
        if (c == 'q') break;
    }
    dprintf(1, "\r\n");

    struct pollfd p = {.fd = 0, .events = POLLIN};
    dprintf(1, "poll now: %d\r\n", poll(&p, 1, 0));
    dprintf(1, "poll> ");
    int r = poll(&p, 1, -1);
    dprintf(1, "poll: %d revents %x\r\n", r, p.revents);
    char buf[16];
    dprintf(1, "read %d\r\n", (int) read(0, buf, sizeof buf));

    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 1;
    tcsetattr(0, TCSANOW, &raw);
    dprintf(1, "VTIME read with nothing typed: %d\r\n", (int) read(0, buf, sizeof buf));
    raw.c_cc[VMIN] = 3;
    raw.c_cc[VTIME] = 0;
    tcsetattr(0, TCSANOW, &raw);
    dprintf(1, "min3> ");
    int n = read(0, buf, sizeof buf);
    dprintf(1, "VMIN 3 read %d [%.*s]\r\n", n, n, buf);

    tcsetattr(0, TCSANOW, &cooked);
    signal(SIGWINCH, winch);
    struct winsize ws = {.ws_row = 50, .ws_col = 132};
    ioctl(0, TIOCSWINSZ, &ws);
    memset(&ws, 0, sizeof ws);
    ioctl(0, TIOCGWINSZ, &ws);
    dprintf(1, "winsize now %d x %d, SIGWINCH %d\n", ws.ws_row, ws.ws_col, (int) winches);
    dprintf(1, "cooked again> ");
    n = read(0, buf, sizeof buf);
    dprintf(1, "line %d\n", n);
    return 0;
}
