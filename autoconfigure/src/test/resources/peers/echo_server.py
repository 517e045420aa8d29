# An echo server for an outbound-gateway: listens on a unix socket, answers each length-prefix frame with the same
# frame, one connection at a time, until killed. Prints "ready" once listening.
# With a second argument "headers", each frame body is read as a header block (headers: json) and the answer carries
# the same headers plus "served-by": "python" and "names-seen": the sorted names it received.
# With "slow", it prints "got" when a request has arrived and answers it half a second later.
import os, socket, sys, time

from ipcframing import frame, read_frame, split_headers, with_headers

path = sys.argv[1]
stamp = len(sys.argv) > 2 and sys.argv[2] == "headers"
slow = len(sys.argv) > 2 and sys.argv[2] == "slow"
if os.path.exists(path):
    os.unlink(path)
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(8)
print("ready", flush=True)

while True:
    c, _ = srv.accept()
    while True:
        body = read_frame(c)
        if body is None:
            break
        if slow:
            print("got", flush=True)
            time.sleep(0.5)
        if stamp:
            headers, payload = split_headers(body)
            headers["served-by"] = "python"
            headers["names-seen"] = ",".join(sorted(k for k in headers if k != "served-by"))
            body = with_headers(headers, payload)
        c.sendall(frame(body))
    c.close()
