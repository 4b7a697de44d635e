"""Drives ceph-iscsi 3.5's own Config class (Debian package ceph-iscsi) against a gateway.conf object, the way
its rbd-target-api does: whole-target updates, commit under the lock named 'lock' with cookie 'config'.

usage: upstream_config.py ISCSI_GATEWAY_CFG OBJECT COMMAND [ARGS]
  add-target IQN                 create a target as upstream seeds it
  add-clients TARGET PREFIX N    N commits, each adding client PREFIX<i> (whole-target update, as upstream does)
  dump                           print the config as upstream reads it (JSON, one line)
  bench TARGET PREFIX N          like add-clients, then print each commit's latency in ms, one per line
"""
import json
import logging
import sys
import time

from ceph_iscsi_config import settings

settings.config = settings.Settings(sys.argv[1])
settings.config.gateway_conf = sys.argv[2]

from ceph_iscsi_config.common import Config  # noqa: E402  (needs the settings first)

CLIENT_SEED = {"auth": {"username": "", "password": "", "password_encryption_enabled": False,
                        "mutual_username": "", "mutual_password": "",
                        "mutual_password_encryption_enabled": False},
               "luns": {}, "group_name": ""}

TARGET_SEED = {"disks": {}, "clients": {}, "acl_enabled": True,
               "auth": dict(CLIENT_SEED["auth"]), "portals": {}, "groups": {}, "controls": {}}

log = logging.getLogger("upstream")


def open_config():
    config = Config(log, cfg_name=sys.argv[2])
    if config.error:
        sys.exit("upstream Config: " + config.error_msg)
    return config


def add_client(config, target, client):
    """As rbd-target-api does it: refresh, change the target, update the whole target item, commit."""
    config.refresh()
    target_config = config.config["targets"][target]
    target_config["clients"][client] = json.loads(json.dumps(CLIENT_SEED))
    config.update_item("targets", target, target_config)
    config.commit("retain")
    if config.error:
        sys.exit("upstream commit: " + config.error_msg)


command = sys.argv[3]
if command == "add-target":
    config = open_config()
    config.add_item("targets", sys.argv[4], json.loads(json.dumps(TARGET_SEED)))
    config.commit()
elif command in ("add-clients", "bench"):
    target, prefix, count = sys.argv[4], sys.argv[5], int(sys.argv[6])
    config = open_config()
    for i in range(count):
        start = time.monotonic()
        add_client(config, target, "%s%d" % (prefix, i))
        if command == "bench":
            print("%.3f" % ((time.monotonic() - start) * 1000), flush=True)
elif command == "dump":
    print(json.dumps(open_config().config, sort_keys=True))
else:
    sys.exit("unknown command " + command)
