#!/usr/bin/env python3
"""A non-Java peer writing the frames of docs/wire-formats.md by hand, for every framing.

usage: framing_peer.py (--unix PATH | --tcp HOST:PORT) --framing F (echo | send | oversize N) PAYLOAD...

echo      send each PAYLOAD as a request and check the reply is the same bytes (raw: one connection each)
send      send each PAYLOAD one-way (raw: one connection each)
oversize  send N bytes of 'x' with no end of frame (a length header of N for length-prefix), then close
PAYLOADs are UTF-8 text; "\\r" at the end of a line-framed payload is sent as CR LF. Says "PEER:OK n".
"""
import argparse
import socket
import struct
import sys


def connect(args):
    if args.unix:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(args.unix)
    else:
        host, port = args.tcp.rsplit(":", 1)
        s = socket.create_connection((host, int(port)))
    s.settimeout(20)
    return s


def encode(framing, payload, crlf=False):
    if framing == "length-prefix":
        return struct.pack(">I", len(payload)) + payload
    if framing == "line":
        return payload + (b"\r\n" if crlf else b"\n")
    if framing == "stx-etx":
        return b"\x02" + payload + b"\x03"
    if framing == "null-terminated":
        return payload + b"\x00"
    if framing == "raw":
        return payload
    raise ValueError(framing)


class Reader:
    def __init__(self, s):
        self.s = s
        self.buf = b""

    def fill(self):
        chunk = self.s.recv(65536)
        if not chunk:
            raise EOFError("connection closed; had %r" % self.buf)
        self.buf += chunk

    def exactly(self, n):
        while len(self.buf) < n:
            self.fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def until(self, terminator):
        while terminator not in self.buf:
            self.fill()
        i = self.buf.index(terminator)
        out, self.buf = self.buf[:i], self.buf[i + 1:]
        return out

    def to_eof(self):
        while True:
            chunk = self.s.recv(65536)
            if not chunk:
                out, self.buf = self.buf, b""
                return out
            self.buf += chunk

    def frame(self, framing):
        if framing == "length-prefix":
            (n,) = struct.unpack(">I", self.exactly(4))
            return self.exactly(n)
        if framing == "line":
            return self.until(b"\n")
        if framing == "stx-etx":
            if self.exactly(1) != b"\x02":
                raise ValueError("reply does not start with STX")
            return self.until(b"\x03")
        if framing == "null-terminated":
            return self.until(b"\x00")
        if framing == "raw":
            return self.to_eof()
        raise ValueError(framing)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--unix")
    p.add_argument("--tcp")
    p.add_argument("--framing", required=True)
    p.add_argument("mode", choices=["echo", "send", "oversize"])
    p.add_argument("payloads", nargs="*")
    args = p.parse_args()
    f = args.framing
    if args.mode == "oversize":
        n = int(args.payloads[0])
        s = connect(args)
        data = b"x" * n
        s.sendall(struct.pack(">I", n) + data if f == "length-prefix" else (b"\x02" + data if f == "stx-etx" else data))
        if f == "raw":
            s.shutdown(socket.SHUT_WR)
        print("PEER:OK 1", flush=True)
        try:
            s.recv(1)  # wait for the endpoint to close on us
        except OSError:
            pass
        s.close()
        return 0
    s = None
    reader = None
    for text in args.payloads:
        crlf = text.endswith("\\r")
        payload = (text[:-2] if crlf else text).encode("utf-8")
        if s is None or f == "raw":
            s = connect(args)
            reader = Reader(s)
        s.sendall(encode(f, payload, crlf))
        if f == "raw":
            s.shutdown(socket.SHUT_WR)
        if args.mode == "echo":
            answer = reader.frame(f)
            if answer != payload:
                print("PEER:BAD-REPLY %r for %r" % (answer, payload), flush=True)
                return 1
        if f == "raw":
            s.close()
    if s is not None:
        s.close()
    print("PEER:OK %d" % len(args.payloads), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
