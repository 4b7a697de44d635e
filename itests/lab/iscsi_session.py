"""One iSCSI session through libiscsi.so.7 (Debian's libiscsi7) and ctypes, for the lab's scripts that drive SCSI
commands libiscsi-bin's tools cannot (iscsi_rw.py, resize_session.py): the library with the calls every session
needs declared, and a login with reconnects off (a dropped connection is an error, never hidden)."""
import ctypes
import sys

SESSION_NORMAL, DIGEST_NONE = 2, 0
STATUS_GOOD, STATUS_CHECK_CONDITION, STATUS_BUSY, KEY_UNIT_ATTENTION = 0, 2, 8, 6

lib = ctypes.CDLL("libiscsi.so.7")
lib.iscsi_create_context.restype = ctypes.c_void_p
lib.iscsi_create_context.argtypes = [ctypes.c_char_p]
lib.iscsi_set_targetname.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
lib.iscsi_set_session_type.argtypes = [ctypes.c_void_p, ctypes.c_int]
lib.iscsi_set_header_digest.argtypes = [ctypes.c_void_p, ctypes.c_int]
lib.iscsi_set_reconnect_max_retries.argtypes = [ctypes.c_void_p, ctypes.c_int]
lib.iscsi_full_connect_sync.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
lib.iscsi_get_error.restype = ctypes.c_char_p
lib.iscsi_get_error.argtypes = [ctypes.c_void_p]
lib.scsi_free_scsi_task.argtypes = [ctypes.c_void_p]
lib.iscsi_logout_sync.argtypes = [ctypes.c_void_p]
lib.iscsi_set_initiator_username_pwd.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]


class Iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


lib.iscsi_write16_sync.restype = ctypes.c_void_p
lib.iscsi_write16_sync.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint64, ctypes.c_char_p, ctypes.c_uint32,
                                   ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int]
lib.iscsi_read16_iov_sync.restype = ctypes.c_void_p
lib.iscsi_read16_iov_sync.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint64, ctypes.c_uint32, ctypes.c_int,
                                      ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                      ctypes.POINTER(Iovec), ctypes.c_int]


def outcome(task):
    """(status, sense key) of a finished task; struct scsi_task starts with int status, its sense key is at 52."""
    if not task:
        return None, None
    status = ctypes.c_int.from_address(task).value
    key = ctypes.c_int.from_address(task + 52).value if status == STATUS_CHECK_CONDITION else None
    lib.scsi_free_scsi_task(task)
    return status, key


def error(ctx):
    """libiscsi's last error of this context, as text"""
    return lib.iscsi_get_error(ctx).decode(errors="replace")


def login(portal, target, initiator, lun, failure_exit, chap=None):
    """A logged-in session context (chap: (user, password) or None); on failure prints why and exits with
    failure_exit."""
    ctx = lib.iscsi_create_context(initiator.encode())
    if chap:
        lib.iscsi_set_initiator_username_pwd(ctx, chap[0].encode(), chap[1].encode())
    lib.iscsi_set_targetname(ctx, target.encode())
    lib.iscsi_set_session_type(ctx, SESSION_NORMAL)
    lib.iscsi_set_header_digest(ctx, DIGEST_NONE)
    lib.iscsi_set_reconnect_max_retries(ctx, 0)
    if lib.iscsi_full_connect_sync(ctx, portal.encode(), lun) != 0:
        print("login failed: %s" % error(ctx), flush=True)
        sys.exit(failure_exit)
    return ctx
