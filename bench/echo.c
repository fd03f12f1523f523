/* The physical reference: a minimal epoll server and load generator, what the machine does with no
 * interpreter in the way. Built by bench/native.py into a temporary directory when a C compiler
 * is present; never committed as a binary.
 *
 *   echo server                          listen on 127.0.0.1, print the port, answer every chunk
 *                                        with the lesson's 21-byte acknowledgement; stop when
 *                                        stdin closes.
 *   echo trips PORT CONNS SECONDS NSRC   round trips on CONNS persistent connections
 *   echo cycles PORT CONNS SECONDS NSRC  connection cycles (connect, send, read, close), CONNS at once
 *
 * The load generator spreads its connections over NSRC loopback source addresses (127.0.0.2 ...),
 * so ephemeral ports in TIME_WAIT do not cap the cycle rate, and prints one line:
 * "COUNT P50_US P99_US" (count of completed operations, latency percentiles in microseconds).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char REPLY[] = "\xe6\x94\xb6\xe5\x88\xb0\xe5\xae\xa2\xe6\x88\xb7\xe7\xab\xaf\xe4\xbf\xa1\xe6\x81\xaf";
static const char MESSAGE[] = "\xe5\xae\xa2\xe6\x88\xb7\xe7\xab\xaf" "1" "\xe8\xbf\x9e\xe6\x8e\xa5\xe6\x88\x90\xe5\x8a\x9f";
#define REPLY_LEN (sizeof(REPLY) - 1)
#define MESSAGE_LEN (sizeof(MESSAGE) - 1)
#define MAX_EVENTS 256
#define MAX_CONNS 4096
#define MAX_SAMPLES 20000000

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static int serve(void) {
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) || listen(listener, 1024)) die("listen");
    socklen_t len = sizeof addr;
    getsockname(listener, (struct sockaddr *)&addr, &len);
    printf("%d\n", ntohs(addr.sin_port));
    fflush(stdout);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
    ev.data.fd = 0;
    epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev);
    struct epoll_event events[MAX_EVENTS];
    char buf[1024];
    for (;;) {
        int n = epoll_wait(ep, events, MAX_EVENTS, -1);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == 0) return 0; /* stdin closed (or written to): stop */
            if (fd == listener) {
                int conn;
                while ((conn = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    struct epoll_event cev = {.events = EPOLLIN, .data.fd = conn};
                    epoll_ctl(ep, EPOLL_CTL_ADD, conn, &cev);
                }
                continue;
            }
            ssize_t got = recv(fd, buf, sizeof buf, 0);
            if (got > 0) {
                if (send(fd, REPLY, REPLY_LEN, MSG_NOSIGNAL) < 0 && errno != EAGAIN) close(fd);
            } else if (got == 0 || errno != EAGAIN) {
                close(fd);
            }
        }
    }
}

struct conn {
    int fd;
    size_t got;
    double start;
};

static double *samples;
static long count;

static void record(double seconds) {
    if (count < MAX_SAMPLES) samples[count] = seconds;
    count++;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int open_conn(int ep, struct conn *c, int port, int source, int nonblocking) {
    c->fd = socket(AF_INET, SOCK_STREAM | (nonblocking ? SOCK_NONBLOCK : 0), 0);
    if (c->fd < 0) die("socket");
    /* The port is chosen at connect(), per destination, so ports in TIME_WAIT are reused on
     * loopback (tcp_tw_reuse) instead of each bind() searching for one free on every address. */
    int one = 1;
    setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    struct sockaddr_in from = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000002 + source)};
    if (bind(c->fd, (struct sockaddr *)&from, sizeof from)) die("bind");
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    c->got = 0;
    c->start = now();
    if (connect(c->fd, (struct sockaddr *)&to, sizeof to) && errno != EINPROGRESS) die("connect");
    struct epoll_event ev = {.events = nonblocking ? EPOLLOUT : EPOLLIN, .data.ptr = c};
    return epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
}

static int generate(int cycles, int port, int conns, double seconds, int sources) {
    static struct conn table[MAX_CONNS];
    if (conns > MAX_CONNS || sources < 1) die("arguments");
    samples = malloc(sizeof(double) * MAX_SAMPLES);
    int ep = epoll_create1(0);
    for (int i = 0; i < conns; i++) {
        open_conn(ep, &table[i], port, i % sources, cycles);
        if (!cycles) {
            table[i].start = now();
            if (send(table[i].fd, MESSAGE, MESSAGE_LEN, 0) != (ssize_t)MESSAGE_LEN) die("send");
        }
    }
    struct epoll_event events[MAX_EVENTS];
    char buf[1024];
    long opened = conns;
    double deadline = now() + seconds;
    int open_now = conns;
    while (open_now > 0) {
        int n = epoll_wait(ep, events, MAX_EVENTS, 1000);
        double t = now();
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (events[i].events & EPOLLOUT) { /* connected: send, then wait for the reply */
                if (send(c->fd, MESSAGE, MESSAGE_LEN, MSG_NOSIGNAL) != (ssize_t)MESSAGE_LEN) die("send");
                struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                continue;
            }
            ssize_t got = recv(c->fd, buf, sizeof buf, 0);
            if (got <= 0) die("recv");
            c->got += got;
            if (c->got < REPLY_LEN) continue;
            record(t - c->start);
            if (cycles) {
                close(c->fd);
                if (t < deadline) {
                    open_conn(ep, c, port, (int)(opened++ % sources), 1);
                } else {
                    open_now--;
                }
            } else if (t < deadline) {
                c->got = 0;
                c->start = t;
                if (send(c->fd, MESSAGE, MESSAGE_LEN, 0) != (ssize_t)MESSAGE_LEN) die("send");
            } else {
                close(c->fd);
                open_now--;
            }
        }
    }
    long kept = count < MAX_SAMPLES ? count : MAX_SAMPLES;
    qsort(samples, kept, sizeof(double), by_value);
    printf("%ld %.1f %.1f\n", count, samples[kept / 2] * 1e6, samples[(long)(kept * 0.99)] * 1e6);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "server")) return serve();
    if (argc == 6 && (!strcmp(argv[1], "trips") || !strcmp(argv[1], "cycles")))
        return generate(!strcmp(argv[1], "cycles"), atoi(argv[2]), atoi(argv[3]), atof(argv[4]), atoi(argv[5]));
    fprintf(stderr, "usage: echo server | echo trips|cycles PORT CONNS SECONDS NSRC\n");
    return 2;
}
