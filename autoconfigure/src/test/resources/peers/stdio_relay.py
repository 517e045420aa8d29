"""A child for the process transport's contract tests (ProcessContractTests): it turns its own stdin/stdout into
one peer connection on a unix socket, so the contract suite's unix-socket client is, byte for byte, the child.

Usage: python3 -u stdio_relay.py SOCKET_PATH

- Listens on SOCKET_PATH (owner-only: umask 077). Bytes from the connection it serves go to stdout unchanged;
  bytes from stdin go to that connection unchanged. It never parses frames.
- One child is one peer's lifetime: when the served peer ends its connection (EOF or reset), the relay removes
  the socket and exits 0, so the process endpoint sees the child's stdout end where the peer's stream ended
  (a peer killed mid-frame is a child whose stdout ends mid-frame).
- A newer connection replaces the served one (the older is closed, not ended: the relay goes on), because one
  stdout can carry only one peer's stream.
- EOF on stdin (the endpoint stopping the child) removes the socket and exits 0.
"""
import os
import socket
import sys
import threading

path = sys.argv[1]
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
                finish()
            write_all(1, data)


try:
    os.unlink(path)
except FileNotFoundError:
    pass
os.umask(0o077)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(16)
threading.Thread(target=stdin_to_peer, daemon=True).start()
while True:
    conn, _ = server.accept()
    with lock:
        old, current = current, conn
    if old is not None:
        try:
            old.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    threading.Thread(target=peer_to_stdout, args=(conn,), daemon=True).start()
