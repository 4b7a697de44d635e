#!/usr/bin/env python3
"""Writes a pattern to the first MiB of one iSCSI LUN, or checks that it is still there (migrate-check.sh: written
through one gateway software, read back through the other). libiscsi through ctypes (iscsi_session.py); BUSY and
UNIT ATTENTION are retried as an initiator retries them.

  lun_pattern.py write|check PORTAL TARGET_IQN INITIATOR_IQN LUN SEED [CHAP_USER CHAP_PASSWORD]

Exits 0 when the write succeeded or the check found every block as written; 1 on a difference; 2 when the login
failed; 3 on a SCSI error.
"""
import ctypes
import hashlib
import sys
import time

from iscsi_session import (STATUS_GOOD, STATUS_CHECK_CONDITION, STATUS_BUSY, KEY_UNIT_ATTENTION, Iovec, error, lib,
                           login, outcome)

MODE, PORTAL, TARGET, INITIATOR, LUN, SEED = sys.argv[1:7]
LUN = int(LUN)
CHAP = (sys.argv[7], sys.argv[8]) if len(sys.argv) > 8 else None
BLOCK, CHUNK, CHUNKS = 512, 64 * 1024, 16


def pattern(chunk):
    """64 KiB that depend on the seed and the chunk: SHA-256 blocks chained."""
    out, digest = bytearray(), ("%s/%d" % (SEED, chunk)).encode()
    while len(out) < CHUNK:
        digest = hashlib.sha256(digest).digest()
        out += digest
    return bytes(out[:CHUNK])


def command(ctx, name, run):
    """Retries BUSY (tcmu-runner taking the image's lock: seconds under TCG) and UNIT ATTENTION for up to 2 min."""
    for _ in range(240):
        status, key = outcome(run())
        if status == STATUS_GOOD:
            return
        if status == STATUS_BUSY or (status == STATUS_CHECK_CONDITION and key == KEY_UNIT_ATTENTION):
            time.sleep(0.5)
            continue
        print("%s: status %s, sense key %s: %s" % (name, status, key, error(ctx)), flush=True)
        sys.exit(3)
    print("%s: still BUSY/UNIT ATTENTION after 2 min" % name, flush=True)
    sys.exit(3)


ctx = login(PORTAL, TARGET, INITIATOR, LUN, 2, CHAP)
differ = 0
for chunk in range(CHUNKS):
    lba = chunk * CHUNK // BLOCK
    want = pattern(chunk)
    if MODE == "write":
        command(ctx, "write %d" % chunk, lambda: lib.iscsi_write16_sync(ctx, LUN, lba, want, CHUNK, BLOCK, 0, 0, 0, 0, 0))
    else:
        buf = ctypes.create_string_buffer(CHUNK)
        iov = Iovec(ctypes.cast(buf, ctypes.c_void_p), CHUNK)
        command(ctx, "read %d" % chunk, lambda: lib.iscsi_read16_iov_sync(ctx, LUN, lba, CHUNK, BLOCK, 0, 0, 0, 0, 0,
                                                                         ctypes.byref(iov), 1))
        differ += buf.raw != want
lib.iscsi_logout_sync(ctx)
print("%s %s LUN %d seed %s: %d KiB%s" % (MODE, TARGET, LUN, SEED, CHUNKS * CHUNK // 1024,
                                         "" if MODE == "write" else ", %d of %d chunks differ" % (differ, CHUNKS)))
sys.exit(1 if differ else 0)
