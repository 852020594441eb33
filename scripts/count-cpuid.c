// Counts the CPUID instructions a command executes, and where (library or program and
// offset), by single-stepping it and its threads with ptrace. On a virtual machine every
// CPUID leaves the guest for the hypervisor; scripts/count-cpuid says why that matters.
//   count-cpuid PROGRAM [ARGS...]      prints "instructions N cpuid M" and each CPUID's place
//   count-cpuid --cost                 times CPUID itself (microseconds per instruction)
#include <cpuid.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void cost(void) {
    unsigned a, b, c, d;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 2000; i++) __cpuid_count(i % 8, 0, a, b, c, d);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
    printf("%.1f us per CPUID (2000 of leaves 0-7)\n", ns / 2000 / 1000);
}

// Where `ip` lies in `pid`'s mappings: the file and the offset in it.
static void place(pid_t pid, unsigned long ip, unsigned long leaf) {
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%d/maps", pid);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f)) {
        unsigned long lo, hi, off;
        char perm[8], name[400] = "";
        if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %399s", &lo, &hi, perm, &off, name) >= 4 &&
            ip >= lo && ip < hi) {
            printf("cpuid leaf 0x%lx at %s+0x%lx\n", leaf, name, ip - lo + off);
            break;
        }
    }
    if (f) fclose(f);
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--cost") == 0) {
        cost();
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: count-cpuid PROGRAM [ARGS...] | count-cpuid --cost\n");
        return 2;
    }
    pid_t child = fork();
    if (child == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        execvp(argv[1], argv + 1);
        perror("count-cpuid: exec");
        _exit(127);
    }
    int st;
    waitpid(child, &st, 0);
    ptrace(PTRACE_SETOPTIONS, child, 0, PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL);
    long steps = 0, cpuids = 0;
    ptrace(PTRACE_SINGLESTEP, child, 0, 0);
    for (;;) {
        pid_t w = waitpid(-1, &st, __WALL);
        if (w < 0) break;
        if (WIFEXITED(st) || WIFSIGNALED(st)) {
            if (w == child) break;
            continue;
        }
        int sig = 0;
        if (WIFSTOPPED(st)) {
            int s = WSTOPSIG(st);
            if (s == SIGTRAP) {
                struct user_regs_struct r;
                ptrace(PTRACE_GETREGS, w, 0, &r);
                errno = 0;
                long word = ptrace(PTRACE_PEEKTEXT, w, (void *)r.rip, 0);
                if (errno == 0 && (word & 0xffff) == 0xa20f) {
                    cpuids++;
                    place(w, r.rip, r.rax);
                }
                steps++;
            } else if (s != SIGSTOP) {
                sig = s;
            }
        }
        ptrace(PTRACE_SINGLESTEP, w, 0, (void *)(long)sig);
    }
    printf("instructions %ld cpuid %ld\n", steps, cpuids);
    return 0;
}
