"""A python peer of typed remote calls, written from docs/wire-formats.md ("Remote calls"), for RemoteCallPythonTests.

  remote_peer.py call  --unix PATH | --tcp HOST:PORT [--oversize N]
      calls the Java Orders service (io.ipcstarter.remote.Orders, an empty InMemoryOrders) through every kind of
      method, then sends bad calls (each must get its documented error reply, the connection staying usable); with
      --oversize N also sends a frame of N bytes, which the service must refuse by closing that connection, and then
      calls again on a new one. Says CALLS-OK <calls>, BAD-OK <bad calls> (and OVERSIZE-OK), then exits 0.
  remote_peer.py serve --unix PATH | --tcp HOST:PORT
      serves Orders itself, as InMemoryOrders does, to Java callers; says READY, serves until stdin ends.

Each request and reply is one length-prefix frame whose payload is the JSON envelope.
"""
import json
import os
import socket
import sys
import threading

from ipcframing import connect, frame, length_header, read_frame, say


def envelope(method, params):
    return json.dumps({"v": 1, "method": method, "params": params}, separators=(",", ":")).encode("utf-8")


def check(ok, what):
    if not ok:
        raise AssertionError(what)


class Caller:

    def __init__(self, sock):
        self.sock = sock

    def raw(self, payload):
        self.sock.sendall(frame(payload))
        reply = read_frame(self.sock, strict=True)
        return reply, json.loads(reply.decode("utf-8"))

    def call(self, method, *params):
        _, reply = self.raw(envelope(method, list(params)))
        check(reply.get("v") == 1, "reply v: %r" % reply)
        if "error" in reply and reply["error"] is not None:
            return None, reply["error"]
        return reply.get("result"), None

    def ok(self, method, *params):
        result, error = self.call(method, *params)
        check(error is None, "%s failed: %r" % (method, error))
        return result


def call_mode(address, oversize):
    sock = connect(**address)
    c = Caller(sock)
    calls = 0
    placed = c.ok("place", {"id": "a1", "quantity": 3, "items": ["x", "y"], "total": 0})
    check(placed == {"id": "a1", "quantity": 3, "items": ["x", "y"], "total": 6.0}, "place: %r" % placed)
    check(c.ok("find", "a1") == placed, "find a1")
    check(c.ok("find", "nope") is None, "find nope: empty Optional is null")
    check(c.ok("all") == [placed], "all")
    check(c.ok("describe(String)", "a1") == "order a1", "describe(String)")
    # the exact bytes of docs/wire-formats.md
    reply_bytes, _ = c.raw(b'{"v":1,"method":"describe(String,int)","params":["a1",2]}')
    check(reply_bytes == b'{"v":1,"result":"order a1 at detail 2"}', "reply bytes %r" % reply_bytes)
    check(c.ok("stock", ["ab", "c"]) == {"ab": 2, "c": 1}, "stock")
    check(c.ok("count") == 1, "count")
    check(c.ok("cancel", "a1") is None, "void cancel gives null")
    _, error = c.call("cancel", "a1")
    check(error == {"code": "exception", "type": "io.ipcstarter.remote.Orders$OrderNotFoundException",
                    "message": "no order a1"}, "declared exception: %r" % (error,))
    fail_bytes, _ = c.raw(envelope("fail", ["boom"]))
    check(fail_bytes == b'{"v":1,"error":{"code":"exception","type":"java.lang.IllegalStateException",'
                        b'"message":"boom"}}', "error bytes %r" % fail_bytes)
    # keys in another order, whitespace, a key of our own: all fine
    _, reply = c.raw(b'{ "params": ["z"], "extra": true, "method": "describe(String)", "v": 1 }')
    check(reply == {"v": 1, "result": "order z"}, "reordered keys: %r" % reply)
    calls = 13
    say("CALLS-OK %d" % calls)

    bad = [
        (b'{"v":1,"method":', "bad-request"),                              # truncated JSON
        (b'\xff\xfe garbage', "bad-request"),                               # not UTF-8 JSON
        (b'[1,2,3]', "bad-request"),                                        # not an object
        (b'{"v":2,"method":"count","params":[]}', "bad-request"),           # another version
        (b'{"v":1,"params":[]}', "bad-request"),                            # no method
        (b'{"v":1,"method":"count","params":{}}', "bad-request"),           # params not an array
        (envelope("nope", []), "unknown-method"),
        (envelope("describe", ["a1"]), "unknown-method"),                   # an overload needs its full key
        (envelope("find", []), "bad-arguments"),                            # too few
        (envelope("find", ["a", "b"]), "bad-arguments"),                    # too many
        (envelope("describe(String,int)", ["a1", "two"]), "bad-arguments"), # wrong type
        (envelope("describe(String,int)", ["a1", None]), "bad-arguments"),  # null for an int
        (envelope("place", [{"id": "a", "quantity": "many", "items": [], "total": 0}]), "bad-arguments"),
        (b'{"v":1,"method":"count","params":[' + b'[' * 2000 + b']' * 2000 + b']}', "bad-request"),  # too deep
    ]
    for payload, code in bad:
        _, reply = c.raw(payload)
        error = reply.get("error") or {}
        check(error.get("code") == code and "type" not in error and error.get("message"),
              "%r answered %r, expected %s" % (payload[:60], reply, code))
        check(c.ok("count") == 0, "good call after bad %r" % payload[:60])
    say("BAD-OK %d" % len(bad))

    if oversize:
        sock.sendall(length_header(oversize) + b"{" * 1024)
        sock.settimeout(10)
        try:
            closed = sock.recv(1) == b""
        except ConnectionResetError:
            closed = True
        check(closed, "oversize: the connection must be closed without a reply")
        sock.close()
        sock = connect(**address)
        check(Caller(sock).ok("count") == 0, "a call on a new connection after oversize")
        say("OVERSIZE-OK")
    sock.close()


