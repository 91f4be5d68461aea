#!/usr/bin/env python3
"""examples/http-server under load, native against wasm2native, in one run.

  bench/http.py [--build DIR] [--duration S] [--connections N] [--threads N]
                [--reps R] [--workers N] [--path P]... [--soak REQUESTS] [--abuse]

Builds the server three ways (examples/http-server/Makefile: clang -O2,
wasm2native with guard regions, wasm2native with software bounds checks),
then for each build and each path starts the server with a listening
socket bound here on 127.0.0.1:0 and passed as systemd socket activation
passes it (descriptor 3, LISTEN_FDS, LISTEN_PID: no port is ever raced for)
and runs wrk against it, R times in rotation (default 3). Prints the best run's
requests/s and p50/p99 latency, and each wasm2native build's requests/s as
a fraction of native.

--soak REQUESTS: after a warm-up, keeps wrk running until REQUESTS more were
served by each build, and compares the server's descriptors (/proc/PID/fd)
and resident memory (VmRSS) before and after.
--soak REQUESTS --block B: the long soak, in blocks of B requests; after
each block prints every process's RssAnon, the resident part of its host
heap and, for wasm2native, its linear memory's size and resident part, so
that growth that keeps on (a leak) can be told from growth that stops (a
heap's high-water mark). --kinds picks the builds (native,guard,software).
--abuse: the abuse scenarios of test/http/abuse.test in their long form
(clients sending a byte a second, 5,000 connections at once, 2,000 leak
rounds: 28,000 requests) against each build.

--workers N (N > 1): the load runs also with N workers, after the rows of
1: the wasm2native builds compiled with --workers=N (a supervisor and N
worker processes), native as N processes started on the same listening
socket, so that both get the same parallelism. --soak and --abuse run with
N workers; descriptors and memory are then summed over every process.
"""
import argparse
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(SRC, "examples", "http-server")
CLIENT = os.path.join(SRC, "test", "http", "Inputs", "client.py")
KINDS = [("native", "http-server-native"), ("guard", "http-server"),
         ("software", "http-server-sw")]


def build(tmp, wasm2native, www, workers):
    """Builds into tmp/wN; returns that directory."""
    out = os.path.join(tmp, "w%d" % workers)
    os.mkdir(out)
    subprocess.run(["make", "-s", "-f", os.path.join(EXAMPLE, "Makefile"),
                    "OUT=" + out, "WWW=" + www, "WASM2NATIVE=" + wasm2native, "all"]
                   + (["WORKERS=%d" % workers] if workers != 1 else []),
                   check=True)
    return out


def server_argv(out, exe, www):
    argv = [os.path.join(out, exe)]
    if exe.endswith("-native"):
        argv += ["--root", www]
    return argv


