#!/bin/bash
# What a real kernel does with the write the LIO engine makes for a resize, on demand: `attrib/dev_size` of a live
# TCMU (user:rbd) storage object. perf.sh's guest (TCG: the Debian 6.1 kernel, tcmu-runner 1.5.4, a single-node
# Ceph) gets, by raw configfs writes, a 64 MiB user:rbd backstore as LUN 0 of a target open to any initiator
# (generate_node_acls); then, from this machine over the port forward:
#   - READ CAPACITY(16) (iscsi-readcapacity16, a new session each time) before, after `rbd resize` alone, after the
#     dev_size write;
#   - one session logged in throughout (resize_session.py) shows what a connected initiator sees;
#   - the kernel's answer to writes of an equal size, a size beyond the image, a smaller size, and a write while
#     tcmu-runner is down;
#   - the LIO engine itself in the guest (ResizeProbe, from bundles/lio's classes and test classes: build bundles/lio
#     first): it creates a user:rbd LUN as the appliance does, then plans and applies the image's new size (one
#     write of attrib/dev_size, then an empty plan), and plans nothing for a smaller size.
# The guard against shrinking and the wait for the image's size are the appliance's (the kernel takes any size).
#
#   resize-check.sh          up, the checks, report ($LAB_RUN/out/resize.md), down (KEEP=1 leaves the guest up)
#
# Env: LAB_RUN (default /tmp/lab-resize), PORT (default 13590), SMP (default 1), MEM (default 2048), LAB_CACHE;
#      DIST as for perf.sh (not used in the guest: a placeholder is made when there is no distribution).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
export LAB_RUN=${LAB_RUN:-/tmp/lab-resize} PORT=${PORT:-13590} SMP=${SMP:-1} MEM=${MEM:-2048}
RUN=$LAB_RUN
OUT=$RUN/out
mkdir -p "$OUT"
if [ -z "${DIST:-}" ] && ! ls "$HERE"/../../karaf-assembly/target/ceph-iscsi-karaf-assembly-*.tar.gz >/dev/null 2>&1; then
  echo "placeholder: this check runs no appliance" > "$RUN/placeholder.tar.gz"
  export DIST=$RUN/placeholder.tar.gz
fi
TARGET=iqn.2003-01.com.example.iscsi-gw:resize
HOST=iqn.1994-05.com.example:resize-host
URL=iscsi://127.0.0.1:$PORT/$TARGET/0
MIB=1048576
say() { echo "resize-check: $(date +%T) $*" >&2; }
LIO=$HERE/../../bundles/lio/target
[ -f "$LIO/test-classes/io/cephiscsi/lio/lab/ResizeProbe.class" ] \
  || { say "build bundles/lio first (mvn -o install -DskipTests -pl bundles/lio && mvn -o test-compile -pl bundles/lio)"; exit 2; }
rm -f "$RUN/lio-probe.jar"
jar cf "$RUN/lio-probe.jar" -C "$LIO/classes" io -C "$LIO/test-classes" io/cephiscsi/lio/lab/ResizeProbe.class
export PERF_EXTRA="$RUN/lio-probe.jar"
ENGINE_TARGET=iqn.2003-01.com.example.iscsi-gw:resize-engine
guest() { "$HERE/perf.sh" cmd "$@" 2>>"$OUT/guest.log"; }
capacity() { iscsi-readcapacity16 -i "$HOST-$1" "${2:-$URL}" 2>&1 | sed -n 's/^Total size://p' | tr -d ' '; }
probe() { guest "java -cp /opt/lab/lio-probe.jar io.cephiscsi.lio.lab.ResizeProbe $*" | grep -v '^\[guest'; }

cat > "$RUN/resize-guest.sh" <<GUEST
set -e
C=/sys/kernel/config/target
SO=\$C/core/user_7/rbd.resize0
T=\$C/iscsi/$TARGET/tpgt_1
rbd rm rbd/resize0 >/dev/null 2>&1 || true
rbd create rbd/resize0 --size 64M
mkdir -p \$SO
echo 'dev_config=rbd/rbd/resize0;osd_op_timeout=30' > \$SO/control
echo 'dev_size=$((64 * MIB))' > \$SO/control
echo 'max_data_area_mb=8,hw_max_sectors=1024' > \$SO/control
echo 1 > \$SO/enable
mkdir -p \$T/lun/lun_0 \$T/np/0.0.0.0:3260
ln -s \$SO \$T/lun/lun_0/port0
echo 0 > \$T/attrib/authentication
echo 1 > \$T/attrib/generate_node_acls
echo 0 > \$T/attrib/demo_mode_write_protect
echo 1 > \$T/enable
GUEST
# one timed write of attrib/dev_size in the guest: its exit status, time and what dev_size and info show after
cat > "$RUN/resize-write.sh" <<'GUEST'
SO=${2:-/sys/kernel/config/target/core/user_7/rbd.resize0}
s=$(date +%s%N)
err=$(sh -c "echo $1 > $SO/attrib/dev_size" 2>&1) && rc=0 || rc=$?
e=$(date +%s%N)
echo "write $1: exit $rc ${err:+($err) }in $(( (e - s) / 1000000 )) ms; dev_size $(cat $SO/attrib/dev_size);" \
  "info $(tr '\n' ' ' < $SO/info | sed 's/.*Size: \([0-9]*\).*/Size: \1/')"
