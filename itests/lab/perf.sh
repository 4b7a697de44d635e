#!/bin/bash
# Side-by-side benchmark on a real LIO kernel: upstream ceph-iscsi 3.5 (Debian's rbd-target-api and gwcli) and this
# appliance run the same workload in one QEMU guest, one after the other in the same boot, each on a clean LIO and
# a fresh gateway.conf (issue 9). The guest: the lab's Debian 6.1 kernel and initramfs (lab.sh image), a Debian 12
# root with Java 17, tcmu-runner, ceph-iscsi 3.5 and a single-node Ceph (itests/ceph/mini-cluster.sh, run inside).
#
#   perf.sh image   build (or reuse) the cached guest root (slow once: debootstrap + apt-get install in a chroot)
#   perf.sh run     image + boot + both runs + data path checks from this machine + report; stops the guest
#   perf.sh up      image + boot only (leaves the guest running: perf.sh cmd '...' / perf.sh down)
#   perf.sh cmd 'sh'  run a shell command in the running guest
#   perf.sh put HOSTFILE GUESTPATH | get GUESTPATH HOSTFILE   copy a file into / out of the running guest
#   perf.sh down    stop the guest that `up`/`run` started (its pid file), nothing else
#
# Env: DIST (default karaf-assembly/target/ceph-iscsi-karaf-assembly-*.tar.gz: build it first),
#      LAB_RUN (default /tmp/lab-perf), PORT (host port forwarded to the guest's 3260, default 13290),
#      MEM (default 3072), SMP (default 2), CPU (QEMU's -cpu, default max), ACCEL (QEMU's -accel, default tcg), PERF_N (LUNs, default 64), PERF_ONLY (upstream|appliance: one side only),
#      LAB_CACHE (the lab's cache; this root goes to $LAB_CACHE/perf), PERF_EXTRA (more files for /opt/lab).
# Output: $LAB_RUN/out/calls.csv (every timed call, both daemons) and $LAB_RUN/out/table.md (printed at the end).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
LAB_CACHE=${LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ceph-iscsi-karaf/lab}
CACHE=$LAB_CACHE/perf
RUN=${LAB_RUN:-/tmp/lab-perf}
PORT=${PORT:-13290}
MEM=${MEM:-3072}
SMP=${SMP:-2}
PERF_N=${PERF_N:-64}
CPU=${CPU:-max}
# QEMU 7.2's multi-threaded TCG (the default) loses the JVM now and then: SIGSEGV in C1-compiled plain Java at the
# appliance's start (4 starts of 10 in the migration guest, different methods each time; its AVX off: still 1 of 4),
# never with ACCEL=tcg,thread=single (6 of 6), which starts it about twice as slowly. The side-by-side figures were
# taken multi-threaded; the checks that must not fail by chance (migrate-check.sh) run single-threaded.
ACCEL=${ACCEL:-tcg}
TARGET=iqn.2003-01.com.example.iscsi-gw:perf
HOST_IQN=iqn.1994-05.com.example:perfhost
mkdir -p "$CACHE" "$RUN"

say() { echo "perf: $(date +%T) $*" >&2; }

# packages of the guest root on top of the lab's minbase + Java 17 (apt-get in a chroot resolves dependencies)
PACKAGES="tcmu-runner ceph-iscsi ceph-mon ceph-osd ceph-mgr ceph-common uuid-runtime python3 openssh-client
  libiscsi-bin iproute2 procps kmod"

