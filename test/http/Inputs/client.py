#!/usr/bin/env python3
"""Starts examples/http-server and plays clients against it.

  client.py [--www DIR] SCENARIO... -- SERVER ARGS...

The server gets its listening socket as systemd socket activation passes it
(127.0.0.1:0 bound here, descriptor 3, LISTEN_FDS=1, LISTEN_PID), so no test
races another for a port. Each scenario prints lines for FileCheck; the
native and the wasm2native builds must print the same. While an abuse
scenario runs, a bystander client keeps requesting /hello on its own
connection and every answer is checked. At the end the server must still
be running; it is then stopped.
"""
import os
import random
import select
import resource
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

ADDR = None
PID = None
WWW = None
# Generous for a machine shared with compiler builds; the deliberately broken
# servers of mutants.test miss it by seconds.
BYSTANDER_TIMEOUT = 3.0


class Conn:
    """A client socket and the bytes read past the last response."""

    def __init__(self):
        self.sock = socket.create_connection(
            ADDR, timeout=float(os.environ.get("HTTP_CLIENT_TIMEOUT", "10")))
        self.pending = b""

    def recv(self, n):
        if self.pending:
            data, self.pending = self.pending[:n], self.pending[n:]
            return data
        return self.sock.recv(n)

    def fileno(self):
        return self.sock.fileno()

    def __getattr__(self, name):
        return getattr(self.sock, name)


def connect():
    return Conn()


def read_response(s, head_only=False):
    """Reads one response: (status, headers dict, body), or None when the
    connection closed (or reset) before a whole status line and head."""
    data = b""
    while b"\r\n\r\n" not in data:
        try:
            chunk = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            return None
        if not chunk:
            return None
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, value = line.split(":", 1)
        headers[name.strip().lower()] = value.strip()
    length = 0 if head_only else int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = s.recv(65536)
        if not chunk:
            break
        rest += chunk
    s.pending = rest[length:]
    return status, headers, rest[:length]


def exchange(raw, head_only=False):
    s = connect()
    s.sendall(raw)
    r = read_response(s, head_only)
    s.close()
    return r


def get(path, host=True, extra=""):
    return b"GET %s HTTP/1.1\r\n%s%s\r\n" % (
        path.encode(), b"Host: t\r\n" if host else b"", extra.encode())


def outcome(r):
    return "closed" if r is None else str(r[0])


def fds():
    return len(os.listdir("/proc/%d/fd" % PID))


def rss_kib():
    with open("/proc/%d/status" % PID) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def settled_fds():
    """The descriptor count once no connection is left open."""
    last = fds()
    for _ in range(50):
        time.sleep(0.1)
        now = fds()
        if now == last:
            return now
        last = now
    return last


def wait_fds(want, seconds=3.0):
    """The server closes a connection some time after the client did."""
    end = time.time() + seconds
    while fds() != want and time.time() < end:
        time.sleep(0.05)
    return fds()


