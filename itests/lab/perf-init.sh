#!/bin/bash
# /usr/local/sbin/lab-init in the perf guest's root (after the lab initramfs' switch_root): configfs, network,
# host name, a single-node Ceph (mini-cluster.sh) as /etc/ceph's cluster, tcmu-runner; then "PERF-READY" and a
# shell on ttyS0 through which perf.sh drives perf_driver.py (the data disk /dev/vdb is mounted on /opt/lab).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
up() { cut -d' ' -f1 /proc/uptime; }
log() { echo "PERF[$(up)] $*"; }
fail() { log "PERF-FAILED $*"; while true; do setsid -c bash -i </dev/ttyS0 >/dev/ttyS0 2>&1; sleep 1; done; }
log "root init"
mount -t tmpfs tmpfs /run; mount -t tmpfs tmpfs /tmp
mkdir -p /dev/pts /dev/shm; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /dev/shm
mount -o remount,rw /
mount -t configfs configfs /sys/kernel/config
# kernel messages (LIO logs at warning level) would interleave with what perf.sh reads from the console
dmesg -n 1
hostname perfgw
printf '127.0.0.1 localhost\n10.0.2.15 perfgw\n' > /etc/hosts
ip link set lo up; ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0; ip route add default via 10.0.2.2
# LIO keeps PR/ALUA metadata under /var/target
mkdir -p /var/target/pr /var/target/alua /var/lib/perf /etc/ceph /run/lock /etc/rtslib-fb-target
mkdir -p /opt/lab && mount -t ext4 /dev/vdb /opt/lab
log "ceph"
# the guest is TCG: generous timeouts; memstore keeps the OSD's data in RAM
START_TIMEOUT=600 MEMSTORE_BYTES=2147483648 mini-cluster.sh /var/lib/perf/ceph > /var/log/mini-cluster.log 2>&1 \
  || fail "mini-cluster: $(tail -3 /var/log/mini-cluster.log)"
ln -sf /var/lib/perf/ceph/ceph.conf /etc/ceph/ceph.conf
ln -sf /var/lib/perf/ceph/ceph.client.admin.keyring /etc/ceph/ceph.client.admin.keyring
log "tcmu-runner"
setsid tcmu-runner </dev/null >/var/log/tcmu-runner.out 2>&1 &
echo $! > /run/tcmu-runner.pid
for i in $(seq 1 120); do [ -d /sys/kernel/config/target/core ] && grep -q rbd /var/log/tcmu-runner.log 2>/dev/null && break; sleep 0.5; done
# no bracketed-paste escapes around the output perf.sh reads through the console
echo 'set enable-bracketed-paste off' >> /etc/inputrc
log "PERF-READY"
while true; do setsid -c bash -i </dev/ttyS0 >/dev/ttyS0 2>&1; sleep 1; done
