#!/usr/bin/env python3
"""A plain UDP peer for the udp transport's broadcast and multicast tests. Its tests run it only inside a private
network namespace that has nothing but loopback, so nothing it sends can leave the host.

usage: udp_group_peer.py MODE ...

  send-group GROUP PORT N     sends N datagrams "m0".."m<N-1>" to GROUP:PORT from interface lo (127.0.0.1) with
                              ttl 0, prints "PEER:SENT N"
  receive-group GROUP PORT N  joins GROUP on lo, bound to GROUP:PORT (shared: SO_REUSEADDR), prints "PEER:READY";
                              receives until N datagrams came or none for 5 s, prints "PEER:GOT <count> <distinct>"
  broadcast ADDR PORT N       sends N datagrams "b0".."b<N-1>" to ADDR:PORT with SO_BROADCAST (any address: a unicast
                              one too), prints "PEER:SENT N"
  receive ADDR PORT N         bound to ADDR:PORT, prints "PEER:READY"; receives as receive-group does
"""
import socket
import sys

from ipcframing import say

LOOPBACK = "127.0.0.1"


def receive(sock, n):
    say("READY")
    sock.settimeout(5)
    got = []
    try:
        while len(got) < n:
            data, _ = sock.recvfrom(65535)
            got.append(data)
    except socket.timeout:
        pass
    say("GOT %d %d" % (len(got), len(set(got))))


def main():
    mode, address, port, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if mode == "send-group":
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(LOOPBACK))
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 0)
        sock.bind((LOOPBACK, 0))
        for i in range(n):
            sock.sendto(b"m%d" % i, (address, port))
        say("SENT %d" % n)
    elif mode == "receive-group":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, port))
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                        socket.inet_aton(address) + socket.inet_aton(LOOPBACK))
        receive(sock, n)
    elif mode == "broadcast":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        sock.bind((LOOPBACK, 0))
        for i in range(n):
            sock.sendto(b"b%d" % i, (address, port))
        say("SENT %d" % n)
    elif mode == "receive":
        sock.bind((address, port))
        receive(sock, n)
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