class Server:
    """A server started with a listening socket passed as systemd does."""

    def __init__(self, argv, copies=1):
        """copies > 1: that many processes of argv on the one socket (how
        native gets the parallelism of wasm2native's workers)."""
        ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        ls.bind(("127.0.0.1", 0))
        ls.listen(4096)
        self.port = ls.getsockname()[1]
        self.pids = []
        for _ in range(copies):
            pid = os.fork()
            if pid == 0:
                signal.signal(signal.SIGPIPE, signal.SIG_DFL)
                os.dup2(ls.fileno(), 3)
                os.set_inheritable(3, True)
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                env = dict(os.environ, LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
                os.execve(argv[0], argv, env)
            self.pids.append(pid)
        ls.close()

    def procs(self):
        """Every process of the server: the copies, and a supervisor's
        workers."""
        out = []
        for pid in self.pids:
            out.append(pid)
            try:
                with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                    out += [int(x) for x in f.read().split()]
            except FileNotFoundError:
                pass
        return out

    def fds(self):
        return sum(len(os.listdir("/proc/%d/fd" % p)) for p in self.procs())

    def rss_kib(self, field="VmRSS"):
        """Resident memory of all processes; RssAnon leaves out the
        program's own pages read from its file, which only grow as more of
        its code is first run."""
        total = 0
        for pid in self.procs():
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith(field + ":"):
                        total += int(line.split()[1])
        return total

    def memory(self):
        """Per process: RssAnon, the resident part of the host's heap
        ([heap]) and, for a wasm2native process, of its linear memory: the
        read-write mapping directly below a large PROT_NONE reservation
        (its size is the memory's current size, grown by memory.grow), all
        in KiB."""
        out = []
        for pid in self.procs():
            anon = heap = lin_size = lin_rss = 0
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("RssAnon:"):
                        anon = int(line.split()[1])
            maps = []
            cur = None
            with open("/proc/%d/smaps" % pid) as f:
                for line in f:
                    parts = line.split()
                    if "-" in parts[0] and len(parts) >= 5 and ":" in parts[3]:
                        lo, hi = (int(x, 16) for x in parts[0].split("-"))
                        cur = {"lo": lo, "hi": hi, "perms": parts[1],
                               "name": parts[5] if len(parts) > 5 else "",
                               "rss": 0}
                        maps.append(cur)
                    elif parts[0] == "Rss:" and cur is not None:
                        cur["rss"] = int(parts[1])
            for i, m in enumerate(maps):
                if m["name"] == "[heap]":
                    heap += m["rss"]
                nxt = maps[i + 1] if i + 1 < len(maps) else None
                if (m["perms"].startswith("rw") and not m["name"] and nxt
                        and nxt["lo"] == m["hi"] and nxt["perms"].startswith("---")
                        and nxt["hi"] - nxt["lo"] >= 1 << 30):
                    lin_size += (m["hi"] - m["lo"]) // 1024
                    lin_rss += m["rss"]
            out.append({"pid": pid, "anon": anon, "heap": heap,
                        "lin_size": lin_size, "lin_rss": lin_rss})
        return out

    def stop(self):
        for pid in self.pids:
            os.kill(pid, signal.SIGTERM)
        for pid in self.pids:
            os.waitpid(pid, 0)


def to_ms(value, unit):
    return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[unit]


def wrk(port, path, a):
    out = subprocess.run(
        ["wrk", "-t%d" % a.threads, "-c%d" % a.connections, "-d%ds" % a.duration,
         "--latency", "http://127.0.0.1:%d%s" % (port, path)],
        capture_output=True, text=True, check=True).stdout
    result = {"requests": int(re.search(r"(\d+) requests in", out).group(1)),
              "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
              "errors": 0}
    for pct in ("50", "99"):
        m = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s|m)\b" % pct, out)
        result["p" + pct] = to_ms(m.group(1), m.group(2))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        result["errors"] += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        result["errors"] += sum(int(x) for x in m.groups())
    return result


def copies(workers):
    return workers if workers > 0 else len(os.sched_getaffinity(0))


def start(outs, kind, exe, www, workers):
    """The server of one build with `workers` workers."""
    native = kind == "native"
    return Server(server_argv(outs[workers if not native else 1], exe, www),
                  copies(workers) if native else 1)


def load(outs, www, a):
    print("wrk -t%d -c%d -d%ds, best of %d runs taken in rotation; "
          "load average %s" % (a.threads, a.connections, a.duration, a.reps,
                               " ".join("%.1f" % x for x in os.getloadavg())))
    print("%-22s %-7s %-9s %10s %9s %9s %8s %7s" % (
        "path", "workers", "build", "req/s", "p50 ms", "p99 ms", "errors", "×native"))
    for path, workers in [(p, w) for p in a.path for w in sorted(outs)]:
        # Runs alternate between the builds and the best of each is kept, so
        # a burst of load from elsewhere on the machine does not land on one
        # build only.
        best = {}
        errors = {}
        for _ in range(a.reps):
            for kind, exe in KINDS:
                srv = start(outs, kind, exe, www, workers)
                try:
                    r = wrk(srv.port, path, a)
                finally:
                    srv.stop()
                errors[kind] = errors.get(kind, 0) + r["errors"]
                if kind not in best or r["rps"] > best[kind]["rps"]:
                    best[kind] = r
        native = best["native"]["rps"]
        for kind, _ in KINDS:
            r = best[kind]
            print("%-22s %-7d %-9s %10.0f %9.2f %9.2f %8d %7.2f" % (
                path, copies(workers), kind, r["rps"], r["p50"], r["p99"], errors[kind],
                r["rps"] / native))
        sys.stdout.flush()


def soak(outs, www, a):
    print("soak: %d requests per build after a warm-up, %d worker(s)" % (
        a.soak, copies(a.workers)))
    for kind, exe in KINDS:
        srv = start(outs, kind, exe, www, a.workers)
        try:
            warm = argparse.Namespace(**dict(vars(a), duration=2))
            for path in a.path:
                wrk(srv.port, path, warm)
            time.sleep(0.5)
            fds0, rss0, anon0 = srv.fds(), srv.rss_kib(), srv.rss_kib("RssAnon")
            served = errors = 0
            t0 = time.time()
            i = 0
            # RssAnon after each wrk run: a leak climbs run after run, a
            # page first touched late shows once.
            series = []
            while served < a.soak:
                path = a.path[i % len(a.path)]
                r = wrk(srv.port, path, a)
                served += r["requests"]
                errors += r["errors"]
                series.append(srv.rss_kib("RssAnon"))
                i += 1
            time.sleep(0.5)
            fds1, rss1, anon1 = srv.fds(), srv.rss_kib(), srv.rss_kib("RssAnon")
            print("%-9s %d requests in %.0f s, errors %d; descriptors %d -> %d; "
                  "VmRSS %d -> %d KiB, RssAnon %d -> %d KiB" % (
                      kind, served, time.time() - t0, errors, fds0, fds1, rss0, rss1,
                      anon0, anon1))
            print("          RssAnon after each run: %s" % " ".join(map(str, series)))
        finally:
            srv.stop()
        sys.stdout.flush()


