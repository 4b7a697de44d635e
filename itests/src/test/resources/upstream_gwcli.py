#!/usr/bin/python3
"""Runs Debian's ceph-iscsi gwcli (upstream, unchanged) against a settings file given by the test instead of
/etc/ceph/iscsi-gateway.cfg, so the machine's own /etc/ceph is never touched.

usage: upstream_gwcli.py <iscsi-gateway.cfg> [gwcli arguments...]
"""
import runpy
import sys

import ceph_iscsi_config.settings as settings

cfg = sys.argv[1]
defaults = list(settings.Settings.__init__.__defaults__)
defaults[0] = cfg
settings.Settings.__init__.__defaults__ = tuple(defaults)

sys.argv = ['gwcli'] + sys.argv[2:]
runpy.run_path('/usr/bin/gwcli', run_name='__main__')
