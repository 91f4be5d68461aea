#!/usr/bin/env python3
"""Plays scenarios against a server compiled with --workers (Inputs/worker.c).

  workers.py [--taskset CPUS] SCENARIO -- SERVER ARGS...

The server (the supervisor) gets 127.0.0.1:0, bound here, as systemd
socket activation passes it (descriptor 3, LISTEN_FDS=1, LISTEN_PID), so no
test races another for a port. Its workers are the supervisor's children
(/proc/PID/task/PID/children); its stderr goes to the file --stderr names.

Scenarios (each prints lines for FileCheck):
  concurrent N  N connections held open at once each get an answer, from N
                distinct workers
  percore       the number of workers is the number of CPUs the supervisor
                may run on (sched_getaffinity)
  trap N        a request that traps kills its worker: the supervisor logs
                it and starts a new one, and the other workers' connections,
                held open throughout, keep being served
  startup-trap  workers that trap at start-up are restarted with a growing
                delay, not in a loop
  sigterm       SIGTERM to the supervisor ends every worker and then the
                supervisor; no worker outlives it
  exit          exit(0) in a worker ends that worker only; exit(3) in one
                ends them all, and the supervisor exits with status 3
"""
import argparse
import os
import signal
import socket
import sys
import time

TIMEOUT = 5.0


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except FileNotFoundError:
        return []


def alive(pid):
    """True while pid exists and is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_for(cond, timeout=TIMEOUT):
    end = time.time() + timeout
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


class Server:
    def __init__(self, argv, stderr, cpus=None):
        ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        ls.bind(("127.0.0.1", 0))
        ls.listen(64)
        self.addr = ls.getsockname()
        err = os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        self.pid = os.fork()
        if self.pid == 0:
            if cpus is not None:
                os.sched_setaffinity(0, cpus)
            os.dup2(ls.fileno(), 3)
            os.set_inheritable(3, True)
            os.dup2(err, 2)
            env = dict(os.environ, LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
            os.execve(argv[0], argv, env)
        os.close(err)
        ls.close()
        self.status = None

    def workers(self, n):
        """The worker pids once there are n of them."""
        wait_for(lambda: len(children(self.pid)) == n)
        return children(self.pid)

    def wait(self, timeout=TIMEOUT):
        end = time.time() + timeout
        while time.time() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
                return True
            time.sleep(0.02)
        return False

    def describe_end(self):
        if self.status is None:
            return "still running"
        if os.WIFSIGNALED(self.status):
            return "killed by %s" % signal.Signals(os.WTERMSIG(self.status)).name
        return "exit %d" % os.WEXITSTATUS(self.status)

    def stop(self):
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)


class Conn:
    def __init__(self, addr):
        self.sock = socket.create_connection(addr, timeout=TIMEOUT)
        self.file = self.sock.makefile("rb")

    def ask(self, line):
        """The answer line, or None when the connection ended without one
        (or none came within the timeout)."""
        try:
            self.sock.sendall(line.encode() + b"\n")
            got = self.file.readline()
        except (OSError, socket.timeout):
            return None
        return got.decode().strip() if got.endswith(b"\n") else None

    def close(self):
        self.file.close()
        self.sock.close()


def concurrent(srv, n):
    conns = [Conn(srv.addr) for _ in range(n)]
    ids = [c.ask("id") for c in conns]
    answered = sum(1 for i in ids if i)
    print("held %d connections: %d answered, %d distinct workers" % (
        n, answered, len(set(i for i in ids if i))))
    print("worker processes: %d" % len(srv.workers(n)))
    for c in conns:
        c.close()


def percore(srv, _):
    cpus = len(srv.cpus)
    got = len(srv.workers(cpus))
    print("cpus %d, workers %d, equal %s" % (cpus, got, got == cpus))


def trap(srv, n):
    before = srv.workers(n)
    held = [Conn(srv.addr) for _ in range(n - 1)]
    ids = [c.ask("id") for c in held]
    victim = Conn(srv.addr)
    vid = victim.ask("id")
    print("before: %d workers, %d distinct ids" % (
        len(before), len(set(ids + [vid]) - {None})))
    print("trap request answered: %s" % victim.ask("trap"))
    victim.close()
    # The replacement is a new process with an identity of its own.
    wait_for(lambda: len(children(srv.pid)) == n and
             set(children(srv.pid)) != set(before))
    after = children(srv.pid)
    print("after: %d workers, %d replaced" % (len(after), len(set(after) - set(before))))
    again = [c.ask("id") for c in held]
    print("held connections still served by the same workers: %s" % (again == ids))
    fresh = Conn(srv.addr)
    fid = fresh.ask("id")
    print("a new connection is served by the new worker: %s" % (
        fid is not None and fid not in ids and fid != vid))
    fresh.close()
    for c in held:
        c.close()
    time.sleep(0.2)
    with open(srv.stderr) as f:
        for line in f:
            print("stderr: " + line.rstrip())


def startup_trap(srv, n):
    time.sleep(3)
    with open(srv.stderr) as f:
        lines = f.read().splitlines()
    ends = [l for l in lines if "trapped" in l]
    # 100, 200, 400, 800 and 1600 ms: at most 5 ends per worker in 3 s;
    # without a delay it would be hundreds.
    print("worker ends in 3 s: %d workers, at most 6 each: %s" % (
        n, 0 < len(ends) <= 6 * n))
    print("the delay grows: %s" % any("replacing it in 800 ms" in l for l in lines))
    print("%s" % (lines[0] if lines else "no stderr"))


def sigterm(srv, n):
    pids = srv.workers(n)
    conns = [Conn(srv.addr) for _ in range(n)]
    print("served before: %s" % all(c.ask("id") for c in conns))
    os.kill(srv.pid, signal.SIGTERM)
    print("supervisor ended: %s, %s" % (srv.wait(), srv.describe_end()))
    print("workers left: %d of %d" % (sum(1 for p in pids if alive(p)), len(pids)))
    for c in conns:
        c.close()


def exit_(srv, n):
    pids = srv.workers(n)
    c = Conn(srv.addr)
    print("exit 0: %s" % c.ask("exit 0"))
    c.close()
    wait_for(lambda: len(children(srv.pid)) == n - 1)
    time.sleep(0.3)
    print("workers after an exit 0: %d of %d" % (len(children(srv.pid)), n))
    c = Conn(srv.addr)
    print("exit 3: %s" % c.ask("exit 3"))
    c.close()
    print("supervisor ended: %s, %s" % (srv.wait(), srv.describe_end()))
    print("workers left: %d of %d" % (sum(1 for p in pids if alive(p)), len(pids)))


SCENARIOS = {"concurrent": concurrent, "percore": percore, "trap": trap,
             "startup-trap": startup_trap, "sigterm": sigterm, "exit": exit_}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--stderr", required=True)
    p.add_argument("--cpus", help="CPU numbers the server may run on, e.g. 0")
    p.add_argument("scenario", choices=sorted(SCENARIOS))
    p.add_argument("n", type=int, nargs="?", default=2)
    argv = sys.argv[1:]
    if "--" not in argv:
        p.error("expected -- SERVER ARGS...")
    k = argv.index("--")
    a = p.parse_args(argv[:k])
    cpus = {int(x) for x in a.cpus.split(",")} if a.cpus else None
    srv = Server(argv[k + 1:], a.stderr, cpus)
    srv.stderr = a.stderr
    srv.cpus = cpus or os.sched_getaffinity(0)
    try:
        SCENARIOS[a.scenario](srv, a.n)
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
