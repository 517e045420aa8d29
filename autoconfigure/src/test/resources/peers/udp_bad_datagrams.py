#!/usr/bin/env python3
"""Bad header blocks among good ones, as datagrams to an inbound udp endpoint with headers: json.

usage: udp_bad_datagrams.py HOST:PORT BAD GOOD BATCH [OVERSIZE]

A datagram is a frame body exactly as docs/wire-formats.md gives it for headers: json: u32be(len(json)) json payload.
Good ones carry {"n": "<i>"} (every tenth an empty block, length 0) and the payload "good-<i>". Bad ones, chosen at
random (seed 21) among: 0-3 bytes (no room for the length), a length beyond the datagram, a block that is not JSON,
a JSON object whose value is not a string. All are shuffled together and sent in batches of BATCH: before each batch
the peer reads a line from standard input (the test's go-ahead, so a slow receiver's buffer never overflows), after
it prints "PEER:BATCH <good so far> <bad so far>". Ends with "PEER:DONE <good> <bad>". With OVERSIZE, every fifth
bad datagram is instead OVERSIZE bytes long (the same random choices are made, so the rest stay as they were).
"""
import json
import random
import socket
import struct
import sys

from ipcframing import say

HEADER = struct.Struct(">I")


def good(i):
    block = b"" if i % 10 == 0 else json.dumps({"n": str(i)}).encode()
    return HEADER.pack(len(block)) + block + b"good-%d" % i


def bad(rnd):
    kind = rnd.randrange(4)
    if kind == 0:
        return bytes(rnd.randrange(256) for _ in range(rnd.randrange(4)))
    if kind == 1:
        body = bytes(rnd.randrange(256) for _ in range(rnd.randrange(200)))
        return HEADER.pack(len(body) + 1 + rnd.randrange(100000)) + body
    if kind == 2:
        block = b"x" + bytes(rnd.randrange(256) for _ in range(rnd.randrange(100)))
        return HEADER.pack(len(block)) + block + b"payload"
    block = json.dumps({"k%d" % rnd.randrange(1000): rnd.randrange(1000)}).encode()
    return HEADER.pack(len(block)) + block + b"payload"


def main():
    host, port = sys.argv[1].rsplit(":", 1)
    bad_count, good_count, batch = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    oversize = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    rnd = random.Random(21)
    bads = [bad(rnd) for _ in range(bad_count)]
    if oversize:
        bads = [b"o" * oversize if i % 5 == 4 else b for i, b in enumerate(bads)]
    datagrams = [(True, good(i)) for i in range(good_count)] + [(False, b) for b in bads]
    rnd.shuffle(datagrams)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sent_good = sent_bad = 0
    for start in range(0, len(datagrams), batch):
        sys.stdin.readline()
        for is_good, data in datagrams[start:start + batch]:
            s.sendto(data, (host, int(port)))
            if is_good:
                sent_good += 1
            else:
                sent_bad += 1
        say("BATCH %d %d" % (sent_good, sent_bad))
    say("DONE %d %d" % (sent_good, sent_bad))


if __name__ == "__main__":
    main()
