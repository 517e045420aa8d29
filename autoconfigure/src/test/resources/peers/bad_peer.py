#!/usr/bin/env python3
"""A non-Java peer for the IPC endpoints' bad-input tests, speaking (or breaking) length-prefix framing.

usage: bad_peer.py (--unix PATH | --tcp HOST:PORT) [--replies] [--before N] [--after N] MODE [COUNT]

With --before N, N good frames go first on a connection of their own, and the peer waits for a line on its standard
input (the test saw them arrive) before the bad part; with --after N, once the bad part is done the peer waits for
a line on its standard input (the test saw the error) and then sends N good frames on a new connection. Each good part says "GOOD-OK n".

MODE
  good N       send N frames "py-0".."py-N-1"; with --replies read each echo back and check it
  garbage      bytes that are no frame (a negative length header, then junk), then close
  http         an HTTP request line: its first 4 bytes read as a length far over max-message-size
  int-max      a length header of 2^31-1 and a few bytes, then close
  truncated    a header announcing 100 bytes, 10 bytes, then close
  mid-frame    a header announcing 1000 bytes, 500 bytes, then wait to be killed (SIGKILL) mid-frame

Lines for the test start with "PEER:".
"""
import argparse
import sys
import time

from ipcframing import connect, frame, length_header, read_frame, say


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--unix")
    p.add_argument("--tcp")
    p.add_argument("--replies", action="store_true", help="the endpoint is a gateway: read and check the echoes")
    p.add_argument("--before", type=int, default=0)
    p.add_argument("--after", type=int, default=0)
    p.add_argument("mode")
    p.add_argument("count", nargs="?", type=int, default=1)
    args = p.parse_args()
    if args.before:
        if good(args, args.before):
            return 1
        sys.stdin.readline()
    if args.mode == "good":
        return good(args, args.count)
    s = connect(args.unix, args.tcp)
    if args.mode == "garbage":
        s.sendall(b"\xff\xfe\xfd\xfc this is not a frame \x00\x01\x02")
        say("SENT")
    elif args.mode == "http":
        s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        say("SENT")
    elif args.mode == "int-max":
        s.sendall(length_header(2**31 - 1) + b"abc")
        say("SENT")
    elif args.mode == "truncated":
        s.sendall(length_header(100) + b"0123456789")
        say("SENT")
    elif args.mode == "mid-frame":
        s.sendall(length_header(1000) + b"x" * 500)
        say("MID-FRAME")
        time.sleep(600)  # the test kills us here
    else:
        say("UNKNOWN-MODE " + args.mode)
        return 2
    s.close()
    if args.after:
        sys.stdin.readline()
        return good(args, args.after)
    return 0


def good(args, count):
    """Send count good frames on a new connection; 0 when all went (and came back) well."""
    s = connect(args.unix, args.tcp)
    for i in range(count):
        payload = ("py-%d" % i).encode()
        s.sendall(frame(payload))
        if args.replies:
            answer = read_frame(s, strict=True)
            if answer != payload:
                say("BAD-REPLY %r for %r" % (answer, payload))
                return 1
    s.close()
    say("GOOD-OK %d" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
