"""Runs ceph-iscsi 3.5's own CHAP class (ceph_iscsi_config.client.CHAP, Debian package ceph-iscsi) with the key
pair in a given ceph_config_dir, to prove that its stored passwords and ours are interchangeable.

usage: upstream_chap.py ISCSI_GATEWAY_CFG encrypt PLAIN      print the stored (encrypted) form
       upstream_chap.py ISCSI_GATEWAY_CFG decrypt STORED     print the plain password
       upstream_chap.py ISCSI_GATEWAY_CFG available          print True or False (encryption_available)
Exits 2 with upstream's error text when CHAP reports an error.
"""
import sys

from ceph_iscsi_config import settings

settings.config = settings.Settings(sys.argv[1])

from ceph_iscsi_config.client import CHAP  # noqa: E402  (needs the settings first)
from ceph_iscsi_config.utils import encryption_available  # noqa: E402

command = sys.argv[2]
if command == "available":
    print(encryption_available())
    sys.exit(0)
if command == "encrypt":
    chap = CHAP("upstreamuser", sys.argv[3], False)
    result = chap.encrypted_password(True)
else:
    chap = CHAP("upstreamuser", sys.argv[3], True)
    result = chap.password
if chap.error:
    sys.stderr.write(chap.error_msg + "\n")
    sys.exit(2)
sys.stdout.write(result + "\n")
