# A legacy program that writes files straight into a drop folder, slowly, in chunks, following one readiness rule.
# usage: legacy_writer.py RULE DIR STAGING COUNT CHUNKS CHUNK_SIZE PAUSE_SECONDS
#   RULE: settle-time | done-marker | pattern | rename
# Each file's content is CHUNKS chunks of CHUNK_SIZE bytes; prints DONE name per file.
import os, sys, time

rule, directory, staging = sys.argv[1], sys.argv[2], sys.argv[3]
count, chunks, size, pause = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7])

def content(i):
    return b"".join((b"%d:%d:" % (i, c)).ljust(size, b"x") for c in range(chunks))

for i in range(count):
    final_name = "msg-%d.xml" % i
    if rule == "pattern":
        path = os.path.join(directory, "msg-%d.part" % i)   # not matching *.xml while being written
    elif rule == "rename":
        path = os.path.join(staging, final_name)             # elsewhere on the same file system
    else:
        path = os.path.join(directory, final_name)           # straight into the drop folder
    data = content(i)
    with open(path, "wb") as f:
        for c in range(chunks):
            f.write(data[c * size:(c + 1) * size])
            f.flush()
            time.sleep(pause)
    if rule in ("pattern", "rename"):
        os.rename(path, os.path.join(directory, final_name))
    elif rule == "done-marker":
        open(os.path.join(directory, final_name + ".done"), "wb").close()
    print("DONE", final_name, flush=True)
