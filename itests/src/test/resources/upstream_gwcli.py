#!/usr/bin/python3
"""Runs Debian's ceph-iscsi gwcli (upstream, unchanged) against a settings file given by the test instead of
/etc/ceph/iscsi-gateway.cfg, so the machine's own /etc/ceph is never touched.

usage: upstream_gwcli.py <iscsi-gateway.cfg> [gwcli arguments...]
"""
import os
import runpy
import sys

import ceph_iscsi_config.settings as settings

cfg = sys.argv[1]
defaults = list(settings.Settings.__init__.__defaults__)
defaults[0] = cfg
settings.Settings.__init__.__defaults__ = tuple(defaults)

# gwcli looks at the local gateway's LIO through rtslib. Where the appliance runs LIO on a configfs-shaped folder
# (this machine's kernel has no LIO), UPSTREAM_GWCLI_CONFIGFS points rtslib at that folder instead of
# /sys/kernel/config, with nothing to load or mount: gwcli then sees what it would see on a real gateway.
configfs = os.environ.get('UPSTREAM_GWCLI_CONFIGFS')
if configfs:
    import rtslib_fb.fabric
    import rtslib_fb.node
    import rtslib_fb.root
    import rtslib_fb.utils
    rtslib_fb.node.CFSNode.configfs_dir = os.path.join(configfs, 'target')
    for module in (rtslib_fb.utils, rtslib_fb.fabric, rtslib_fb.root):  # each imported the helpers by name
        if hasattr(module, 'modprobe'):
            module.modprobe = lambda name: None
        if hasattr(module, 'mount_configfs'):
            module.mount_configfs = lambda: None

sys.argv = ['gwcli'] + sys.argv[2:]
runpy.run_path('/usr/bin/gwcli', run_name='__main__')
