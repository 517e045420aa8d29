# Writes messages into a shared directory in maildir mode (docs/wire-formats.md "Shared directory"), as a foreign
# program would: first recreating tmp/ and new/ when they are gone.
# usage: inbox_writer.py DIR COUNT TAG     writes TAG-0 .. TAG-(COUNT-1), prints "sent COUNT"
import os, socket, sys, time

directory, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for sub in ("tmp", "new"):
    os.makedirs(os.path.join(directory, sub), mode=0o700, exist_ok=True)
for i in range(count):
    name = "%d.%d_py_%d.%s" % (int(time.time() * 1000), os.getpid(), i, socket.gethostname())
    tmp = os.path.join(directory, "tmp", name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, ("%s-%d" % (tag, i)).encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.rename(tmp, os.path.join(directory, "new", name))
print("sent", count, flush=True)
