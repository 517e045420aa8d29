"""The wire formats of docs/wire-formats.md on the python side, written once for every python peer of the tests.

Peers import it (`from ipcframing import frame`): a script run by path from this folder finds it beside itself, and
inline code (`python3 -c`) finds it through PYTHONPATH, which PeerProcess (io.ipcstarter.testsupport) sets to this
folder. sample-app's peers have a symbolic link to this file beside them, so they too run as they are, from the
tests or by hand as the sample's README shows.

  frame(payload)                 a length-prefix frame: u32be(len(payload)) payload
  length_header(n)               just the u32be header, for frames that lie about their length
  encode(framing, payload)       a frame of any framing (length-prefix, line, stx-etx, null-terminated, raw)
  with_headers(headers, payload) a body with a header block (headers: json): u32be(len(json)) json payload
  read_exactly(sock, n)          n bytes, or None when the peer closed first (EOFError with strict=True)
  read_fd(fd, n)                 n bytes from a pipe's file descriptor, or None at its end or after 60 s of silence
  BAD_HEADERS                    four length-prefix frames whose header block is malformed (headers: json)
  read_frame(sock)               one length-prefix frame's payload, or None at a clean end
  Reader(sock).frame(framing)    one frame of any framing, buffered
  connect(unix=..., tcp=...)     a stream socket to a unix socket path or "HOST:PORT"
  say(line)                      a "PEER:" line for the test (PeerProcess.await), flushed
"""
import json
import os
import select
import socket
import struct

HEADER = struct.Struct(">I")


def say(line):
    print("PEER:" + line, flush=True)


def connect(unix=None, tcp=None, timeout=20):
    """A connected stream socket: to the unix socket at path `unix`, or to `tcp` given as "HOST:PORT"."""
    if unix:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(unix)
    else:
        host, port = tcp.rsplit(":", 1)
        s = socket.create_connection((host, int(port)))
    s.settimeout(timeout)
    return s


def length_header(n):
    return HEADER.pack(n)


def frame(payload):
    return HEADER.pack(len(payload)) + payload


def encode(framing, payload, crlf=False):
    if framing == "length-prefix":
        return frame(payload)
    if framing == "line":
        return payload + (b"\r\n" if crlf else b"\n")
    if framing == "stx-etx":
        return b"\x02" + payload + b"\x03"
    if framing == "null-terminated":
        return payload + b"\x00"
    if framing == "raw":
        return payload
    raise ValueError(framing)


def with_headers(headers, payload):
    """A frame body with a header block (headers: json); no headers is an empty block (length 0)."""
    block = json.dumps(headers).encode("utf-8") if headers else b""
    return HEADER.pack(len(block)) + block + payload


def split_headers(body):
    """The headers (a dict) and the payload of a frame body with a header block."""
    (n,) = HEADER.unpack(body[:4])
    return (json.loads(body[4:4 + n]) if n else {}), body[4 + n:]


def read_exactly(sock, n, strict=False):
    """n bytes from sock; None when the peer ends the stream first, or EOFError when strict."""
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            if strict:
                raise EOFError("connection closed after %d of %d bytes" % (len(data), n))
            return None
        data += chunk
    return data


def read_frame(sock, strict=False):
    """The payload of the next length-prefix frame; None at the end of the stream (EOFError when strict)."""
    head = read_exactly(sock, 4, strict)
    if head is None:
        return None
    return read_exactly(sock, HEADER.unpack(head)[0], strict)


class Reader:
    """Reads frames of any framing from a socket, keeping what it read past the end of a frame."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed; had %r" % self.buf)
        self.buf += chunk

    def exactly(self, n):
        while len(self.buf) < n:
            self.fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def until(self, terminator):
        while terminator not in self.buf:
            self.fill()
        i = self.buf.index(terminator)
        out, self.buf = self.buf[:i], self.buf[i + 1:]
        return out

    def to_eof(self):
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                out, self.buf = self.buf, b""
                return out
            self.buf += chunk

    def frame(self, framing):
        if framing == "length-prefix":
            (n,) = HEADER.unpack(self.exactly(4))
            return self.exactly(n)
        if framing == "line":
            return self.until(b"\n")
        if framing == "stx-etx":
            if self.exactly(1) != b"\x02":
                raise ValueError("reply does not start with STX")
            return self.until(b"\x03")
        if framing == "null-terminated":
            return self.until(b"\x00")
        if framing == "raw":
            return self.to_eof()
        raise ValueError(framing)



def read_fd(fd, n, timeout=60):
    """n bytes from the file descriptor fd (a pipe); None when it ends first or stays silent for timeout seconds."""
    data = b""
    while len(data) < n:
        if not select.select([fd], [], [], timeout)[0]:
            return None
        chunk = os.read(fd, n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


# Header blocks a peer with headers: json must refuse (decode): too short for its length, a length beyond the
# frame, a block that is not JSON, a value that is not a string.
BAD_HEADERS = [frame(b"\x00\x01"), frame(b"\x00\x00\x03\xe8{}"), frame(b"\x00\x00\x00\x03xyzpayload"),
               frame(with_headers({"k": 1}, b"payload"))]
