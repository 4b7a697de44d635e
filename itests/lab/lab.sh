#!/bin/bash
# The project's LIO lab: a stock Debian 12 kernel with LIO booted in QEMU, configured by the
# project's LIO engine (bundles/lio) running inside the guest on a Java 17 Debian rootfs.
# Adopted from the shared feasibility lab; nothing here needs files outside this repository.
#
#   lab.sh image     build (or reuse) the cached kernel, initramfs and rootfs image
#   lab.sh up        image + boot the guest, let the engine build the sample configuration,
#                    leave it running, print portal, target IQNs, initiators and CHAP credentials
#   lab.sh cmd 'sh'  run a shell command in the running guest (over the serial socket)
#   lab.sh engine A  run the engine in the guest: A = apply | plan | read | owner <disk> <tag> | kernel-rules ...
#   lab.sh down      stop the guest that `up` started (by its pid file), nothing else
#   lab.sh status    print the running guest's facts again
#
# Env: LAB_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/ceph-iscsi-karaf/lab) holds the slow,
#      reusable parts (kernel, initramfs, debootstrap rootfs image: a cold build takes minutes);
#      LAB_RUN (default ${TMPDIR:-/tmp}/ceph-iscsi-lab-$UID) holds one running guest;
#      PORT (default 13260) host port forwarded to the guest's 3260; MEM (default 768);
#      LIO_CLASSES / LIO_TEST_CLASSES: the engine (a jar or a classes folder) and the test classes
#      holding the lab main and sample (defaults: bundles/lio/target/classes and target/test-classes).
# KVM here is kvm-pvm (needs a PVM guest kernel), so the guest runs under TCG.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CACHE=${LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ceph-iscsi-karaf/lab}
RUN=${LAB_RUN:-${TMPDIR:-/tmp}/ceph-iscsi-lab-$(id -u)}
PORT=${PORT:-13260}
MEM=${MEM:-768}
LIO_CLASSES=${LIO_CLASSES:-$REPO/bundles/lio/target/classes}
LIO_TEST_CLASSES=${LIO_TEST_CLASSES:-$REPO/bundles/lio/target/test-classes}
mkdir -p "$CACHE" "$RUN"

say() { echo "lab: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the lab needs on the host (installed only when missing)
need_tools() {
  local missing=()
  command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
  command -v iscsi-ls >/dev/null || missing+=(libiscsi-bin)
  command -v depmod >/dev/null || missing+=(kmod)
  command -v cpio >/dev/null || missing+=(cpio)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v mke2fs >/dev/null || missing+=(e2fsprogs)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2
  fi
}

# the Debian mirror this machine's apt already uses (deb822 or one-line sources)
apt_mirror() {
  grep -hoE '^(URIs:|deb)[[:space:]]+[^[:space:]]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
    awk '{print $2}' | grep -v -- '-security' | head -1
}

kver() { ls "$CACHE/kernel/lib/modules" | head -1; }

# kernel (apt-get download + dpkg -x: unpacked, never installed) and the busybox initramfs
build_kernel() {
  cd "$CACHE"
  [ -f initramfs.cpio.gz ] && [ initramfs.cpio.gz -nt "$HERE/guest-init.sh" ] && return 0
  if [ ! -d kernel/boot ]; then
    local pkg
    pkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | awk '{print $1}' | sort -V | tail -1)
    [ -n "$pkg" ] || { as_root apt-get update >&2; pkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | awk '{print $1}' | sort -V | tail -1); }
    say "kernel package: $pkg"
    rm -rf kernel dl && mkdir dl && (cd dl && apt-get download "$pkg" >&2)
    dpkg -x dl/"$pkg"_*.deb kernel && rm -rf dl
  fi
  local KV; KV=$(kver)
  depmod -b kernel "$KV"
  local MODS="virtio_pci virtio_net virtio_blk ext4 configfs target_core_mod target_core_iblock target_core_file
        target_core_user iscsi_target_mod crc32c_generic crc32c_intel"
  for m in $MODS; do modprobe -d kernel -S "$KV" --show-depends "$m"; done \
    | awk '$1=="insmod"{print $2}' | awk '!s[$0]++' | sed "s|^.*/lib/modules/$KV/||" > modorder.txt
  rm -rf initramfs && mkdir -p initramfs/bin "initramfs/lib/modules/$KV"
  cp /bin/busybox initramfs/bin/busybox
  while read -r m; do
    mkdir -p "initramfs/lib/modules/$KV/$(dirname "$m")"
    cp "kernel/lib/modules/$KV/$m" "initramfs/lib/modules/$KV/$m"
  done < modorder.txt
  cp modorder.txt initramfs/modorder.txt
  install -m 755 "$HERE/guest-init.sh" initramfs/init
  (cd initramfs && find . | cpio -o -H newc --quiet | gzip -1) > initramfs.cpio.gz.new
  mv initramfs.cpio.gz.new initramfs.cpio.gz
}

