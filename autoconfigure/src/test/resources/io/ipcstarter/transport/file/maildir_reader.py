# A non-Java reader following docs/wire-formats.md "Shared directory" (maildir mode), step by step.
# usage: maildir_reader.py DIR COUNT   claims and handles COUNT messages (prints TOOK name payload), then exits
import fcntl, os, sys, time, uuid

directory, wanted = sys.argv[1], int(sys.argv[2])
cur = os.path.join(directory, "cur")
os.makedirs(cur, mode=0o700, exist_ok=True)
reader_id = "%d-%s" % (os.getpid(), uuid.uuid4().hex[:16])
lock_fd = os.open(os.path.join(cur, reader_id + ".lock"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
fcntl.lockf(lock_fd, fcntl.LOCK_EX)              # 1. lock cur/ID.lock (POSIX record lock), then
mine = os.path.join(cur, reader_id)
os.mkdir(mine, 0o700)                            #    create cur/ID/
taken = 0
while taken < wanted:
    for name in sorted(os.listdir(os.path.join(directory, "new"))):
        if name.startswith("."):
            continue
        try:
            os.rename(os.path.join(directory, "new", name), os.path.join(mine, name))   # 2. claim by rename
        except FileNotFoundError:
            continue                             #    another reader was first
        with open(os.path.join(mine, name), "rb") as f:
            payload = f.read()                   # 3. read (check the size first in real code)
        print("TOOK", name, payload.decode("utf-8"), flush=True)                         # 4. handle
        os.unlink(os.path.join(mine, name))      # 5. remove (or move to done/)
        taken += 1
        if taken == wanted:
            break
    else:
        time.sleep(0.02)                         # poll (a real reader may also use inotify)
os.rmdir(mine)                                   # 6. on exit: folder first, then the lock file
os.unlink(os.path.join(cur, reader_id + ".lock"))
