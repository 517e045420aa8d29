#!/usr/bin/env python3
"""A plain UDP peer for the udp transport's tests, written from docs/wire-formats.md: a datagram is the message.

usage: udp_peer.py MODE ...

  send HOST:PORT MSG...       sends each MSG as one datagram, prints "PEER:SENT N"
  request HOST:PORT MSG       sends MSG, prints "PEER:REPLY <reply>" for the datagram that comes back (5 s at most)
  echo                        binds 127.0.0.1 on a free port, prints "PEER:READY PORT"; answers each datagram with
                              "re:" + it, to where it came from
  silent                      like echo, but never answers; prints "PEER:GOT <msg>" for each datagram
  spoof                       like echo, but first sends "spoofed" to the requester from another socket
  late SECONDS                like echo, but the answer to "slow" goes SECONDS late (others at once); prints
                              "PEER:LATE-SENT" once it went
  sizes HOST:PORT N...        sends one datagram of N bytes "x" for each N, prints "PEER:SENT"
  flood HOST:PORT COUNT SIZE  sends COUNT datagrams of SIZE bytes as fast as it can, prints "PEER:SENT COUNT"
Runs until killed (the server modes) or until done.
"""
import socket
import sys
import threading

from ipcframing import say


def address(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


def serve(answer):
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind(("127.0.0.1", 0))
    say("READY %d" % srv.getsockname()[1])
    while True:
        data, source = srv.recvfrom(65535)
        answer(srv, data, source)


def main():
    mode = sys.argv[1]
    if mode == "send":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for msg in sys.argv[3:]:
            s.sendto(msg.encode(), address(sys.argv[2]))
        say("SENT %d" % len(sys.argv[3:]))
    elif mode == "sizes":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for n in sys.argv[3:]:
            s.sendto(b"x" * int(n), address(sys.argv[2]))
        say("SENT")
    elif mode == "flood":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        count, payload = int(sys.argv[3]), b"f" * int(sys.argv[4])
        for _ in range(count):
            s.sendto(payload, address(sys.argv[2]))
        say("SENT %d" % count)
    elif mode == "request":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(5)
        s.sendto(sys.argv[3].encode(), address(sys.argv[2]))
        data, source = s.recvfrom(65535)
        say("REPLY " + data.decode())
    elif mode == "echo":
        serve(lambda srv, data, source: srv.sendto(b"re:" + data, source))
    elif mode == "silent":
        serve(lambda srv, data, source: say("GOT " + data.decode()))
    elif mode == "spoof":
        other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

        def answer(srv, data, source):
            other.sendto(b"spoofed", source)
            srv.sendto(b"re:" + data, source)
        serve(answer)
    elif mode == "late":
        delay = float(sys.argv[2])

        def answer(srv, data, source):
            if data == b"slow":
                def later():
                    srv.sendto(b"re:slow", source)
                    say("LATE-SENT")
                threading.Timer(delay, later).start()
            else:
                srv.sendto(b"re:" + data, source)
        serve(answer)
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
