#!/bin/busybox sh
# PID 1 of the lab guest's initramfs: load the modules in the order computed on the build host
# (modprobe --show-depends), then switch_root into the Debian rootfs (lab.root=/dev/vda), whose
# /usr/local/sbin/lab-init mounts configfs and runs the project's LIO engine.
/bin/busybox mkdir -p /proc /sys /dev /tmp /run /usr/bin /usr/sbin /sbin /newroot
/bin/busybox --install -s
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
up() { cut -d' ' -f1 /proc/uptime; }
log() { echo "LAB[$(up)] $*"; }
ROOT=
for a in $(cat /proc/cmdline); do
  case "$a" in lab.root=*) ROOT=${a#lab.root=} ;; esac
done
KV=$(uname -r)
while read -r m; do
  insmod "/lib/modules/$KV/$m" 2>/dev/null || echo "insmod failed (ok if the cpu lacks the feature): $m"
done < /modorder.txt
log "modules loaded"
if [ -n "$ROOT" ] && mount -t ext4 "$ROOT" /newroot; then
  log "switch_root to $ROOT"
  mount --move /dev /newroot/dev; mount --move /proc /newroot/proc; mount --move /sys /newroot/sys
  exec switch_root /newroot /usr/local/sbin/lab-init
fi
log "no root file system; shell on ttyS0"
while true; do setsid cttyhack sh -i </dev/ttyS0 >/dev/ttyS0 2>&1; done
