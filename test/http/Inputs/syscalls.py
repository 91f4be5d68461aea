#!/usr/bin/env python3
"""System calls per request of a server, counted by strace.

  syscalls.py [--requests N] [--path P] -- SERVER ARGS...

Starts the server under `strace -f -c` with a listening socket passed as
systemd socket activation passes it (descriptor 3, LISTEN_FDS, LISTEN_PID),
sends N keep-alive requests for P on one connection, one at a time, and
again 3N on a fresh start; the difference between the two runs' counts,
divided by 2N, is what each request costs, with start-up and shut-down
cancelled out. Prints each call's count per request and the total, rounded
to a tenth.
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time


def count(argv, requests, path):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    addr = ls.getsockname()
    fd, out = tempfile.mkstemp(suffix=".strace")
    os.close(fd)
    pid = os.fork()
    if pid == 0:
        os.dup2(ls.fileno(), 3)
        os.set_inheritable(3, True)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        # With -D strace traces from a detached grandchild and execs the
        # server in this process, so LISTEN_PID holds.
        env = dict(os.environ, LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
        os.execvpe("strace", ["strace", "-D", "-f", "-c", "-o", out] + argv,
                   env)
    ls.close()
    s = socket.create_connection(addr, timeout=10)
    f = s.makefile("rb")
    req = ("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path).encode()
    for _ in range(requests):
        s.sendall(req)
        length = 0
        while True:
            line = f.readline()
            if not line:
                sys.exit("syscalls.py: the server closed the connection")
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
            if line == b"\r\n":
                break
        f.read(length)
    f.close()
    s.close()
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    # The tracer writes its summary once the server is gone.
    for _ in range(500):
        with open(out) as fh:
            if "total" in fh.read():
                break
        time.sleep(0.01)
    calls = {}
    with open(out) as fh:
        for line in fh:
            parts = line.split()
            # "% time seconds usecs/call calls [errors] syscall"
            if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] != "total":
                calls[parts[-1]] = int(parts[3])
    os.unlink(out)
    return calls


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--path", default="/hello?name=x")
    argv = sys.argv[1:]
    k = argv.index("--")
    a = p.parse_args(argv[:k])
    server = argv[k + 1:]
    one = count(server, a.requests, a.path)
    three = count(server, 3 * a.requests, a.path)
    per = {}
    for name in set(one) | set(three):
        d = (three.get(name, 0) - one.get(name, 0)) / (2.0 * a.requests)
        if round(d, 1) != 0:
            per[name] = d
    for name in sorted(per):
        print("%s %.1f" % (name, per[name]))
    print("total %.1f" % sum(per.values()))


if __name__ == "__main__":
    main()