build_root() {
  "$HERE/lab.sh" image   # kernel + initramfs (its switch_root runs /usr/local/sbin/lab-init of the root)
  cd "$CACHE"
  # rebuilt when what goes into it changes (by content: a fresh checkout's newer files do not count)
  local stamp; stamp=$( { echo "$PACKAGES"; cat "$HERE/perf-init.sh" "$HERE/../ceph/mini-cluster.sh" \
    "$HERE/../ceph/stop-mini-cluster.sh"; } | sha256sum | cut -c1-16)
  [ -f rootfs.ext4 ] && [ "$(cat rootfs.stamp 2>/dev/null)" = "$stamp" ] && return 0
  if [ ! -x rootfs/usr/bin/rbd-target-api ]; then
    local t0=$SECONDS
    say "guest root (slow, once): the lab's Debian 12 root + ${PACKAGES//$'\n'/ }"
    rm -rf rootfs rootfs.tmp
    cp -a "$LAB_CACHE/rootfs" rootfs.tmp
    printf '#!/bin/sh\nexit 101\n' > rootfs.tmp/usr/sbin/policy-rc.d && chmod 755 rootfs.tmp/usr/sbin/policy-rc.d
    mount -t proc proc rootfs.tmp/proc
    local rc=0
    chroot rootfs.tmp /bin/sh -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      --no-install-recommends $(echo $PACKAGES)" >&2 || rc=$?
    umount rootfs.tmp/proc
    [ "$rc" = 0 ] || { say "apt-get in the guest root failed"; exit 1; }
    rm -rf rootfs.tmp/var/cache/apt/archives/*.deb rootfs.tmp/var/lib/apt/lists/* rootfs.tmp/usr/sbin/policy-rc.d
    # tcmu-runner loads target_core_user through libkmod: the kernel's modules, with their index
    local KV; KV=$(ls "$LAB_CACHE/kernel/lib/modules" | head -1)
    mkdir -p "rootfs.tmp/lib/modules/$KV"
    cp -a "$LAB_CACHE/kernel/lib/modules/$KV/." "rootfs.tmp/lib/modules/$KV/"
    mv rootfs.tmp rootfs
    say "guest root took $((SECONDS - t0)) s"
  fi
  install -D -m 755 "$HERE/perf-init.sh" rootfs/usr/local/sbin/lab-init
  install -D -m 755 "$HERE/../ceph/mini-cluster.sh" rootfs/usr/local/sbin/mini-cluster.sh
  install -D -m 755 "$HERE/../ceph/stop-mini-cluster.sh" rootfs/usr/local/sbin/stop-mini-cluster.sh
  rm -f rootfs.ext4.new
  mke2fs -q -t ext4 -d rootfs rootfs.ext4.new 6G
  mv rootfs.ext4.new rootfs.ext4
  echo "$stamp" > rootfs.stamp
}

dist() {
  local d=${DIST:-$(ls "$REPO"/karaf-assembly/target/ceph-iscsi-karaf-assembly-*.tar.gz 2>/dev/null | head -1)}
  [ -n "$d" ] && [ -f "$d" ] || { say "no distribution (build it: mvn install -DskipTests, or DIST=...)"; exit 2; }
  echo "$d"
}

# the second disk: the distribution, the driver, an SSH key for the appliance's console
build_data_disk() {
  rm -rf "$RUN/data" && mkdir -p "$RUN/data"
  cp "$(dist)" "$RUN/data/appliance.tar.gz"
  cp "$HERE/perf_driver.py" "$RUN/data/"
  local extra; for extra in ${PERF_EXTRA:-}; do cp "$extra" "$RUN/data/"; done # other drivers (hot-update.sh)
  ssh-keygen -q -t rsa -b 2048 -N '' -f "$RUN/data/id_perf"
  rm -f "$RUN/data.ext4"
  mke2fs -q -t ext4 -d "$RUN/data" "$RUN/data.ext4" 512M
}

running() { [ -f "$RUN/qemu.pid" ] && kill -0 "$(cat "$RUN/qemu.pid")" 2>/dev/null; }

up() {
  running && { say "already running (pid $(cat "$RUN/qemu.pid")); perf.sh down first"; return 0; }
  build_root
  build_data_disk
  cd "$RUN"
  rm -f console.log console.sock qemu.pid
  local KV; KV=$(ls "$LAB_CACHE/kernel/lib/modules" | head -1)
  local t0=$SECONDS
  qemu-system-x86_64 -accel "$ACCEL" -cpu "$CPU" -m "$MEM" -smp "$SMP" \
    -nodefaults -no-user-config -display none -monitor none -no-reboot \
    -kernel "$LAB_CACHE/kernel/boot/vmlinuz-$KV" -initrd "$LAB_CACHE/initramfs.cpio.gz" \
    -append "console=ttyS0 quiet panic=-1 lab.root=/dev/vda" \
    -drive file="$CACHE/rootfs.ext4",if=virtio,format=raw,snapshot=on \
    -drive file="$RUN/data.ext4",if=virtio,format=raw \
    -netdev user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:${PORT}-:3260,hostfwd=tcp:127.0.0.1:$((PORT + 1))-:8000 \
    -device virtio-net-pci,netdev=n0 \
    -chardev socket,id=con,path="$RUN/console.sock",server=on,wait=off,logfile="$RUN/console.log" \
    -serial chardev:con -pidfile "$RUN/qemu.pid" -daemonize > "$RUN/qemu.out" 2>&1 \
    || { cat "$RUN/qemu.out" >&2; exit 1; }
  say "qemu pid $(cat qemu.pid) (TCG, ${MEM} MB, ${SMP} cpus), waiting for Ceph and tcmu-runner in the guest"
  local limit=${BOOT_LIMIT:-900}
  until grep -q 'PERF-READY\|PERF-FAILED' console.log 2>/dev/null; do
    running || { say "qemu exited"; tail -30 console.log >&2; exit 1; }
    [ $((SECONDS - t0)) -lt "$limit" ] || { say "timeout after $limit s"; tail -30 console.log >&2; down; exit 1; }
    sleep 1
  done
  grep -q 'PERF-FAILED' console.log && { say "guest setup failed"; tail -40 console.log >&2; down; exit 1; }
  say "guest ready in $((SECONDS - t0)) s"
}

cmd() { python3 "$HERE/gcmd.py" "$RUN/console.sock" "$*" "${CMD_TIMEOUT:-600}"; }

# files in and out of the running guest (host port PORT+1 -> the guest's perf_driver.py serve on port 8000): a new
# distribution or driver without a new boot, profiles and logs out
files() {
  curl -s -o /dev/null "http://127.0.0.1:$((PORT + 1))/proc/uptime" && return 0
  CMD_TIMEOUT=60 cmd "(setsid python3 /opt/lab/perf_driver.py serve </dev/null >/var/log/perf-serve.log 2>&1 &)" >/dev/null
  local i; for i in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$((PORT + 1))/proc/uptime" && return 0; sleep 1; done
  say "no file service in the guest"; exit 1
}
put() { files; curl -sf -T "$1" "http://127.0.0.1:$((PORT + 1))$2" && say "put $1 -> guest:$2"; }
get() { files; curl -sf -o "$2" "http://127.0.0.1:$((PORT + 1))$1"; }

# iscsi-inq and a short Read10/Write10 run from this machine against LUN 0 of the target, as the mapped host
datapath() { # name
  local url="iscsi://127.0.0.1:$PORT/$TARGET/0" out=$RUN/out/datapath-$1.log ok=1
  : > "$out"
  local try
  for try in 1 2 3; do # the first command after a LUN map change may get UNIT ATTENTION
    if iscsi-inq -i "$HOST_IQN" "$url" >> "$out" 2>&1; then ok=0; break; fi
    sleep 2
  done
  local inq=fail rw=fail
  [ "$ok" = 0 ] && inq=ok
  # A TCMU user:rbd LUN answers BUSY (status 8) while tcmu-runner takes the image's exclusive lock for the first
  # write (slow under TCG); initiators retry BUSY, iscsi-test-cu does not. So: a warm-up of Write10 runs until one
  # passes whole (at most 12, 5 s apart; each run's BUSY answers are counted), then the check itself: one run of
  # Read10 and Write10 that must pass whole.
  local busy=0 warm=0 b
  for try in $(seq 1 12); do
    warm=$try
    echo "== warm-up run $try (Write10)" >> "$out"
    timeout 300 iscsi-test-cu -i "$HOST_IQN" --dataloss -s -t 'SCSI.Write10.Simple' "$url" > "$out.run" 2>&1 || true
    cat "$out.run" >> "$out"
    b=$(grep -c 'failed with status 8' "$out.run" || true); busy=$((busy + b))
    grep -qE 'tests +1 +1 +1 +0' "$out.run" && break
    warm=fail; sleep 5
  done
  echo "== check (Read10 + Write10)" >> "$out"
  timeout 600 iscsi-test-cu -i "$HOST_IQN" --dataloss -s -t 'SCSI.Read10.Simple,SCSI.Write10.Simple' "$url" \
    > "$out.run" 2>&1 || true
  cat "$out.run" >> "$out"
  if grep -qE 'tests +2 +2 +2 +0' "$out.run"; then rw=ok; else
    rw="fail ($(grep -c 'FAILED' "$out.run" || true) failed asserts, $(grep -c 'status 8' "$out.run" || true) BUSY)"; fi
  if [ "$warm" = fail ]; then rw="$rw; warm-up: no clean Write10 run in 12 ($busy BUSY answers)"
  else rw="$rw; warm-up: $warm Write10 run(s) until a clean one ($busy BUSY answers before)"; fi
  rm -f "$out.run"
  echo "$1,datapath,iscsi-inq,$inq" >> "$RUN/out/datapath.csv"
  echo "$1,datapath,Read10+Write10 (iscsi-test-cu),$rw" >> "$RUN/out/datapath.csv"
  say "data path $1: iscsi-inq $inq, Read10/Write10 $rw (log $out)"
}

run() {
  local t0=$SECONDS
  up
  mkdir -p "$RUN/out" && : > "$RUN/out/datapath.csv"
  CMD_TIMEOUT=60 cmd "rm -f /var/lib/perf/calls.csv"  # this run's calls only (a guest left up may have others)
  local sides=${PERF_ONLY:-upstream appliance} side
  for side in $sides; do
    say "$side: workload (N = 1..$PERF_N), ls, restart and restore"
    CMD_TIMEOUT=7200 cmd "python3 /opt/lab/perf_driver.py run $side $PERF_N > /var/log/perf-$side.log 2>&1" \
      || true
    CMD_TIMEOUT=60 cmd "tail -5 /var/log/perf-$side.log"
    datapath "$side"
    CMD_TIMEOUT=900 cmd "python3 /opt/lab/perf_driver.py stop $side >> /var/log/perf-$side.log 2>&1" || true
  done
  CMD_TIMEOUT=120 cmd "cat /var/lib/perf/calls.csv" > "$RUN/out/calls.csv"
  CMD_TIMEOUT=120 cmd "python3 /opt/lab/perf_driver.py report $PERF_N" > "$RUN/out/table.md"
  for side in $sides; do CMD_TIMEOUT=120 cmd "cat /var/log/perf-$side.log" > "$RUN/out/perf-$side.log"; done
  # the data path results join the table
  { echo; echo "| data path (from this machine, libiscsi, LUN 0) | result |"; echo "|---|---|";
    awk -F, '{d=$4; for (i = 5; i <= NF; i++) d = d "," $i; print "| " $1 ": " $3 " | " d " |"}' \
      "$RUN/out/datapath.csv"; } >> "$RUN/out/table.md"
  down
  say "done in $((SECONDS - t0)) s; CSV: $RUN/out/calls.csv"
  cat "$RUN/out/table.md"
}

down() {
  if [ -f "$RUN/qemu.pid" ]; then
    local p; p=$(cat "$RUN/qemu.pid")
    if kill -0 "$p" 2>/dev/null && grep -q qemu "/proc/$p/cmdline" 2>/dev/null; then
      kill "$p" && say "stopped qemu pid $p"
    fi
    rm -f "$RUN/qemu.pid"
  fi
}

case "${1:-}" in
  image) build_root ;;
  up) up ;;
  run) run ;;
  cmd) shift; cmd "$@" ;;
  put) put "$2" "$3" ;;
  get) get "$2" "$3" ;;
  down) down ;;
  *) sed -n 2,20p "$0"; exit 1 ;;
esac