class Bystander(threading.Thread):
    """Keeps one well-behaved keep-alive client busy and checks each answer."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.served = 0
        self.failed = []

    def run(self):
        s = None
        i = 0
        while not self.stop.is_set():
            i += 1
            t0 = time.time()
            try:
                if s is None:
                    s = connect()
                s.settimeout(BYSTANDER_TIMEOUT)
                s.sendall(get("/hello?name=b%d" % i))
                r = read_response(s)
            except OSError as e:
                r = None
            late = time.time() - t0 > BYSTANDER_TIMEOUT
            if r is None or r[0] != 200 or r[2] != b"Hello, b%d!\n" % i or late:
                self.failed.append((i, r and r[0], round(time.time() - t0, 2)))
                s = None
                continue
            self.served += 1
            time.sleep(0.01)

    def report(self):
        self.stop.set()
        self.join()
        print("bystander: served %s, failed %d %s" % (
            "some" if self.served else "none", len(self.failed),
            self.failed[:3] if self.failed else ""))


def with_bystander(fn):
    def run():
        b = Bystander()
        b.start()
        time.sleep(0.1)
        fn()
        time.sleep(0.2)
        b.report()
    run.__name__ = fn.__name__
    return run


# --- responses, as the example's README promises them -----------------------

def responses():
    index = open(os.path.join(WWW, "index.html"), "rb").read()
    r = exchange(get("/"))
    print("/ %d %s %s" % (r[0], r[1]["content-type"], r[2] == index))
    r = exchange(get("/index.html"))
    print("/index.html %d len %s" % (r[0], r[1]["content-length"] == str(len(index))))
    r = exchange(b"HEAD /index.html HTTP/1.1\r\nHost: t\r\n\r\n", head_only=True)
    print("HEAD %d len %s pending %r" % (r[0], r[1]["content-length"] == str(len(index)), r[2]))
    for path in ["/style.css", "/nope", "/../x", "/%2e%2e/x", "/.hidden", "/a//b",
                 "/dir", "/dir/", "/fifo", "/link", "/hello", "/hello?name=J%C3%BCrgen+M",
                 "/hello?x=1&name=%01", "/index.html?query=1"]:
        r = exchange(get(path))
        print("%s %d %s %r" % (path, r[0], r[1]["content-type"].split(";")[0],
                               r[2][:40] if r[0] != 200 or path.startswith("/hello") else len(r[2])))
        if r[0] == 301:
            print("  location %s" % r[1]["location"])
    r = exchange(b"POST /index.html HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
    print("POST %d allow %s close %s" % (r[0], r[1]["allow"], r[1].get("connection")))
    for name, raw in [
            ("no host", get("/", host=False)),
            ("two hosts", get("/", extra="Host: u\r\n")),
            ("space before colon", get("/", extra="X-A : 1\r\n")),
            ("folded", get("/", extra="X-A: 1\r\n  2\r\n")),
            ("bad length", get("/", extra="Content-Length: 1x\r\n")),
            ("two lengths", get("/", extra="Content-Length: 1\r\nContent-Length: 2\r\n")),
            ("big body", get("/", extra="Content-Length: 2000000\r\n")),
            ("chunked", get("/", extra="Transfer-Encoding: chunked\r\n")),
            ("http/2", b"GET / HTTP/2.0\r\n\r\n"),
            ("absolute", b"GET http://t/ HTTP/1.1\r\nHost: t\r\n\r\n"),
            ("bare cr", b"GET / HTTP/1.1\rHost: t\r\n\r\n"),
            ("65 fields", get("/", extra="X: 1\r\n" * 64)),
            ("long line", get("/", extra="X: %s\r\n" % ("a" * 4097))),
            ("long target", get("/" + "a" * 4100))]:
        r = exchange(raw)
        print("%s: %s%s" % (name, outcome(r),
                            " close" if r and r[1].get("connection") == "close" else ""))
    # 64 fields (Host and 63 more) and a 4,096-byte line are still fine.
    r = exchange(get("/nope", extra="X: 1\r\n" * 62 + "X: %s\r\n" % ("a" * 4093)))
    print("at the limits: %s" % outcome(r))
    # Keep-alive and pipelining: three requests in one write, a body to skip
    # between them, answered in order on one connection; HTTP/1.0 closes
    # unless asked to keep alive.
    s = connect()
    s.sendall(get("/hello?name=1") + b"GET /hello?name=2 HTTP/1.1\r\nHost: t\r\n"
              b"Content-Length: 5\r\n\r\nxxxxx" + get("/nope") + get("/hello?name=3"))
    got = []
    for _ in range(4):
        r = read_response(s)
        got.append("%d %r" % (r[0], r[2][:20]))
    s.close()
    print("pipelined: " + ", ".join(got))
    s = connect()
    s.sendall(b"GET /hello HTTP/1.0\r\n\r\n")
    r = read_response(s)
    print("1.0: %d %s then %r" % (r[0], r[1].get("connection"), s.recv(10)))
    s.close()
    s = connect()
    s.sendall(b"GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
    r1 = read_response(s)
    s.sendall(b"GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    r2 = read_response(s)
    print("1.0 keep-alive: %d %s, then %d %s then %r" % (
        r1[0], r1[1].get("connection"), r2[0], r2[1].get("connection"), s.recv(10)))
    s.close()


def curl():
    """curl's view of the same server: status, type, size, and the bytes."""
    base = "http://%s:%d" % ADDR
    for path in ["/", "/style.css", "/big.bin", "/nope", "/hello?name=curl"]:
        out = subprocess.run(
            ["curl", "-s", "-o", "-", "-w", "\n%{http_code} %{content_type} %{size_download}",
             base + path], capture_output=True).stdout
        body, _, info = out.rpartition(b"\n")
        want = None
        if not path.startswith("/hello") and not path.endswith("nope"):
            f = "index.html" if path == "/" else path[1:]
            want = open(os.path.join(WWW, f), "rb").read() == body
        print("curl %s: %s same bytes %s" % (path, info.decode(), want))
    # curl reuses one connection for several URLs (keep-alive).
    out = subprocess.run(["curl", "-s", "-v", base + "/hello?name=a", base + "/hello?name=b"],
                         capture_output=True)
    print("curl keep-alive: %r reused %s" % (
        out.stdout, b"Re-using existing connection" in out.stderr))
    out = subprocess.run(["curl", "-s", "-I", base + "/style.css"], capture_output=True).stdout
    print("curl -I: " + out.decode().split("\r\n")[0])


