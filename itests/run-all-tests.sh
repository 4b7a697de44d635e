#!/usr/bin/env bash
# Runs every test of the project: the README's test command, and what .ci/run calls.
#  1. installs the Debian packages the tests need when they are missing (apt-get),
#  2. starts the project's real single-node Ceph (mon + mgr + one OSD on 127.0.0.1, pools rbd and iscsi) and
#     builds (once, then cached) the LIO lab's QEMU guest image,
#  3. runs the Maven build with every unit test, the LIO lab tests on a real kernel in QEMU and the Pax Exam
#     tests on the real distribution,
#  4. stops that cluster (only its own processes) and removes its folder.
# Extra arguments go to Maven, e.g. itests/run-all-tests.sh -o   (offline, when the local repository is warm).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(ceph-mon ceph-osd ceph-mgr ceph-common uuid-runtime ceph-iscsi openssh-client python3
  qemu-system-x86 libiscsi-bin kmod cpio busybox-static debootstrap e2fsprogs openssl prometheus)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  echo "run-all-tests: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cluster=$(mktemp -d "${TMPDIR:-/tmp}/ceph-iscsi-test-cluster.XXXXXX")
trap 'itests/ceph/stop-mini-cluster.sh -p "$cluster" >/dev/null || true' EXIT
conf=$(itests/ceph/mini-cluster.sh "$cluster" | sed -n 's/^CEPH_CONF=//p')
[ -n "$conf" ] || { echo "run-all-tests: the test Ceph cluster did not start (see $cluster/log)" >&2; exit 1; }
export CEPH_ISCSI_TEST_CONF=$conf

# the LIO lab's guest image (kernel, initramfs, Debian root with Java): built once, then cached; LioLabIT skips,
# saying why, when it cannot be built here
itests/lab/lab.sh image || echo "run-all-tests: no LIO lab image; LioLabIT will skip" >&2

rc=0
mvn -B verify "$@" || rc=$?
if [ "$rc" != 0 ]; then
  # what the appliances logged as errors (the Pax Exam containers are kept; process gateways keep their own dirs)
  # (without the framework's dispatch errors while Pax Exam's feature install refreshes Karaf's spec locator)
  for log in itests/target/exam/*/data/log/karaf.log itests/target/*/*/data/log/karaf.log; do
    [ -f "$log" ] || continue
    errors=$(grep ' ERROR ' "$log" | grep -v -e 'specs/locator/OsgiLocator' -e '| FrameworkEvent ERROR$' || true)
    [ -n "$errors" ] || continue
    echo "run-all-tests: ERROR lines of $log (last 8):"
    tail -8 <<<"$errors" | cut -c1-400
  done
fi
exit "$rc"
