#!/usr/bin/env python3
"""Client of the socket lending test: starts the server (argv[2:]), which
binds the Unix socket argv[1], and makes six connections one after the
other, reading each to end of file. A connection whose end of file does not
come (a descriptor for it left open somewhere) prints "no end of file"."""
import socket
import subprocess
import sys
import time


def connect(path):
    for _ in range(500):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except (FileNotFoundError, ConnectionRefusedError):
            s.close()
            time.sleep(0.01)
    sys.exit("client.py: cannot connect to %r" % path)


def exchange(path, msg):
    s = connect(path)
    s.settimeout(10)
    s.sendall(msg)
    data = b""
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        data += b"<no end of file>\n"
    s.close()
    sys.stdout.write("[%s] %s" % (msg.decode(), data.decode()))


def main():
    path = sys.argv[1]
    proc = subprocess.Popen(sys.argv[2:])
    for msg in [b"one", b"two", b"three", b"move", b"look", b"trap"]:
        exchange(path, msg)
    print("server exit %d" % proc.wait())


if __name__ == "__main__":
    main()