# Debian 12 minbase + Java 17 -> ext4 image; the guest boots it with snapshot=on, so it stays pristine
build_rootfs() {
  cd "$CACHE"
  [ -f rootfs.ext4 ] && [ rootfs.ext4 -nt "$HERE/rootfs-init.sh" ] && return 0
  if [ ! -x rootfs/usr/bin/java ]; then
    local t0=$SECONDS
    rm -rf rootfs
    say "debootstrap (slow, once): Debian 12 minbase + openjdk-17-jre-headless"
    debootstrap --variant=minbase --include=openjdk-17-jre-headless,iproute2,kmod,procps \
      bookworm rootfs "$(apt_mirror)" >&2
    rm -rf rootfs/var/cache/apt/archives/*.deb
    say "debootstrap took $((SECONDS - t0)) s"
  fi
  install -D -m 755 "$HERE/rootfs-init.sh" rootfs/usr/local/sbin/lab-init
  mkdir -p rootfs/opt/lab
  rm -f rootfs.ext4.new
  mke2fs -q -t ext4 -d rootfs rootfs.ext4.new 2G
  mv rootfs.ext4.new rootfs.ext4
}

image() { need_tools; build_kernel; build_rootfs; }

# the engine and its sample configuration go on a small second disk, rebuilt on every `up`
build_data_disk() {
  [ -e "$LIO_CLASSES" ] || { say "engine not found at $LIO_CLASSES (build bundles/lio first)"; exit 2; }
  [ -d "$LIO_TEST_CLASSES/io/cephiscsi/lio/lab" ] || { say "lab classes not found in $LIO_TEST_CLASSES"; exit 2; }
  rm -rf "$RUN/data" && mkdir -p "$RUN/data/classes"
  if [ -d "$LIO_CLASSES" ]; then cp -r "$LIO_CLASSES/io" "$RUN/data/classes/"; else cp "$LIO_CLASSES" "$RUN/data/engine.jar"; fi
  cp -r "$LIO_TEST_CLASSES/io" "$RUN/data/classes/"
  echo "$PORT" > "$RUN/data/host-port"
  rm -f "$RUN/data.ext4"
  mke2fs -q -t ext4 -d "$RUN/data" "$RUN/data.ext4" 64M
}

running() { [ -f "$RUN/qemu.pid" ] && kill -0 "$(cat "$RUN/qemu.pid")" 2>/dev/null; }

up() {
  running && { say "already running (pid $(cat "$RUN/qemu.pid")); lab.sh down first"; status; return 0; }
  image
  build_data_disk
  cd "$RUN"
  rm -f console.log console.sock qemu.pid
  local t0=$SECONDS
  qemu-system-x86_64 -accel tcg -cpu max -m "$MEM" -smp 1 \
    -nodefaults -no-user-config -display none -monitor none -no-reboot \
    -kernel "$CACHE/kernel/boot/vmlinuz-$(kver)" -initrd "$CACHE/initramfs.cpio.gz" \
    -append "console=ttyS0 quiet panic=-1 lab.root=/dev/vda" \
    -drive file="$CACHE/rootfs.ext4",if=virtio,format=raw,snapshot=on \
    -drive file="$RUN/data.ext4",if=virtio,format=raw \
    -netdev user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:${PORT}-:3260 \
    -device virtio-net-pci,netdev=n0 \
    -chardev socket,id=con,path="$RUN/console.sock",server=on,wait=off,logfile="$RUN/console.log" \
    -serial chardev:con -pidfile "$RUN/qemu.pid" -daemonize > "$RUN/qemu.out" 2>&1 \
    || { cat "$RUN/qemu.out" >&2; exit 1; }
  echo "$PORT" > "$RUN/port"
  say "qemu pid $(cat qemu.pid), waiting for the engine"
  local limit=${BOOT_LIMIT:-300}
  until grep -q 'LAB-ENGINE-DONE\|LAB-ENGINE-FAILED' console.log 2>/dev/null; do
    running || { say "qemu exited"; tail -30 console.log >&2; exit 1; }
    [ $((SECONDS - t0)) -lt "$limit" ] || { say "timeout after $limit s"; tail -30 console.log >&2; down; exit 1; }
    sleep 0.3
  done
  grep -q 'LAB-ENGINE-FAILED' console.log && { say "engine failed"; grep -E 'LAB|Exception|at io' console.log >&2; exit 1; }
  until iscsi-ls "iscsi://127.0.0.1:$PORT" >/dev/null 2>&1; do
    [ $((SECONDS - t0)) -lt "$limit" ] || { say "portal not reachable"; exit 1; }
    sleep 0.2
  done
  say "guest up and configured in $((SECONDS - t0)) s"
  grep -E '^LAB\[' console.log >&2 || true
  status
}

status() {
  running || { say "not running"; return 1; }
  echo "portal=127.0.0.1:$(cat "$RUN/port")"
  echo "qemu_pid=$(cat "$RUN/qemu.pid")"
  sed -n 's/^LAB-FACT //p' "$RUN/console.log" | tr -d '\r'
}

cmd() { python3 "$HERE/gcmd.py" "$RUN/console.sock" "$*" "${CMD_TIMEOUT:-120}"; }

engine() { cmd "lab-engine ${*:-plan}"; }


down() {
  if [ -f "$RUN/qemu.pid" ]; then
    local p; p=$(cat "$RUN/qemu.pid")
    if kill -0 "$p" 2>/dev/null && grep -q qemu "/proc/$p/cmdline" 2>/dev/null; then
      kill "$p" && say "stopped qemu pid $p"
    fi
    rm -f "$RUN/qemu.pid"
  else
    say "nothing to stop"
  fi
}

case "${1:-}" in
  image) image ;;
  up) up ;;
  status) status ;;
  cmd) shift; cmd "$@" ;;
  engine) shift; engine "$@" ;;
  down) down ;;
  *) sed -n 2,22p "$0"; exit 1 ;;
esac
