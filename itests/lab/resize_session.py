#!/usr/bin/env python3
"""One iSCSI session (libiscsi through ctypes, as iscsi_rw.py) that keeps asking LUN 0 for TEST UNIT READY and
READ CAPACITY(16) for SECONDS and prints every answer that differs from the one before (with the time): what an
initiator already logged in sees when the LUN grows (a UNIT ATTENTION, then the new capacity).

  resize_session.py PORTAL TARGET_IQN INITIATOR_IQN SECONDS
"""
import ctypes
import sys
import time

PORTAL, TARGET, INITIATOR, SECONDS = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
from iscsi_session import lib, error, login

for call in ("iscsi_testunitready_sync", "iscsi_readcapacity16_sync"):
    getattr(lib, call).restype = ctypes.c_void_p
    getattr(lib, call).argtypes = [ctypes.c_void_p, ctypes.c_int]
lib.scsi_datain_unmarshall.restype = ctypes.c_void_p
lib.scsi_datain_unmarshall.argtypes = [ctypes.c_void_p]

ctx = login(PORTAL, TARGET, INITIATOR, 0, 1)


def ask(name, call):
    """struct scsi_task: int status first; on CHECK CONDITION the sense key at 52 and asc<<8|ascq at 56"""
    task = call(ctx, 0)
    if not task:
        return "%s failed: %s" % (name, error(ctx))
    status = ctypes.c_int.from_address(task).value
    if status == 0 and name == "READ CAPACITY(16)":
        last_lba = ctypes.c_uint64.from_address(lib.scsi_datain_unmarshall(task)).value
        text = "%s: %d bytes" % (name, (last_lba + 1) * 512)
    elif status == 0:
        text = "%s: good" % name
    else:
        text = "%s: status %d, sense key %d, asc/ascq 0x%04x" % (name, status, ctypes.c_int.from_address(task + 52).value,
                                                                 ctypes.c_int.from_address(task + 56).value)
    lib.scsi_free_scsi_task(task)
    return text


shown = {}
end = time.time() + SECONDS
while time.time() < end:
    for name, call in (("TEST UNIT READY", lib.iscsi_testunitready_sync),
                       ("READ CAPACITY(16)", lib.iscsi_readcapacity16_sync)):
        text = ask(name, call)
        if shown.get(name) != text:
            print("%s %s" % (time.strftime("%H:%M:%S"), text), flush=True)
            shown[name] = text
    time.sleep(0.2)
lib.iscsi_logout_sync(ctx)
