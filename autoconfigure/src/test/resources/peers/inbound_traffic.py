# A peer that sends to an inbound unix-socket endpoint with length-prefix framing:
#   good N      N messages "msg0".."msgN-1" on one connection
#   oversize    a header announcing 10 MB (over max-message-size), then closes
#   truncated   a header announcing 10 bytes, 3 bytes, then closes (decode error)
# Usage: inbound_traffic.py SOCKET STEP [STEP ...], e.g. inbound_traffic.py /tmp/x.sock good 5 oversize good 3
import socket, sys

from ipcframing import frame, length_header

path, steps = sys.argv[1], sys.argv[2:]

def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s

i = 0
while i < len(steps):
    step = steps[i]
    s = connect()
    if step == "good":
        n = int(steps[i + 1]); i += 1
        for k in range(n):
            m = b"msg%d" % k
            s.sendall(frame(m))
        s.shutdown(socket.SHUT_WR)
        s.recv(1)  # wait until the server has read everything and closed
    elif step == "oversize":
        s.sendall(length_header(10 * 1024 * 1024))
        s.recv(1)  # the server closes the connection
    elif step == "truncated":
        s.sendall(length_header(10) + b"abc")
        s.shutdown(socket.SHUT_WR)
        s.recv(1)
    s.close()
    i += 1
print("done")
