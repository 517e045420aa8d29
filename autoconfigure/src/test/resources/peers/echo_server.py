# An echo server for an outbound-gateway: listens on a unix socket, answers each length-prefix frame with the same
# frame, one connection at a time, until killed. Prints "ready" once listening.
import os, socket, struct, sys

path = sys.argv[1]
if os.path.exists(path):
    os.unlink(path)
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(8)
print("ready", flush=True)

def read_exact(c, n):
    buf = b""
    while len(buf) < n:
        chunk = c.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf

while True:
    c, _ = srv.accept()
    while True:
        head = read_exact(c, 4)
        if head is None:
            break
        body = read_exact(c, struct.unpack(">I", head)[0])
        if body is None:
            break
        c.sendall(head + body)
    c.close()
