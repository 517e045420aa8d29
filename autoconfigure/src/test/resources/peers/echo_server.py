# An echo server for an outbound-gateway: listens on a unix socket, answers each length-prefix frame with the same
# frame, one connection at a time, until killed. Prints "ready" once listening.
# With a second argument "headers", each frame body is read as a header block (headers: json) and the answer carries
# the same headers plus "served-by": "python" and "names-seen": the sorted names it received.
# With "slow", it prints "got" when a request has arrived and answers it half a second later.
import json, os, socket, struct, sys, time

path = sys.argv[1]
stamp = len(sys.argv) > 2 and sys.argv[2] == "headers"
slow = len(sys.argv) > 2 and sys.argv[2] == "slow"
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
        if slow:
            print("got", flush=True)
            time.sleep(0.5)
        if stamp:
            h = struct.unpack(">I", body[:4])[0]
            headers = json.loads(body[4:4 + h]) if h else {}
            headers["served-by"] = "python"
            headers["names-seen"] = ",".join(sorted(k for k in headers if k != "served-by"))
            block = json.dumps(headers).encode("utf-8")
            body = struct.pack(">I", len(block)) + block + body[4 + h:]
            head = struct.pack(">I", len(body))
        c.sendall(head + body)
    c.close()
