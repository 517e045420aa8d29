# A non-Java peer writing frames with a header block (headers: json) to an inbound unix-socket endpoint,
# length-prefix framing, exactly as docs/wire-formats.md describes:
#   frame = u32be(len(body)) body;  body = u32be(len(json)) json payload
# Sends: a good message with headers, a body whose header block is malformed, a body whose header length
# exceeds the body, then a good message without headers (H = 0). All on one connection.
import socket
import sys

from ipcframing import connect, frame, length_header, with_headers

s = connect(unix=sys.argv[1])
s.sendall(frame(with_headers({"tenant": "acme", "note": "caf\u00e9 \"quoted\"", "ipc_peerUid": "0"}, b"first")))
s.sendall(frame(length_header(5) + b"{oops" + b"bad"))
s.sendall(frame(length_header(1000) + b"{}"))
s.sendall(frame(with_headers({}, b"last")))
s.shutdown(socket.SHUT_WR)
s.recv(1)
s.close()
print("done")
