#!/usr/bin/env python3
"""Writes and reads one iSCSI LUN over ONE session without reconnecting, and checks every block it reads back
(hot-update.sh runs it from this machine while the appliance's bundles are updated in the guest). libiscsi-bin has no
writing tool, so this drives libiscsi.so.7 (Debian's libiscsi7) through ctypes: its synchronous API, login once,
reconnects off (a dropped connection is an error here, never hidden).

  iscsi_rw.py PORTAL TARGET_IQN INITIATOR_IQN LUN STOP_FILE [BLOCK_SIZE]

Each round: WRITE(16) of a 4 KiB slot (one of 256, i.e. the first MiB) with a header (sequence, slot, time) and a
pattern derived from the sequence, READ(16) of it back, and READ(16) of another slot written earlier; both reads
are compared with what was written. A BUSY status or a UNIT ATTENTION (what an initiator retries: a TCMU user:rbd
LUN answers BUSY while tcmu-runner takes the image's lock) is retried and counted apart. Per second one line on
stdout: `sample <unix time> <writes> <reads> <errors> <mismatches> <retries>` (printed after the first round that ends
in a new second: a round that took several seconds makes one line for all of them, and the summary counts the seconds
in between as seconds without a write); at the end (the stop file exists) one line `summary <json>`. Exits 0 when there was no error and no mismatch.
"""
import ctypes
import json
import os
import random
import struct
import sys
import time

PORTAL, TARGET, INITIATOR, LUN, STOP = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
BLOCK = int(sys.argv[6]) if len(sys.argv) > 6 else 512
SLOT, SLOTS = 4096, 256
from iscsi_session import STATUS_GOOD, STATUS_CHECK_CONDITION, STATUS_BUSY, KEY_UNIT_ATTENTION


from iscsi_session import lib, error, login, outcome, Iovec

ctx = login(PORTAL, TARGET, INITIATOR, LUN, 2)
print("logged in to %s at %s as %s" % (TARGET, PORTAL, INITIATOR), flush=True)


counts = {"writes": 0, "reads": 0, "errors": 0, "mismatches": 0, "retries": 0}
errors = []


def command(name, run):
    """Runs one SCSI command, retrying BUSY and UNIT ATTENTION (at most 50 times); True when it succeeded."""
    for _ in range(50):
        status, key = outcome(run())
        if status == STATUS_GOOD:
            return True
        if status == STATUS_BUSY or (status == STATUS_CHECK_CONDITION and key == KEY_UNIT_ATTENTION):
            counts["retries"] += 1
            time.sleep(0.05)
            continue
        counts["errors"] += 1
        if len(errors) < 20:
            errors.append("%s %s: status %s key %s: %s" % (time.strftime("%H:%M:%S"), name, status, key, error(ctx)))
        time.sleep(0.2)
        return False
    counts["errors"] += 1
    errors.append("%s %s: still BUSY/UNIT ATTENTION after 50 tries" % (time.strftime("%H:%M:%S"), name))
    return False


def write(slot, data):
    return command("write slot %d" % slot, lambda: lib.iscsi_write16_sync(
        ctx, LUN, slot * SLOT // BLOCK, data, SLOT, BLOCK, 0, 0, 0, 0, 0))


def read(slot):
    buf = ctypes.create_string_buffer(SLOT)
    iov = Iovec(ctypes.cast(buf, ctypes.c_void_p), SLOT)
    ok = command("read slot %d" % slot, lambda: lib.iscsi_read16_iov_sync(
        ctx, LUN, slot * SLOT // BLOCK, SLOT, BLOCK, 0, 0, 0, 0, 0, ctypes.byref(iov), 1))
    return buf.raw if ok else None


def check(slot, got, want):
    if got is not None and got != want:
        counts["mismatches"] += 1
        if len(errors) < 20:
            errors.append("%s slot %d read back differs" % (time.strftime("%H:%M:%S"), slot))


written = {}
seq = 0
per_second = []
second, last = int(time.time()), dict(counts)
start = time.time()
stalled, longest = 0, 0
while not os.path.exists(STOP) and counts["errors"] < 200:
    seq += 1
    slot = seq % SLOTS
    head = struct.pack("<8sQQd", b"HOTUPDT1", seq, slot, time.time())
    data = head + bytes((seq * 7 + i) & 0xFF for i in range(SLOT - len(head)))
    if write(slot, data):
        counts["writes"] += 1
        written[slot] = data
        got = read(slot)
        if got is not None:
            counts["reads"] += 1
        check(slot, got, data)
    other = random.choice(list(written)) if written else None
    if other is not None:
        got = read(other)
        if got is not None:
            counts["reads"] += 1
        check(other, got, written[other])
    now = int(time.time())
    if now != second:
        delta = {k: counts[k] - last[k] for k in counts}
        per_second.append(delta)
        # a round that took several seconds leaves those seconds without a completed write
        stalled += max(0, now - second - 1)
        longest = max(longest, now - second)
        print("sample %d %d %d %d %d %d" % (second, delta["writes"], delta["reads"], delta["errors"],
                                            delta["mismatches"], delta["retries"]), flush=True)
        second, last = now, dict(counts)

lib.iscsi_logout_sync(ctx)
inner = per_second[1:] or per_second  # the first second is partial
summary = dict(counts, seconds=round(time.time() - start, 1), samples=len(per_second),
               min_writes_per_s=0 if stalled else min((s["writes"] for s in inner), default=0),
               min_reads_per_s=0 if stalled else min((s["reads"] for s in inner), default=0),
               seconds_without_write=stalled + sum(1 for s in inner if s["writes"] == 0),
               longest_round_s=longest, first_errors=errors)
print("summary " + json.dumps(summary), flush=True)
sys.exit(0 if counts["errors"] == 0 and counts["mismatches"] == 0 else 1)
