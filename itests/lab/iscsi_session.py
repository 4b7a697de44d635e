"""One iSCSI session through libiscsi.so.7 (Debian's libiscsi7) and ctypes, for the lab's scripts that drive SCSI
commands libiscsi-bin's tools cannot (iscsi_rw.py, resize_session.py): the library with the calls every session
needs declared, and a login with reconnects off (a dropped connection is an error, never hidden)."""
import ctypes
import sys

SESSION_NORMAL, DIGEST_NONE = 2, 0

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


def error(ctx):
    """libiscsi's last error of this context, as text"""
    return lib.iscsi_get_error(ctx).decode(errors="replace")


def login(portal, target, initiator, lun, failure_exit):
    """A logged-in session context; on failure prints why and exits with failure_exit."""
    ctx = lib.iscsi_create_context(initiator.encode())
    lib.iscsi_set_targetname(ctx, target.encode())
    lib.iscsi_set_session_type(ctx, SESSION_NORMAL)
    lib.iscsi_set_header_digest(ctx, DIGEST_NONE)
    lib.iscsi_set_reconnect_max_retries(ctx, 0)
    if lib.iscsi_full_connect_sync(ctx, portal.encode(), lun) != 0:
        print("login failed: %s" % error(ctx), flush=True)
        sys.exit(failure_exit)
    return ctx
