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
import sys

from ipcframing import Reader, connect, encode, length_header


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
        s = connect(args.unix, args.tcp)
        data = b"x" * n
        s.sendall(length_header(n) + data if f == "length-prefix" else (b"\x02" + data if f == "stx-etx" else data))
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
            s = connect(args.unix, args.tcp)
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
