/* execve of #! scripts: interpreter with and without its one argument, blanks, nested
   scripts, the nesting limit (ELOOP), and the errors: ENOEXEC for a file that is neither ELF
   nor script (or has an empty #! line), ENOENT for a missing interpreter, EACCES for a
   script without x. The interpreter is this program itself (SHEBANG_INTERP=1 in its
   environment); it prints what it was given, with the scratch directory shown as DIR. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fs_common.h"

static char dir[64], self[4096];

static void show(const char *s) {
    size_t n = strlen(dir), m = strlen(self);
    for (const char *p = s; *p; ) {
        if (n && strncmp(p, dir, n) == 0) { fputs("DIR", stdout); p += n; }
        else if (m && strncmp(p, self, m) == 0) { fputs("SELF", stdout); p += m; }
        else putchar(*p++);
    }
}

static void script(const char *name, const char *text, int mode) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) { perror(path); exit(1); }
    close(fd);
    chmod(path, mode);
}

static void run(const char *label, const char *name, const char *arg) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    printf("%s: ", label);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        char *argv[] = {path, (char *)arg, NULL};
        char d[128], e[4200];
        snprintf(d, sizeof d, "SHEBANG_DIR=%s", dir);
        snprintf(e, sizeof e, "SHEBANG_SELF=%s", self);
        char *envp[] = {"SHEBANG_INTERP=1", d, e, NULL};
        execve(path, argv, envp);
        printf("execve -1 %s\n", errno == ENOEXEC ? "ENOEXEC" : ename(errno));
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) printf("status %d\n", st);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (getenv("SHEBANG_INTERP")) {
        snprintf(dir, sizeof dir, "%s", getenv("SHEBANG_DIR") ? getenv("SHEBANG_DIR") : "");
        snprintf(self, sizeof self, "%s", getenv("SHEBANG_SELF") ? getenv("SHEBANG_SELF") : "");
        printf("argc %d:", argc);
        for (int i = 0; i < argc; i++) { printf(" ["); show(argv[i]); printf("]"); }
        printf("\n");
        return 0;
    }
    if (!realpath(argv[0], self)) { perror("realpath"); return 1; }
    strcpy(dir, "/tmp/shebang.XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    char text[8192];

    snprintf(text, sizeof text, "#!%s one\necho not run\n", self);
    script("arg", text, 0755);
    snprintf(text, sizeof text, "#!%s\n", self);
    script("noarg", text, 0755);
    snprintf(text, sizeof text, "#! \t%s   two  words \t \nrest\n", self);
    script("blanks", text, 0755);
    snprintf(text, sizeof text, "#!%s/arg\n", dir);
    script("nested", text, 0755);
    snprintf(text, sizeof text, "#!%s", self);   /* no newline at all */
    script("nonewline", text, 0755);
    script("chain0", "#!/bin/false\n", 0755);
    snprintf(text, sizeof text, "#!%s/arg\n", dir);
    script("chain1", text, 0755);
    for (int i = 2; i <= 8; i++) {
        char name[16];
        snprintf(text, sizeof text, "#!%s/chain%d\n", dir, i - 1);
        snprintf(name, sizeof name, "chain%d", i);
        script(name, text, 0755);
    }
    script("plain", "echo hello\n", 0755);
    script("empty", "#!\n", 0755);
    script("blank", "#!   \n", 0755);
    script("missing", "#!/no/such/interpreter\n", 0755);
    script("dirinterp", "#!/tmp\n", 0755);
    snprintf(text, sizeof text, "#!%s\n", self);
    script("noexec", text, 0644);

    run("with arg", "arg", "x");
    run("without arg", "noarg", "x");
    run("blanks", "blanks", NULL);
    run("nested", "nested", "y");
    run("no newline", "nonewline", NULL);
    run("chain of 3", "chain3", NULL);
    run("chain of 8", "chain8", NULL);
    run("not a script", "plain", NULL);
    run("empty #!", "empty", NULL);
    run("blank #!", "blank", NULL);
    run("missing interpreter", "missing", NULL);
    run("directory interpreter", "dirinterp", NULL);
    run("no x bit", "noexec", NULL);

    const char *names[] = {"arg", "noarg", "blanks", "nested", "nonewline", "plain", "empty", "blank", "missing",
                           "dirinterp", "noexec", "chain0", "chain1", "chain2", "chain3", "chain4", "chain5",
                           "chain6", "chain7", "chain8"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}