def soak_blocks(outs, www, a):
    """The long soak: a.soak requests per build in blocks of a.block, each
    process's memory printed after each block (see Server.memory), so that
    a leak shows as growth block after block and a high-water mark as growth
    that stops."""
    print("soak: %d requests per build in blocks of %d, %d worker(s); "
          "per process: RssAnon, host heap, linear memory size/resident (KiB)"
          % (a.soak, a.block, copies(a.workers)))
    for kind, exe in KINDS:
        srv = start(outs, kind, exe, www, a.workers)
        try:
            warm = argparse.Namespace(**dict(vars(a), duration=2))
            for path in a.path:
                wrk(srv.port, path, warm)
            time.sleep(0.5)
            fds0 = srv.fds()

            def report(label, served):
                cols = ["%d anon %d heap %d lin %d/%d" % (
                    i, m["anon"], m["heap"], m["lin_size"], m["lin_rss"])
                        for i, m in enumerate(srv.memory())]
                print("%-9s %-8s %9d  %s" % (kind, label, served, "; ".join(cols)))
                sys.stdout.flush()

            report("warm", 0)
            served = errors = 0
            i = 0
            block = 1
            t0 = time.time()
            while served < a.soak:
                r = wrk(srv.port, a.path[i % len(a.path)], a)
                served += r["requests"]
                errors += r["errors"]
                i += 1
                if served >= block * a.block or served >= a.soak:
                    time.sleep(0.2)
                    report("block %d" % block, served)
                    block = served // a.block + 1
            time.sleep(0.5)
            print("%-9s %d requests in %.0f s, errors %d; descriptors %d -> %d" % (
                kind, served, time.time() - t0, errors, fds0, srv.fds()))
        finally:
            srv.stop()
        sys.stdout.flush()


def abuse(outs, www, a):
    # client.py starts the server itself: native runs as one process, the
    # wasm2native builds with a.workers workers.
    env = dict(os.environ, HTTP_MANY="5000", HTTP_LEAK_ROUNDS="2000",
               HTTP_RSS_SLACK_KIB="1024", HTTP_SLOW_INTERVAL="1")
    for kind, exe in KINDS:
        print("abuse, %s:" % kind)
        sys.stdout.flush()
        argv = server_argv(outs[1 if kind == "native" else a.workers], exe, www) + [
            "--header-timeout", "1000", "--idle-timeout", "10000", "--write-timeout", "2000"]
        subprocess.run([sys.executable, CLIENT, "truncated", "huge", "garbage", "slow",
                        "disconnect", "many", "leak", "--"] + argv, env=env)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", default=os.path.join(SRC, "build"))
    p.add_argument("--duration", type=int, default=5)
    p.add_argument("--connections", type=int, default=50)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--workers", type=int, default=1,
                   help="also run with N workers (0: one per core)")
    p.add_argument("--path", action="append")
    p.add_argument("--soak", type=int)
    p.add_argument("--block", type=int,
                   help="with --soak: report memory per process every BLOCK "
                   "requests")
    p.add_argument("--kinds", default="native,guard,software",
                   help="the builds to run, of native,guard,software")
    p.add_argument("--abuse", action="store_true")
    a = p.parse_args()
    a.path = a.path or ["/index.html", "/hello?name=bench"]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 16384), hard))
    with tempfile.TemporaryDirectory() as tmp:
        www = os.path.join(tmp, "www")
        subprocess.run(["cp", "-r", os.path.join(EXAMPLE, "www"), www], check=True)
        with open(os.path.join(www, "big.bin"), "wb") as f:
            f.write(bytes(range(256)) * 16384)
        w2n = os.path.join(os.path.abspath(a.build), "bin", "wasm2native")
        outs = {w: build(tmp, w2n, www, w) for w in sorted({1, a.workers})}
        global KINDS
        KINDS = [k for k in KINDS if k[0] in a.kinds.split(",")]
        if a.soak and a.block:
            soak_blocks(outs, www, a)
        elif a.soak:
            soak(outs, www, a)
        elif a.abuse:
            abuse(outs, www, a)
        else:
            load(outs, www, a)


if __name__ == "__main__":
    main()
