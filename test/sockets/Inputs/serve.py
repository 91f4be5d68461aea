#!/usr/bin/env python3
"""Starts a compiled server and plays a client scenario against it.

  serve.py --unix PATH SCENARIO [ARG] -- SERVER ARGS...
      the server binds PATH itself (listen:unix:PATH); wait for it, connect.
  serve.py --tcp HOST:PORT SCENARIO [ARG] -- SERVER ARGS...
      the same for a server bound to a TCP address ([ADDR]:PORT for IPv6).
  serve.py --inherit SCENARIO [ARG] -- SERVER ARGS...
      bind 127.0.0.1:0 here and exec the server with it as descriptor 3,
      LISTEN_FDS=1 and LISTEN_PID set as systemd socket activation does, so
      no test ever races another for a port.

The server's stdout goes to --out FILE; the client's lines to stdout, then
"server exit N" (or "server killed by SIGNAL").
"""
import argparse
import os
import resource
import signal
import socket
import struct
import subprocess
import sys
import time


def connect(addr):
    if isinstance(addr, str):
        fam = socket.AF_UNIX
    else:
        fam = socket.AF_INET6 if ":" in addr[0] else socket.AF_INET
    for _ in range(500):
        s = socket.socket(fam, socket.SOCK_STREAM)
        try:
            s.connect(addr)
            return s
        except (FileNotFoundError, ConnectionRefusedError):
            s.close()
            time.sleep(0.01)
    sys.exit("serve.py: cannot connect to %r" % (addr,))


def recv_all(s):
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            return data
        data += chunk


def echo(addr, arg):
    # 1: two halves that MSG_WAITALL must wait for, the echo, the guest's
    # shutdown seen as EOF, then a last message.
    s = connect(addr)
    s.sendall(b"hello")
    time.sleep(0.3)
    s.sendall(b"12345")
    print("client got %r" % recv_all(s))
    s.sendall(b"bye")
    s.close()
    # 2: one byte, then a reset (SO_LINGER 0).
    s = connect(addr)
    s.sendall(b"a")
    time.sleep(0.3)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    # 3: connect and close at once.
    s = connect(addr)
    s.close()
    print("client done")


def many(addr, arg):
    # arg connections open at once; each sends its number, reads the echo.
    n = int(arg)
    socks = [connect(addr) for _ in range(n)]
    for i, s in enumerate(socks):
        s.sendall(b"%d\n" % i)
    ok = 0
    for i, s in enumerate(socks):
        want = b"%d\n" % i
        got = b""
        while len(got) < len(want):
            chunk = s.recv(64)
            if not chunk:
                break
            got += chunk
        ok += got == want
    for s in socks:
        s.close()
    print("client: %d of %d echoed" % (ok, n))


def bench(addr, arg):
    # arg idle connections for the guest to poll over; once it has timed
    # its loop it says so, and one byte wakes its blocking poll.
    n = int(arg)
    socks = [connect(addr) for _ in range(n)]
    socks[0].recv(1)
    socks[0].sendall(b"x")
    recv_all(socks[0])
    for s in socks:
        s.close()


SCENARIOS = {"echo": echo, "many": many, "bench": bench}


def main():
    argv = sys.argv[1:]
    sep = argv.index("--")
    p = argparse.ArgumentParser()
    p.add_argument("--unix")
    p.add_argument("--inherit", action="store_true")
    p.add_argument("--tcp", help="HOST:PORT the server binds itself")
    p.add_argument("--out", required=True)
    p.add_argument("scenario", choices=SCENARIOS)
    p.add_argument("arg", nargs="?")
    a = p.parse_args(argv[:sep])
    cmd = argv[sep + 1:]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, 8192)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    out = open(a.out, "wb")
    if a.inherit:
        ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        ls.bind(("127.0.0.1", 0))
        ls.listen(1024)
        addr = ls.getsockname()
        pid = os.fork()
        if pid == 0:
            # Python ignores SIGPIPE and exec keeps that: give the server
            # the default, which would kill it on a write to a gone peer.
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            os.dup2(out.fileno(), 1)
            os.dup2(ls.fileno(), 3)  # inheritable, as dup2 makes it
            env = dict(os.environ, LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
            os.execve(cmd[0], cmd, env)
        ls.close()
    else:
        if a.tcp:
            host, port = a.tcp.rsplit(":", 1)
            addr = (host.strip("[]"), int(port))
        else:
            addr = a.unix
        proc = subprocess.Popen(cmd, stdout=out)
        pid = proc.pid
    SCENARIOS[a.scenario](addr, a.arg)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        print("server killed by %s" % signal.Signals(os.WTERMSIG(status)).name)
    else:
        print("server exit %d" % os.WEXITSTATUS(status))


def free_port(host):
    """A port free on host now (the small race until the server binds it is
    accepted: only the address-parsing test uses it)."""
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(fam, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--free-port"]:
        print(free_port(sys.argv[2]))
        sys.exit(0)
    main()
