# A writer from elsewhere that names its files as it likes: first a few files with odd names, then COUNT good ones.
# usage: odd_names_writer.py MODE DIR COUNT ODD_NAME...
#   MODE maildir: each file written in DIR/tmp/ and renamed into DIR/new/ (docs/wire-formats.md, "Writing a message")
#   MODE legacy:  each file written as a hidden DIR/.NAME.part and renamed to DIR/NAME (ready-when: rename)
# An odd file's content is its name as UTF-8 (surrogate escapes for undecodable bytes); good ones are "good-I".
# Prints "SENT name" per file (the name's repr for odd ones), then "DONE".
import os, socket, sys, time

mode, directory, count, odd_names = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
if mode == "maildir":
    for sub in ("tmp", "new"):
        os.makedirs(os.path.join(directory, sub), mode=0o700, exist_ok=True)
else:
    os.makedirs(directory, mode=0o700, exist_ok=True)

def deliver(name, payload):
    if mode == "maildir":
        temporary, final = os.path.join(directory, "tmp", name), os.path.join(directory, "new", name)
    else:
        temporary, final = os.path.join(directory, "." + name + ".part"), os.path.join(directory, name)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, payload)
    finally:
        os.close(fd)
    os.rename(temporary, final)

for name in odd_names:
    deliver(name, name.encode("utf-8", "surrogateescape"))
    print("SENT", repr(name), flush=True)
for i in range(count):
    name = "%d.%d_py_%d.%s" % (int(time.time() * 1000), os.getpid(), i, socket.gethostname())
    deliver(name, b"good-%d" % i)
    print("SENT", name, flush=True)
print("DONE", flush=True)
