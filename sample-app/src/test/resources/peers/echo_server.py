#!/usr/bin/env python3
"""A non-Java echo server for the sample app's outbound gateways, using the documented length-prefix framing
(docs/wire-formats.md): each frame is a 4-byte big-endian unsigned length, then that many payload bytes.

usage: echo_server.py SOCKET

Listens on the unix socket SOCKET, answers every frame with the same bytes, one thread per connection. Says
"PEER:LISTENING" once it accepts connections and "PEER:GOT <text>" for every request (UTF-8, undecodable bytes
replaced); runs until killed.
"""
import os
import socketserver
import struct
import sys


def read_exactly(f, n):
    data = f.read(n)
    if len(data) < n:
        raise EOFError
    return data


class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        try:
            while True:
                (length,) = struct.unpack(">I", read_exactly(self.rfile, 4))
                payload = read_exactly(self.rfile, length)
                print("PEER:GOT " + payload.decode("utf-8", "replace"), flush=True)
                self.wfile.write(struct.pack(">I", length) + payload)
                self.wfile.flush()
        except EOFError:
            pass


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    path = sys.argv[1]
    if os.path.exists(path):
        os.unlink(path)
    with Server(path, Echo) as server:
        print("PEER:LISTENING", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
