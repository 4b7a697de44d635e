#!/bin/bash
# A gateway migrated from ceph-iscsi 3.5 to this appliance and back, on a real kernel, on demand: perf.sh's guest
# (TCG: the Debian 6.1 kernel, tcmu-runner 1.5.4, Debian's ceph-iscsi 3.5, a single-node Ceph) runs
# migrate_driver.py's steps; between them this machine reads and writes the LUNs over the port forward as the
# target's host, with CHAP (lun_pattern.py, libiscsi):
#   1. ceph-iscsi's API makes a target, gateway, host with CHAP and two 64 MiB user:rbd disks mapped to it;
#      a pattern is written to each LUN;
#   2. rbd-target-api stops (it empties LIO), the appliance starts on the same gateway.conf with upstream's
#      iscsi-gateway.cfg; its LIO is compared with ceph-iscsi's (unit serials, LUN ids, ACL, CHAP, portal, TPG) and
#      both patterns are read back through it;
#   3. a third disk is created and mapped through the appliance's API; a pattern is written to it;
#   4. the appliance stops (LIO stays), rbd-target-api starts again on the configuration the appliance wrote; its
#      LIO and gwcli show the third disk, and all three patterns are read back.
#
#   migrate-check.sh      up, the steps, report ($LAB_RUN/out/migrate.log), down (KEEP=1 leaves the guest up)
#
# Env: LAB_RUN (default /tmp/lab-migrate), PORT (default 13690), SMP (default 2), MEM (default 3072), ACCEL (default
#      tcg,thread=single), LAB_CACHE,
#      DIST as for perf.sh (the distribution: build it first).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# single-threaded TCG: multi-threaded, the JVM dies at the appliance's start now and then (perf.sh)
export LAB_RUN=${LAB_RUN:-/tmp/lab-migrate} PORT=${PORT:-13690} SMP=${SMP:-2} MEM=${MEM:-3072} \
  ACCEL=${ACCEL:-tcg,thread=single}
export PERF_EXTRA="$HERE/migrate_driver.py"
OUT=$LAB_RUN/out
mkdir -p "$OUT"
LOG=$OUT/migrate.log
: > "$LOG"
TARGET=iqn.2003-01.com.example.iscsi-gw:migrate
HOST=iqn.1994-05.com.example:migrate-host
CHAP="migrateuser migrate-pass1"
say() { echo "migrate-check: $(date +%T) $*" | tee -a "$LOG" >&2; }
step() { say "guest: $1"; CMD_TIMEOUT=3600 "$HERE/perf.sh" cmd "cd /opt/lab && python3 migrate_driver.py $1 2>&1" \
  | tee -a "$LOG"; }
pattern() { # write|check LUN SEED
  local out rc=0
  out=$(python3 "$HERE/lun_pattern.py" "$1" "127.0.0.1:$PORT" "$TARGET" "$HOST" "$2" "$3" $CHAP 2>&1) || rc=$?
  echo "check host: $1 LUN $2 (seed $3) over iSCSI with CHAP: $([ $rc = 0 ] && echo ok || echo "FAIL rc=$rc") $out" \
    | tee -a "$LOG"
}

t0=$SECONDS
"$HERE/perf.sh" up
trap '[ -n "${KEEP:-}" ] || "$HERE/perf.sh" down' EXIT
step upstream
pattern write 0 first; pattern write 1 second
step appliance
pattern check 0 first; pattern check 1 second
step change
pattern write 2 third
step rollback
pattern check 0 first; pattern check 1 second; pattern check 2 third
step stop
checks=$(grep -c '^check ' "$LOG" || true); failed=$(grep -c '^check .*: FAIL' "$LOG" || true)
say "done in $((SECONDS - t0)) s: $checks checks, $failed failed (log $LOG)"
grep '^check .*: FAIL' "$LOG" >&2 || true
[ "$failed" = 0 ] && [ "$checks" -gt 0 ]