# --- abuse -----------------------------------------------------------------

@with_bystander
def truncated():
    # A head cut short, then the write side closed: closed without a word.
    s = connect()
    s.sendall(b"GET /index.html HTTP/1.1\r\nHost: t\r\nUser-Ag")
    s.shutdown(socket.SHUT_WR)
    print("truncated then EOF: " + outcome(read_response(s)))
    s.close()
    # Cut short and left open: 408 once the header timeout passes.
    s = connect()
    t0 = time.time()
    s.sendall(b"GET /index.html HTTP/1.1\r\nHost: t\r\nUser-Ag")
    r = read_response(s)
    print("truncated and open: %s within %s" % (outcome(r), time.time() - t0 < 2.5))
    s.close()
    # A connection that never sends a byte is closed too.
    s = connect()
    print("silent: " + outcome(read_response(s)))
    s.close()


def send_in_background(s, data):
    def run():
        try:
            s.sendall(data)
        except OSError:
            pass
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


@with_bystander
def huge():
    # A 1 MiB header line and a 1 MiB request line: refused after the first
    # 4 KiB, read while the client is still sending.
    for name, raw in [("header line", get("/", extra="X-Big: %s\r\n" % ("a" * (1 << 20)))),
                      ("request line", get("/" + "a" * (1 << 20))),
                      ("many fields", get("/", extra="X: 1\r\n" * 100000))]:
        s = connect()
        t = send_in_background(s, raw)
        print("1 MiB %s: %s" % (name, outcome(read_response(s))))
        s.close()
        t.join()


@with_bystander
def garbage():
    rng = random.Random(16)
    seen = {}
    for i in range(20):
        s = connect()
        t = send_in_background(s, bytes(rng.getrandbits(8) for _ in range(65536)))
        o = outcome(read_response(s))
        seen[o] = seen.get(o, 0) + 1
        s.close()
        t.join()
    print("garbage: %s" % sorted(seen.items()))
    # A NUL inside an otherwise good head.
    print("nul: " + outcome(exchange(b"GET / HTTP/1.1\r\nHost: t\x00\r\n\r\n")))


@with_bystander
def slow():
    # Slowloris: 50 clients each sending a request a byte every 0.25 s (it
    # would take them 10 s; bench/http.py --abuse: a byte a second,
    # HTTP_SLOW_INTERVAL=1); each is answered 408 at the header timeout
    # (1 s in the tests) and the rest of its request is never waited for.
    interval = float(os.environ.get("HTTP_SLOW_INTERVAL", "0.25"))
    raw = get("/index.html", extra="User-Agent: slow\r\n")
    socks = [connect() for _ in range(50)]
    t0 = time.time()
    codes = {}
    late = 0
    for k in range(len(raw)):
        if not socks or time.time() - t0 > 4 + interval:
            break
        for s in select.select(socks, [], [], 0)[0]:
            o = outcome(read_response(s))
            codes[o] = codes.get(o, 0) + 1
            late += time.time() - t0 > 2.25 + interval
            socks.remove(s)
            s.close()
        for s in socks:
            s.sendall(raw[k:k + 1])
        time.sleep(interval)
    codes["still open"] = len(socks)
    print("slow clients: %s, late %d" % (sorted(codes.items()), late))
    for s in socks:
        s.close()


@with_bystander
def disconnect():
    # Clients that leave mid-response: reset after 1 KiB, or close without
    # reading; the server must drop them and keep no descriptor.
    base = settled_fds()
    for i in range(20):
        s = connect()
        s.sendall(get("/big.bin"))
        s.recv(1024)
        if i % 2:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    print("disconnect: descriptors back %s" % (wait_fds(base) == base))


@with_bystander
def many():
    n = int(os.environ.get("HTTP_MANY", "2000"))
    # Each sends its request as soon as it is connected: opening thousands
    # takes longer than the tests' 1 s header timeout, which would rightly
    # close the first ones while they sat silent. The idle timeout (10 s in
    # the tests) keeps the answered ones open until all are.
    socks = []
    for i in range(n):
        socks.append(connect())
        socks[-1].sendall(get("/hello?name=%d" % i))
    ok = 0
    wait = float(os.environ.get("HTTP_MANY_TIMEOUT", "20"))
    for i, s in enumerate(socks):
        s.settimeout(wait)
        r = read_response(s)
        if r is None or r[2] != b"Hello, %d!\n" % i:
            break
        ok += 1
    for s in socks:
        s.close()
    print("many: %s of %d at once served" % ("all" if ok == n else ok, n))


