/* clocksync FILE: sets CLOCK_REALTIME from the host's clock, read as the mtime the host (QEMU's
 * 9p server) gives FILE, which we create on a 9p share. The host stamps the file between our two
 * CLOCK_MONOTONIC readings: take the midpoint. Accurate to half a 9p round trip (milliseconds),
 * where the RTC has whole seconds; files on the shares carry the host's times, so make and the
 * like need the two clocks to agree. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct timespec m0, m1, t;
    struct stat st;
    int fd;
    if (argc != 2) { fprintf(stderr, "usage: %s FILE-ON-9P-SHARE\n", argv[0]); return 2; }
    unlink(argv[1]);
    clock_gettime(CLOCK_MONOTONIC, &m0);
    fd = open(argv[1], O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0 || fstat(fd, &st) < 0) { perror(argv[1]); return 1; }
    clock_gettime(CLOCK_MONOTONIC, &m1);
    close(fd);
    long long half = ((m1.tv_sec - m0.tv_sec) * 1000000000LL + (m1.tv_nsec - m0.tv_nsec)) / 2;
    long long ns = st.st_mtim.tv_nsec + half;
    t.tv_sec = st.st_mtim.tv_sec + ns / 1000000000LL;
    t.tv_nsec = ns % 1000000000LL;
    if (clock_settime(CLOCK_REALTIME, &t) < 0) { perror("clock_settime"); return 1; }
    return 0;
}
