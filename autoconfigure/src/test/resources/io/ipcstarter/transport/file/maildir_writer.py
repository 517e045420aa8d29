# A non-Java writer following docs/wire-formats.md "Shared directory" (maildir mode), step by step.
# usage: maildir_writer.py DIR PAYLOAD...          one message per PAYLOAD argument
#        maildir_writer.py DIR --crash-mid-write   leaves a half-written tmp/ file, prints WROTE, hangs (to be killed)
#        maildir_writer.py DIR --forever TAG       sends TAG-0, TAG-1, ... until killed: "ID:SHA256(BODY):BODY" with a
#                                                  random BODY of 0-8 KiB, printing "SENT ID" after each delivery
import hashlib, os, random, socket, sys, time

directory = sys.argv[1]
for sub in ("tmp", "new"):
    os.makedirs(os.path.join(directory, sub), mode=0o700, exist_ok=True)

def unique_name(counter):
    # any name unique among all writers; this is the starter's own scheme: millis.pid_tag_counter.host
    return "%d.%d_py_%d.%s" % (int(time.time() * 1000), os.getpid(), counter, socket.gethostname())

def deliver(payload, counter):
    name = unique_name(counter)
    tmp = os.path.join(directory, "tmp", name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)   # 1. create in tmp/, owner-only
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]                           # 2. write it all
        os.fsync(fd)                                                   # 3. force it to disk
    finally:
        os.close(fd)
    os.rename(tmp, os.path.join(directory, "new", name))               # 4. atomic move: delivered now
    dfd = os.open(os.path.join(directory, "new"), os.O_RDONLY)
    try:
        os.fsync(dfd)                                                  # 5. force the directory entry
    finally:
        os.close(dfd)
    return name

if sys.argv[2] == "--crash-mid-write":
    fd = os.open(os.path.join(directory, "tmp", unique_name(0)), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, b"half a mess")
    print("WROTE", flush=True)
    time.sleep(3600)
elif sys.argv[2] == "--forever":
    i = 0
    while True:
        body = "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(random.randint(0, 8192)))
        message_id = "%s-%d" % (sys.argv[3], i)
        deliver(("%s:%s:%s" % (message_id, hashlib.sha256(body.encode()).hexdigest(), body)).encode(), i)
        print("SENT", message_id, flush=True)
        i += 1
else:
    for i, text in enumerate(sys.argv[2:]):
        print("SENT", deliver(text.encode("utf-8"), i), flush=True)