def mixed_round(k):
    """One round of requests of every kind the server meets."""
    s = connect()
    for i in range(8):
        s.sendall(get("/hello?name=%d" % i))
        read_response(s)
    s.sendall(get("/index.html"))
    read_response(s)
    s.close()
    exchange(get("/nope"))
    exchange(b"\x00garbage\r\n\r\n")
    exchange(b"POST / HTTP/1.1\r\nHost: t\r\n\r\n")
    s = connect()
    s.sendall(get("/big.bin"))
    s.recv(1024)
    s.close()


def leak():
    # Descriptors and resident memory after a warm-up, then after N more
    # requests of every kind: no descriptor is kept, memory does not grow.
    rounds = int(os.environ.get("HTTP_LEAK_ROUNDS", "100"))
    for k in range(min(20, rounds)):
        mixed_round(k)
    time.sleep(0.3)
    base_fds = settled_fds()
    base_rss = rss_kib()
    t0 = time.time()
    for k in range(rounds):
        mixed_round(k)
    after = wait_fds(base_fds)
    grew = rss_kib() - base_rss
    limit = int(os.environ.get("HTTP_RSS_SLACK_KIB", "512"))
    print("leak: %d rounds (%d requests), descriptors %s, rss grew under %d KiB %s" % (
        rounds, rounds * 14, "same" if after == base_fds else "%d -> %d" % (base_fds, after),
        limit, grew < limit))
    if os.environ.get("HTTP_VERBOSE"):
        print("  %.1f s, rss %d KiB, grew %d KiB" % (time.time() - t0, rss_kib(), grew),
              file=sys.stderr)


def rss_anon_kib():
    with open("/proc/%d/status" % PID) as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    return 0


def soak():
    # The CI form of bench/http.py --soak --block: anonymous resident memory
    # (the heap, linear memory; not the program's file pages) after a
    # warm-up block, then after each block of rounds of every kind of
    # request. A leak of even a few bytes a request climbs block after
    # block past the slack; a heap's high-water mark is reached in the
    # warm-up.
    blocks = int(os.environ.get("HTTP_SOAK_BLOCKS", "8"))
    rounds = int(os.environ.get("HTTP_SOAK_ROUNDS", "150"))
    slack = int(os.environ.get("HTTP_SOAK_SLACK_KIB", "64"))
    for k in range(rounds):
        mixed_round(k)
    time.sleep(0.2)
    base = rss_anon_kib()
    series = []
    for _ in range(blocks):
        for k in range(rounds):
            mixed_round(k)
        series.append(rss_anon_kib() - base)
    print("soak: %d blocks of %d requests, RssAnon within %d KiB of the warm-up: %s" % (
        blocks, rounds * 14, slack, max(series) <= slack))
    if os.environ.get("HTTP_VERBOSE"):
        print("  RssAnon %d KiB after the warm-up, then +KiB per block: %s" % (
            base, " ".join(map(str, series))), file=sys.stderr)


SCENARIOS = {f.__name__: f for f in [responses, curl, truncated, huge, garbage, slow,
                                     disconnect, many, leak, soak]}


def main():
    global ADDR, PID, WWW
    argv = sys.argv[1:]
    sep = argv.index("--")
    cmd = argv[sep + 1:]
    names = argv[:sep]
    if names[:1] == ["--www"]:
        WWW = names[1]
        names = names[2:]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, 16384)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.bind(("127.0.0.1", 0))
    ls.listen(4096)
    ADDR = ls.getsockname()
    pid = os.fork()
    if pid == 0:
        # Python ignores SIGPIPE and exec keeps that: the server gets the
        # default, which kills a server that lets a write raise it.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        # dup2 onto itself would keep close-on-exec: say it explicitly.
        os.dup2(ls.fileno(), 3)
        os.set_inheritable(3, True)
        env = dict(os.environ, LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
        os.execve(cmd[0], cmd, env)
    ls.close()
    PID = pid
    for name in names:
        SCENARIOS[name]()
        sys.stdout.flush()
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        print("server died: status %d" % status)
        sys.exit(1)
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    print("server was alive to the end")


if __name__ == "__main__":
    main()
