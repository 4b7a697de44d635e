#!/bin/bash
# /usr/local/sbin/lab-init in the lab's Debian rootfs (after switch_root): configfs, network,
# then the project's LIO engine (from the data disk /dev/vdb) builds the sample configuration.
# Lines "LAB-FACT k=v" are the facts lab.sh prints (portal, IQNs, CHAP credentials).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
up() { cut -d' ' -f1 /proc/uptime; }
log() { echo "LAB[$(up)] $*"; }
log "rootfs init"
mount -t tmpfs tmpfs /run; mount -t tmpfs tmpfs /tmp
mkdir -p /dev/pts /dev/shm; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /dev/shm
mount -o remount,rw /
mount -t configfs configfs /sys/kernel/config
ip link set lo up; ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0; ip route add default via 10.0.2.2
# the disabled TPGs carry the other gateways' portals (as upstream does): they are not local here
sysctl -q -w net.ipv4.ip_nonlocal_bind=1
# LIO keeps PR/ALUA metadata under /var/target: without it PERSISTENT RESERVE OUT fails
mkdir -p /var/target/pr /var/target/alua /var/lib/lab
mkdir -p /opt/lab && mount -t ext4 /dev/vdb /opt/lab
cat > /usr/local/bin/lab-engine <<'EOS'
#!/bin/sh
export LAB_HOST_PORT=$(cat /opt/lab/host-port 2>/dev/null || echo 13260)
exec java -Xshare:auto -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx96m \
  -cp /opt/lab/engine.jar:/opt/lab/classes io.cephiscsi.lio.lab.LabGuestMain "$@"
EOS
chmod 755 /usr/local/bin/lab-engine
log "engine start"
if lab-engine apply; then log "LAB-ENGINE-DONE"; else log "LAB-ENGINE-FAILED"; fi
log "shell on ttyS0"
while true; do setsid -c bash -i </dev/ttyS0 >/dev/ttyS0 2>&1; sleep 1; done
