#!/bin/bash
# Hot update on a real LIO kernel with a live iSCSI session (issue 8), on demand: perf.sh's guest (TCG, Java 17,
# tcmu-runner, a single-node Ceph) runs the appliance on the real configfs with one target, gateway, one 64 MiB
# user:rbd LUN and two hosts; this machine logs in to the LUN twice over the port forward and keeps
#   - writing and reading it back (iscsi_rw.py: libiscsi through ctypes, one session, reconnects off, every block
#     read is compared with what was written), and
#   - reading it (iscsi-perf -x 0: no reconnect allowed),
# while `bundle:update --refresh` of io.cephiscsi.lio, io.cephiscsi.gateway and io.cephiscsi.rest runs in the guest
# over the appliance's SSH console (hot_driver.py). Report: the LIO session of each host before and after every
# update (id, TSIH, state), I/O errors and mismatches, the lowest per-second rates, configfs directories re-made or
# gone (inodes), each restarted gateway's restore line and the API's absence per update.
#
#   hot-update.sh run     up + setup + I/O + the updates + report; stops the guest
#   hot-update.sh up      the guest (perf.sh up) and the appliance in it (setup), left running
#   hot-update.sh updates [bundle...]   the I/O and the updates against the running guest, then the report
#   hot-update.sh cmd 'sh' | down      perf.sh's, on this guest
#
# Env: LAB_RUN (default /tmp/lab-hot), PORT (default 13380, forwarded to the guest's 3260), SMP (default 1), MEM,
#      LAB_CACHE, DIST as for perf.sh; UPDATES (default "io.cephiscsi.lio io.cephiscsi.gateway io.cephiscsi.rest"),
#      PAUSE (s of I/O before, between and after the updates, default 30).
# Output: $LAB_RUN/out/{rw.log,perf.log,updates.jsonl,report.md}.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
export LAB_RUN=${LAB_RUN:-/tmp/lab-hot} PORT=${PORT:-13380} SMP=${SMP:-1}
export PERF_EXTRA="$HERE/hot_driver.py"
RUN=$LAB_RUN
OUT=$RUN/out
UPDATES=${UPDATES:-io.cephiscsi.lio io.cephiscsi.gateway io.cephiscsi.rest}
PAUSE=${PAUSE:-30}
TARGET=iqn.2003-01.com.example.iscsi-gw:perf   # perf_driver.py's names, which hot_driver.py reuses
WRITER=iqn.1994-05.com.example:perfhost
READER=$WRITER-reader
LUN=0

say() { echo "hot-update: $(date +%T) $*" >&2; }
perf() { "$HERE/perf.sh" "$@"; }
guest() { CMD_TIMEOUT=${CMD_TIMEOUT:-600} perf cmd "$@"; }

setup() {
  mkdir -p "$OUT"
  say "appliance in the guest (Karaf under TCG takes minutes), target, gateway, user:rbd LUN, hosts"
  CMD_TIMEOUT=5400 guest "python3 /opt/lab/hot_driver.py setup > /var/log/hot-setup.log 2>&1" || true
  guest "cat /var/log/hot-setup.log" | tee "$OUT/setup.log" >&2
  grep -q HOT-SETUP-OK "$OUT/setup.log" || { say "setup failed"; exit 1; }
}

up() {
  perf up
  setup
}

io_start() {
  rm -f "$RUN/io.stop"
  python3 "$HERE/iscsi_rw.py" "127.0.0.1:$PORT" "$TARGET" "$WRITER" "$LUN" "$RUN/io.stop" > "$OUT/rw.log" 2>&1 &
  echo $! > "$RUN/rw.pid"
  iscsi-perf -i "$READER" -m 2 -b 8 -x 0 "iscsi://127.0.0.1:$PORT/$TARGET/$LUN" > "$OUT/perf.log" 2>&1 &
  echo $! > "$RUN/iscsi-perf.pid"
  local i
  for i in $(seq 1 60); do
    grep -q '^sample' "$OUT/rw.log" 2>/dev/null && break
    kill -0 "$(cat "$RUN/rw.pid")" 2>/dev/null || { say "iscsi_rw.py ended: $(tail -3 "$OUT/rw.log")"; exit 1; }
    sleep 1
  done
  say "I/O running: iscsi_rw.py (pid $(cat "$RUN/rw.pid")), iscsi-perf (pid $(cat "$RUN/iscsi-perf.pid"))"
}

io_stop() {
  touch "$RUN/io.stop"
  local p
  p=$(cat "$RUN/iscsi-perf.pid" 2>/dev/null || true)
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null && grep -q iscsi-perf "/proc/$p/cmdline"; then kill -INT "$p"; fi
  p=$(cat "$RUN/rw.pid" 2>/dev/null || true)
  if [ -n "$p" ]; then
    for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 1; done
  fi
  rm -f "$RUN/rw.pid" "$RUN/iscsi-perf.pid"
}

