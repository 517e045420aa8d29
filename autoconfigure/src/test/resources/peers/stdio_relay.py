"""A child for the process transport's contract tests (ProcessContractTests): it turns its own stdin/stdout into
one peer connection on a unix socket, so the contract suite's unix-socket client is, byte for byte, the child.

Usage: python3 -u stdio_relay.py SOCKET_PATH            (listen: the child is a server's peer)
       python3 -u stdio_relay.py --connect SOCKET_PATH  (connect: the child is a client; ProcessClientContractTests)

- Listens on SOCKET_PATH (owner-only: umask 077). Bytes from the connection it serves go to stdout unchanged;
  bytes from stdin go to that connection unchanged. It never parses frames.
- One child is one peer's lifetime: when the served peer ends its connection (EOF or reset) and no other client
  is already waiting, the relay removes the socket and exits 0, so the process endpoint sees the child's stdout end where the peer's stream ended
  (a peer killed mid-frame is a child whose stdout ends mid-frame).
- A newer connection replaces the served one (the older is closed, not ended: the relay goes on), because one
  stdout can carry only one peer's stream.
- EOF on stdin (the endpoint stopping the child) removes the socket and exits 0.

With --connect it connects once to SOCKET_PATH (exit 1 if it cannot) and copies stdin to the socket and the socket
to stdout, unparsed. EOF on stdin ends its writing side (the server sees the peer leave); when the server ends the
connection it exits 0, so the process endpoint sees its child's stdout end where the server's stream ended.
"""
import os
import select
import socket
import sys
import threading

connect = sys.argv[1] == "--connect"
path = sys.argv[-1]
lock = threading.Lock()
current = None


def finish():
    try:
        os.unlink(path)
    except OSError:
        pass
    os._exit(0)


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def stdin_to_peer():
    while True:
        data = os.read(0, 65536)
        if not data:
            finish()
        conn = current
        if conn is not None:
            try:
                conn.sendall(data)
            except OSError:
                pass  # that peer left; its reader thread ends the relay


def peer_to_stdout(conn):
    global current
    while True:
        try:
            data = conn.recv(65536)
        except OSError:
            data = b""
        with lock:
            if current is not conn:  # replaced by a newer connection: not the end of the stream
                conn.close()
                return
            if not data:
                end_of_peer()
                return
            write_all(1, data)


def listener():
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(path)
    sock.listen(16)
    return sock


def end_of_peer():
    """The served peer ended its connection (called holding the lock): that ends the stream, unless a client has
    already connected while it was leaving (e.g. a caller reconnecting after its reply-timeout): then that client
    is simply the next peer and is served by this same child."""
    global server, current
    try:
        os.unlink(path)  # from now on a connecting client finds no socket and retries
    except OSError:
        pass
    if not select.select([server], [], [], 0)[0]:
        os._exit(0)
    current = None
    server = listener()  # the accept loop takes the waiting client from the old socket, then uses this one


def relay_as_client():
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
    except OSError as e:
        sys.stderr.write("cannot connect to %s: %s\n" % (path, e))
        os._exit(1)

    def stdin_to_server():
        while True:
            data = os.read(0, 65536)
            if not data:
                conn.shutdown(socket.SHUT_WR)
                return
            try:
                conn.sendall(data)
            except OSError:
                return  # the server left; the reading side ends the relay

    threading.Thread(target=stdin_to_server, daemon=True).start()
    while True:
        try:
            data = conn.recv(65536)
        except OSError:
            data = b""
        if not data:
            os._exit(0)
        write_all(1, data)


if connect:
    relay_as_client()

try:
    os.unlink(path)
except FileNotFoundError:
    pass
os.umask(0o077)
server = listener()
threading.Thread(target=stdin_to_peer, daemon=True).start()
while True:
    conn, _ = server.accept()  # "server" may be replaced meanwhile (end_of_peer)
    with lock:
        old, current = current, conn
    if old is not None:
        try:
            old.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    threading.Thread(target=peer_to_stdout, args=(conn,), daemon=True).start()
