# A TLS peer of a tcp endpoint with tcp.ssl.bundle, written from docs/wire-formats.md ("TLS on tcp"): the length-prefix
# frames of the plain tcp transport, inside a TLS connection made with python's ssl module.
#
#   tls_peer.py client HOST:PORT CA_FILE [CERT_FILE KEY_FILE] MESSAGE...
#       connects (verifying the endpoint's certificate and host name against CA_FILE, presenting CERT/KEY when
#       given), sends each MESSAGE as a frame and prints "PEER:reply <text>" for each answer (an inbound-gateway),
#       or "PEER:refused <reason>" when the handshake or the first read fails.
#   tls_peer.py server CERT_FILE KEY_FILE [CA_FILE]
#       listens on 127.0.0.1 (any free port, printed as "PEER:port N"), requires a client certificate trusted by
#       CA_FILE when given, and answers each frame with its text in upper case plus " from <client CN>", one
#       connection after another, until killed.
import socket
import ssl
import sys

from ipcframing import frame, read_frame, say


def client(address, ca, rest):
    cert = key = None
    if len(rest) >= 2 and rest[0].endswith(".crt") and rest[1].endswith(".key"):
        cert, key, rest = rest[0], rest[1], rest[2:]
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=ca)  # verifies chain and host name
    if cert:
        context.load_cert_chain(cert, key)
    host, port = address.rsplit(":", 1)
    try:
        raw = socket.create_connection((host, int(port)), timeout=10)
        s = context.wrap_socket(raw, server_hostname=host)
        for message in rest:
            s.sendall(frame(message.encode()))
            reply = read_frame(s)
            if reply is None:
                say("refused closed")
                return
            say("reply " + reply.decode())
        s.close()
    except (ssl.SSLError, OSError) as e:
        say("refused " + type(e).__name__ + " " + str(e).replace("\n", " "))


def server(cert, key, ca):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    if ca:
        context.load_verify_locations(cafile=ca)
        context.verify_mode = ssl.CERT_REQUIRED
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    say("port %d" % listener.getsockname()[1])
    while True:
        raw, _ = listener.accept()
        try:
            s = context.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError) as e:
            say("rejected " + type(e).__name__)
            raw.close()
            continue
        peer = s.getpeercert()
        cn = dict(x[0] for x in peer["subject"])["commonName"] if peer else "anonymous"
        try:
            while True:
                body = read_frame(s)
                if body is None:
                    break
                s.sendall(frame(body.decode().upper().encode() + b" from " + cn.encode()))
        except (ssl.SSLError, OSError):
            pass
        s.close()


if sys.argv[1] == "client":
    client(sys.argv[2], sys.argv[3], sys.argv[4:])
else:
    server(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
