#!/usr/bin/env python3
"""A length-prefix server that drops connections while its client idles, for the vanished-peer tests.

usage: dropping_server.py (--unix PATH | --tcp HOST:PORT) [--drop N]

Prints "PEER:READY ADDRESS" once listening (for --tcp with port 0, ADDRESS has the real port). For every frame it
prints "PEER:GOT N PAYLOAD" (N counts connections from 1) and reads a line on its standard input saying what to do
with that connection before reading on:
  keep        read the next frame on it
  close       close it, then print "PEER:CLOSED N"
  shut-read   shutdown(SHUT_RD), keep it open and never read it again, then print "PEER:SHUT N"
After close or shut-read it accepts the next connection. Runs until killed.
With --drop N it first closes each of the next N connections as soon as it accepted them, unread, and prints
"PEER:DROPPED K" (K counts them from 1): a listener that takes connections and dies under them.
"""
import argparse
import os
import socket
import sys

from ipcframing import read_frame, say


def main():
    parser = argparse.ArgumentParser()
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--unix")
    where.add_argument("--tcp")
    parser.add_argument("--drop", type=int, default=0)
    args = parser.parse_args()
    if args.unix:
        if os.path.exists(args.unix):
            os.unlink(args.unix)
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        srv.bind(args.unix)
        address = args.unix
    else:
        host, port = args.tcp.rsplit(":", 1)
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.bind((host, int(port)))
        address = "%s:%d" % srv.getsockname()
    srv.listen(8)
    say("READY " + address)
    held = []  # shut-read connections stay open, unread
    n = 0
    for k in range(1, args.drop + 1):
        c, _ = srv.accept()
        c.close()
        say("DROPPED %d" % k)
    while True:
        c, _ = srv.accept()
        n += 1
        while True:
            body = read_frame(c)
            if body is None:  # the client closed this connection
                c.close()
                break
            say("GOT %d %s" % (n, body.decode("utf-8")))
            what = sys.stdin.readline().strip()
            if what == "keep":
                continue
            if what == "close":
                c.close()
                say("CLOSED %d" % n)
            elif what == "shut-read":
                c.shutdown(socket.SHUT_RD)
                held.append(c)
                say("SHUT %d" % n)
            else:
                sys.exit("unknown command '%s'" % what)
            break


main()
