#!/usr/bin/env python3
"""A non-Java client of the sample app, using the documented length-prefix framing (docs/wire-formats.md):
each frame is a 4-byte big-endian unsigned length, then that many payload bytes.

usage: echo_client.py (--unix PATH | --tcp HOST:PORT) echo CONNECTIONS ROUNDS
       echo_client.py (--unix PATH | --tcp HOST:PORT) send COUNT

echo: CONNECTIONS threads, each on its own connection, send ROUNDS requests of varied sizes (empty, binary,
      64 KiB...) and check every reply is their own request; says "PEER:ECHO-OK n" (n replies checked).
send: COUNT one-way frames on one connection; says "PEER:SENT n".
"""
import argparse
import os
import sys
import threading

from ipcframing import connect, frame, read_frame


def request(s, payload):
    s.sendall(frame(payload))
    return read_frame(s, strict=True)


def payloads(conn, rounds):
    fixed = [b"", bytes(range(256)), os.urandom(64 * 1024), "h\u00e9llo \u2603".encode("utf-8")]
    for i in range(rounds):
        yield fixed[i] if i < len(fixed) else ("c%d-r%d" % (conn, i)).encode()


def echo(args, conn, results):
    try:
        s = connect(args.unix, args.tcp)
        n = 0
        for payload in payloads(conn, args.b):
            answer = request(s, payload)
            if answer != payload:
                raise AssertionError("connection %d: sent %r..., got %r..." % (conn, payload[:20], answer[:20]))
            n += 1
        s.close()
        results.append(n)
    except Exception as ex:  # reported to the test through the output
        results.append(ex)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--unix")
    p.add_argument("--tcp")
    p.add_argument("mode", choices=["echo", "send"])
    p.add_argument("a", type=int)
    p.add_argument("b", type=int, nargs="?", default=0)
    args = p.parse_args()
    if args.mode == "send":
        s = connect(args.unix, args.tcp)
        for i in range(args.a):
            payload = ("event-%d" % i).encode()
            s.sendall(frame(payload))
        s.close()
        print("PEER:SENT %d" % args.a, flush=True)
        return 0
    results = []
    threads = [threading.Thread(target=echo, args=(args, c, results)) for c in range(args.a)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failures = [r for r in results if isinstance(r, Exception)]
    if failures:
        print("PEER:FAILED %s" % failures[0], flush=True)
        return 1
    print("PEER:ECHO-OK %d" % sum(results), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
