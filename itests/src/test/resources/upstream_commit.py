"""Commits to a gateway.conf object with ceph-iscsi 3.5's own Config class (Debian package ceph-iscsi), the way an
upstream rbd-target-api gateway does: update_item/add_item/del_item, then one commit (its lock 'lock' with cookie
'config', re-read under the lock, epoch + 1, write_full, no notify).

usage: upstream_commit.py ISCSI_GATEWAY_CFG OBJECT dump
       upstream_commit.py ISCSI_GATEWAY_CFG OBJECT commit OPS_JSON
  OPS_JSON: a list of [op, section, key, value]; op is update, add or delete; key "" is the section itself.
  commit prints the committed configuration (JSON, one line).
"""
import json
import logging
import sys

from ceph_iscsi_config import settings

settings.config = settings.Settings(sys.argv[1])
settings.config.gateway_conf = sys.argv[2]

from ceph_iscsi_config.common import Config  # noqa: E402  (needs the settings first)

log = logging.getLogger("upstream")

config = Config(log, cfg_name=sys.argv[2])
if config.error:
    sys.exit("upstream Config: " + config.error_msg)
command = sys.argv[3]
if command == "commit":
    config.refresh()
    for op, section, key, value in json.loads(sys.argv[4]):
        if op == "update":
            if key and isinstance(value, dict):
                # upstream edits the item it read in place, then updates it (a removed key stays removed)
                current = config.config[section][key]
                current.clear()
                current.update(value)
            config.update_item(section, key, value)
        elif op == "add":
            config.add_item(section, key, value)
        elif op == "delete":
            config.del_item(section, key)
        else:
            sys.exit("unknown op " + op)
    config.commit("retain")
    if config.error:
        sys.exit("upstream commit: " + config.error_msg)
    config.refresh()
    print(json.dumps(config.config))
elif command == "dump":
    print(json.dumps(config.config))
else:
    sys.exit("unknown command " + command)