GUEST

"$HERE/perf.sh" up
trap '[ "${KEEP:-0}" = 1 ] || "$HERE/perf.sh" down' EXIT
"$HERE/perf.sh" put "$RUN/resize-guest.sh" /root/resize-guest.sh
"$HERE/perf.sh" put "$RUN/resize-write.sh" /root/resize-write.sh
guest "sh /root/resize-guest.sh" >/dev/null
w() { guest "sh /root/resize-write.sh $*" | grep '^write'; }

report=$OUT/resize.md
{ # not a pipe: the figures are checked below
  echo "# attrib/dev_size on a live TCMU user:rbd device ($(guest 'uname -r' | head -1), $(guest 'tcmu-runner --version' | head -1))"
  echo
  c0=$(capacity a); echo "- READ CAPACITY(16) of the 64 MiB LUN: $c0"
  python3 "$HERE/resize_session.py" "127.0.0.1:$PORT" "$TARGET" "$HOST-session" 25 > "$OUT/resize-session.log" 2>&1 &
  watcher=$!
  sleep 4
  guest "rbd resize rbd/resize0 --size 128M" >/dev/null
  c1=$(capacity b); echo "- after \`rbd resize\` to 128 MiB alone: $c1"
  g=$(w $((128 * MIB))); echo "- $g"
  c2=$(capacity c); echo "- READ CAPACITY(16) then: $c2"
  echo "- equal size again: $(w $((128 * MIB)))"
  echo "- beyond the 128 MiB image: $(w $((256 * MIB)))"
  echo "- smaller: $(w $((128 * MIB)))"
  c3=$(capacity d); echo "- READ CAPACITY(16) then: $c3"
  wait "$watcher" || true
  echo "- the session logged in throughout (resize_session.py):"
  sed 's/^/    /' "$OUT/resize-session.log"
  echo "- the engine (ResizeProbe; it owns LIO, so the LUN above goes):"
  guest "rbd create rbd/probe0 --size 64M" >/dev/null
  e0=$(probe create $((64 * MIB))); sed 's/^/    /' <<<"$e0"
  ce0=$(capacity e "iscsi://127.0.0.1:$PORT/$ENGINE_TARGET/0"); echo "    READ CAPACITY(16): $ce0"
  guest "rbd resize rbd/probe0 --size 128M" >/dev/null
  e1=$(probe size $((128 * MIB))); sed 's/^/    /' <<<"$e1"
  ce1=$(capacity f "iscsi://127.0.0.1:$PORT/$ENGINE_TARGET/0"); echo "    READ CAPACITY(16): $ce1"
  e2=$(probe size $((64 * MIB))); sed 's/^/    /' <<<"$e2"
  guest 'kill $(pgrep -x tcmu-runner); sleep 3' >/dev/null
  n=$(w $((512 * MIB)) "\$(ls -d /sys/kernel/config/target/core/user_*/rbd.probe0)")
  echo "- tcmu-runner stopped: $n; kernel log: $(guest 'dmesg | tail -1' | head -1)"
} > "$report"
cat "$report"

ok=1
[ "$c0" = $((64 * MIB)) ] && [ "$c1" = $((64 * MIB)) ] && [ "$c2" = $((128 * MIB)) ] || ok=0
grep -q "exit 0" <<<"$g" || ok=0
grep -q "exit 0" <<<"$n" && ok=0
grep -q "READ CAPACITY(16): $((128 * MIB)) bytes" "$OUT/resize-session.log" || ok=0
[ "$ce0" = $((64 * MIB)) ] && [ "$ce1" = $((128 * MIB)) ] || ok=0
grep -q "ENGINE size $((128 * MIB)): 1 operations" <<<"$e1" && grep -q "attrib/dev_size" <<<"$e1" || ok=0
grep -q "then: 0 operations planned; dev_size $((128 * MIB))" <<<"$e1" || ok=0
grep -q "ENGINE size $((64 * MIB)): 0 operations" <<<"$e2" && grep -q "dev_size $((128 * MIB))" <<<"$e2" || ok=0
[ $ok = 1 ] && say "as expected: the grow is taken and seen (by hand and by the engine), refused without tcmu-runner ($report)" \
  || { say "NOT as expected: see $report"; exit 1; }