updates() {
  [ $# -gt 0 ] && UPDATES="$*"
  mkdir -p "$OUT" && : > "$OUT/updates.jsonl"
  guest "python3 /opt/lab/hot_driver.py sessions" | grep '^{' > "$OUT/sessions-idle.json" || true
  io_start
  trap io_stop EXIT
  sleep "$PAUSE"
  guest "python3 /opt/lab/hot_driver.py sessions" | grep '^{' > "$OUT/sessions-before.json" || true
  local b
  for b in $UPDATES; do
    say "bundle:update --refresh $b"
    CMD_TIMEOUT=3600 guest "python3 /opt/lab/hot_driver.py update $b -r" | grep '^{' >> "$OUT/updates.jsonl" || true
    tail -1 "$OUT/updates.jsonl" | cut -c1-400 >&2
    sleep "$PAUSE"
  done
  guest "python3 /opt/lab/hot_driver.py sessions" | grep '^{' > "$OUT/sessions-after.json" || true
  io_stop
  trap - EXIT
  report | tee "$OUT/report.md"
}

report() {
  python3 - "$OUT" "$WRITER" "$READER" <<'EOF'
import json, re, sys
out, writer, reader = sys.argv[1:4]
rw = open(out + "/rw.log").read()
summary = json.loads(re.search(r"^summary (.*)$", rw, re.M).group(1)) if "summary " in rw else None
perf = open(out + "/perf.log", errors="replace").read().replace("\r", "\n")
stamps = [(int(h) * 3600 + int(m) * 60 + int(s_), int(x)) for h, m, s_, x in
          re.findall(r"(\d+):(\d+):(\d+) - lba \d+, iops current (\d+)", perf)]
iops = [x for _, x in stamps]
perf_gap = max((b[0] - a[0] for a, b in zip(stamps, stamps[1:])), default=0)  # iscsi-perf skips a stalled second
perf_errors = [ln for ln in perf.splitlines() if re.search(r"error|fail|reconnect", ln, re.I)]
updates = [json.loads(ln) for ln in open(out + "/updates.jsonl") if ln.strip()]
def load(name):
    try:
        return json.loads(open(out + "/" + name).read() or "{}")
    except (OSError, ValueError):
        return {}
before, after = load("sessions-before.json"), load("sessions-after.json")
print("| update (`bundle:update --refresh`) | console | API away | LIO dirs re-made or gone | restore | %s session | %s session |"
      % (writer.split(":")[-1], reader.split(":")[-1]))
print("|---|---|---|---|---|---|---|")
for u in updates:
    def sess(host):
        b, a = u["sessions_before"].get(host), u["sessions_after"].get(host)
        if not b or not a:
            return "missing (%s -> %s)" % (b, a)
        same = (b["id"], b["tsih"]) == (a["id"], a["tsih"])
        return "%s id %d TSIH %d, %s" % ("same" if same else "CHANGED", a["id"], a["tsih"], a["state"])
    print("| %s | rc %s, %.1f s | %.1f s | %d of %d | %s | %s | %s |" % (
        u["bundle"], u["console_rc"], u["console_s"], u["api_away_s"], u["dirs_changed_count"], u["dirs_before"],
        "; ".join(r.split(" (", 1)[1].rstrip(")") if " (" in r else r for r in u["restores"]) or "none logged",
        sess(writer), sess(reader)))
print()
same = all(before.get(h) and after.get(h) and (before[h]["id"], before[h]["tsih"]) == (after[h]["id"], after[h]["tsih"])
           and after[h]["state"] == "TARG_SESS_STATE_LOGGED_IN" for h in (writer, reader))
print("- sessions from the first to the last update: %s (before %s, after %s)" % ("same, logged in" if same else "NOT the same", before, after))
if summary:
    print("- writer/verifier (iscsi_rw.py, one session, 4 KiB WRITE(16) + READ(16) back + READ(16) of an older slot): "
          "%d writes, %d reads in %.0f s; errors %d, mismatches %d, BUSY/UNIT ATTENTION retried %d; lowest per second: "
          "%d writes, %d reads; seconds without a completed write: %d; longest round: %s s" % (summary["writes"],
          summary["reads"], summary["seconds"], summary["errors"], summary["mismatches"], summary["retries"],
          summary["min_writes_per_s"], summary["min_reads_per_s"], summary["seconds_without_write"],
          summary.get("longest_round_s", "?")))
    for e in summary["first_errors"]:
        print("  - " + e)
else:
    print("- writer/verifier: no summary (%s)" % rw.strip().splitlines()[-3:])
print("- reader (iscsi-perf -m 2 -b 8 -x 0): %d one-second samples (%d with 0 IOPS), lowest %s IOPS, median %s, "
      "longest time between two samples %d s; error lines: %d%s" % (
    len(iops), iops.count(0), min(iops[1:] or iops or [0]), sorted(iops)[len(iops) // 2] if iops else "-", perf_gap,
    len(perf_errors),
    "".join("\n  - " + e for e in perf_errors[:5])))
EOF
}

case "${1:-}" in
  run)
    t0=$SECONDS
    up
    rc=0; updates || rc=$?
    perf down
    [ "$rc" = 0 ] || exit "$rc"
    say "done in $((SECONDS - t0)) s; output in $OUT"
    ;;
  up) up ;;
  updates) shift; updates "$@" ;;
  cmd) shift; guest "$@" ;;
  down) perf down ;;
  report) report ;;
  *) sed -n 2,23p "$0"; exit 1 ;;
esac
