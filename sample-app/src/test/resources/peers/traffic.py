# Traffic for the sample app from another process, over its unix sockets (length-prefix framing).
#   traffic.py events SOCKET N     N one-way messages, then one truncated frame (a decode error)
#   traffic.py echo SOCKET N       N requests to the echo gateway, each checked against its reply
#   traffic.py restart SOCKET      requests "0", "1", ... to the echo gateway until it has seen the server go away
#                                  and come back and 50 more were answered; reconnects while the socket is gone and
#                                  re-sends a request that got no reply. Prints "reconnects=R last=L".
import socket, sys, time

from ipcframing import frame, length_header, read_frame

mode, path = sys.argv[1], sys.argv[2]

def connect(deadline):
    while True:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)  # back-off of this peer while the endpoint is stopped

def request(s, body):
    s.sendall(frame(body))
    reply = read_frame(s)
    if reply is None:
        raise ConnectionError("closed")
    return reply

if mode == "events":
    s = connect(time.monotonic() + 10)
    for k in range(int(sys.argv[3])):
        m = b"event%d" % k
        s.sendall(frame(m))
    s.sendall(length_header(100) + b"trunc")
    s.shutdown(socket.SHUT_WR)
    s.recv(1)
elif mode == "echo":
    s = connect(time.monotonic() + 10)
    for k in range(int(sys.argv[3])):
        body = b"ping%d" % k
        assert request(s, body) == body
elif mode == "restart":
    s = connect(time.monotonic() + 10)
    seq, reconnects, after = 0, 0, 0
    while reconnects == 0 or after < 50:
        body = str(seq).encode()
        try:
            reply = request(s, body)
        except OSError:
            s.close()
            reconnects += 1
            s = connect(time.monotonic() + 60)
            continue  # the same seq again: it got no reply
        assert reply == body, (reply, body)
        seq += 1
        if reconnects:
            after += 1
    print("reconnects=%d last=%d" % (reconnects, seq - 1))
s.close()
print("done")