class OrdersService:
    """Orders as InMemoryOrders serves it."""

    def __init__(self):
        self.orders = {}
        self.lock = threading.Lock()

    def place(self, order):
        placed = dict(order, total=float(order["quantity"] * len(order["items"])))
        with self.lock:
            self.orders[order["id"]] = placed
        return placed

    def find(self, key):
        with self.lock:
            return self.orders.get(key)

    def all(self):
        with self.lock:
            return list(self.orders.values())

    def cancel(self, key):
        with self.lock:
            if self.orders.pop(key, None) is None:
                raise Remote("io.ipcstarter.remote.Orders$OrderNotFoundException", "no order " + key)
        return None

    def count(self):
        with self.lock:
            return len(self.orders)

    def describe_1(self, key):
        return "order " + key

    def describe_2(self, key, detail):
        return "order %s at detail %d" % (key, detail)

    def stock(self, items):
        return {item: len(item) for item in sorted(items)}

    def fail(self, message):
        raise Remote("java.lang.IllegalStateException", message)

    def methods(self):
        return {"place": (self.place, 1), "find": (self.find, 1), "all": (self.all, 0), "cancel": (self.cancel, 1),
                "count": (self.count, 0), "describe(String)": (self.describe_1, 1),
                "describe(String,int)": (self.describe_2, 2), "stock": (self.stock, 1), "fail": (self.fail, 1)}


class Remote(Exception):

    def __init__(self, type_name, message):
        super().__init__(message)
        self.type_name = type_name
        self.message = message


def reply(result=None, code=None, type_name=None, message=None):
    if code is None:
        body = {"v": 1, "result": result}
    else:
        error = {"code": code}
        if type_name:
            error["type"] = type_name
        error["message"] = message or ""
        body = {"v": 1, "error": error}
    return json.dumps(body, separators=(",", ":")).encode("utf-8")


def answer(service, request):
    try:
        call = json.loads(request.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as ex:
        return reply(code="bad-request", message="not JSON: %s" % ex)
    if not isinstance(call, dict) or call.get("v") != 1 or not isinstance(call.get("method"), str):
        return reply(code="bad-request", message="not a version 1 call envelope")
    params = call.get("params") or []
    method = service.methods().get(call["method"])
    if method is None:
        return reply(code="unknown-method", message="no method " + call["method"])
    function, arity = method
    if len(params) != arity:
        return reply(code="bad-arguments", message="%s takes %d parameters" % (call["method"], arity))
    try:
        return reply(result=function(*params))
    except Remote as ex:
        return reply(code="exception", type_name=ex.type_name, message=ex.message)


def serve_connection(service, conn):
    with conn:
        while True:
            request = read_frame(conn)
            if request is None:
                return
            conn.sendall(frame(answer(service, request)))


def serve_mode(address):
    service = OrdersService()
    if address.get("unix"):
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(address["unix"])
        os.chmod(address["unix"], 0o600)
        shown = address["unix"]
    else:
        host, port = address["tcp"].rsplit(":", 1)
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.bind((host, int(port)))
        shown = "%s:%d" % server.getsockname()
    server.listen(16)

    def accept():
        while True:
            conn, _ = server.accept()
            threading.Thread(target=serve_connection, args=(service, conn), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    say("READY " + shown)
    sys.stdin.read()  # serve until the test closes our input


def main(argv):
    mode = argv[1]
    address = {"unix": argv[3]} if argv[2] == "--unix" else {"tcp": argv[3]}
    if mode == "call":
        oversize = int(argv[5]) if len(argv) > 5 and argv[4] == "--oversize" else 0
        call_mode(address, oversize)
    elif mode == "serve":
        serve_mode(address)
    else:
        raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    main(sys.argv)
