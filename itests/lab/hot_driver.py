#!/usr/bin/env python3
"""The hot update proof's guest side (issue 8), run inside perf.sh's guest; hot-update.sh drives it over the serial
console while this machine reads and writes the LUN over iSCSI. Reuses perf_driver.py (same folder) for preparing,
starting and asking the appliance.

  hot_driver.py setup          the appliance (perf_driver's `appliance` side: /opt/appliance, pool iscsi, API on
                               port 5000, console SSH on 8101) on a clean LIO; then over the API one target, gateway
                               perfgw, one 64 MiB user:rbd disk mapped to the target and to the hosts
  hot_driver.py sessions       each host's LIO session (acls/<host>/info) as JSON
  hot_driver.py update B [-r]  `bundle:update [--refresh] B` over the console while _ping is polled every 100 ms;
                               prints one JSON line: the console's answer, the API's longest absence, the sessions
                               before and after, configfs directories whose inode changed or that went away, and
                               the gateway's restore lines in the appliance log since the update
"""
import glob
import json
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import perf_driver as pd  # noqa: E402

HOSTS = (pd.HOST, pd.HOST + "-reader")  # this machine's writer/verifier and its iscsi-perf reader
DISK, SIZE = "hot1", "64M"
LOG = pd.APPLIANCE + "/data/log/karaf.log"


def setup():
    pd.log("appliance: clean LIO, fresh config")
    pd.clear_lio()
    pd.prepare("appliance")
    t0, proc = pd.start("appliance")
    api, _ = pd.await_ready("appliance", t0, proc, 0, limit=3600)
    pd.log("appliance: API up in %.1f s" % (api / 1000))
    pd.await_ssh(limit=1800)
    pool = pd.POOL["appliance"]
    steps = [("create target", "PUT", "/api/target/" + pd.TARGET, None),
             ("add gateway", "PUT", "/api/gateway/%s/%s" % (pd.TARGET, pd.GATEWAY), {"ip_address": pd.GATEWAY_IP}),
             ("create disk", "PUT", "/api/disk/%s/%s" % (pool, DISK),
              {"mode": "create", "size": SIZE, "pool": pool, "count": "1"}),
             ("map disk to target", "PUT", "/api/targetlun/" + pd.TARGET, {"disk": pool + "/" + DISK})]
    for host in HOSTS:
        steps += [("create host", "PUT", "/api/client/%s/%s" % (pd.TARGET, host), None),
                  ("map LUN to host", "PUT", "/api/clientlun/%s/%s" % (pd.TARGET, host), {"disk": pool + "/" + DISK})]
    for step, method, path, form in steps:
        status, body = pd.http(method, path, form)
        pd.log("%s: %d" % (step, status))
        if status != 200:
            raise SystemExit("%s: %d %s" % (step, status, body[:300]))
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        luns, mapped, enabled = pd.lio_luns()
        if enabled and luns >= 1 and mapped >= 1:
            pd.log("LIO: TPG enabled, %d LUN, mapped to the host" % luns)
            print("HOT-SETUP-OK")
            return
        time.sleep(1)
    raise SystemExit("LIO not ready: %s" % (pd.lio_luns(),))


def sessions():
    """{host: {"id": LIO session id, "isid": ..., "state": ...}} from each ACL's info file."""
    found = {}
    for host in HOSTS:
        for info in sorted(glob.glob("%s/iscsi/%s/tpgt_*/acls/%s/info" % (pd.LIO, pd.TARGET, host))):
            text = open(info).read()
            m = re.search(r"LIO Session ID: (\d+)\s+ISID: (.*?)\s+TSIH: (\d+)", text)
            state = re.search(r"Session State: (\S+)", text)
            if m:
                found[host] = {"id": int(m.group(1)), "isid": m.group(2).strip(), "tsih": int(m.group(3)),
                               "state": state.group(1) if state else "?"}
    return found


def directories():
    """Every directory under LIO's configfs and its inode: a removed and re-made object gets a new one."""
    inodes = {}
    for root, dirs, _ in os.walk(pd.LIO):
        for d in dirs:
            path = os.path.join(root, d)
            try:
                inodes[path] = os.lstat(path).st_ino
            except OSError:
                pass
    return inodes


def console(command, timeout=1800):
    r = subprocess.run(["ssh", "-q", "-i", "/opt/lab/id_perf", "-o", "BatchMode=yes", "-o",
                        "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                        "-p", "8101", "gwops@127.0.0.1", command], capture_output=True, text=True, timeout=timeout)
    return r.returncode, (r.stdout + r.stderr).strip()


class Poller(threading.Thread):
    """GET /api/_ping every 100 ms (3 s timeout): (monotonic time, ok) samples."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples = []
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            t = time.monotonic()
            try:
                ok = pd.http("GET", "/api/_ping", timeout=3)[0] == 200
            except OSError:
                ok = False
            self.samples.append((t, ok))
            self.stopped.wait(max(0.0, 0.1 - (time.monotonic() - t)))

    def longest_absence(self):
        longest, since = 0.0, None
        for t, ok in self.samples:
            if not ok and since is None:
                since = t
            elif ok and since is not None:
                longest, since = max(longest, t - since), None
        if since is not None:
            longest = max(longest, self.samples[-1][0] - since)
        return longest


def restores(since):
    """The gateway's reconcile lines logged after byte `since`: a restarted gateway restores the epoch LIO is at."""
    try:
        with open(LOG, errors="replace") as f:
            f.seek(since)
            text = f.read()
    except OSError:
        return []
    return re.findall(r"LIO of gateway \S+ is at epoch \d+ \(\d+ operations[^)]*\)", text)


def update(bundle, refresh):
    before_dirs, before_sessions = directories(), sessions()
    since = os.path.getsize(LOG) if os.path.exists(LOG) else 0
    poller = Poller()
    poller.start()
    time.sleep(1)
    t0 = time.monotonic()
    rc, out = console("bundle:update %s%s" % ("--refresh " if refresh else "", bundle))
    console_s = time.monotonic() - t0
    # the API's outage (if any) has begun once the console returned; wait until _ping answers for 3 s in a row and
    # the restarted gateway has logged its restore (the REST and shell bundles' updates restart no gateway)
    expect_restore = bundle not in ("io.cephiscsi.rest", "io.cephiscsi.shell")
    deadline = time.monotonic() + 1800
    while time.monotonic() < deadline:
        recent = [ok for t, ok in poller.samples if t > time.monotonic() - 3]
        if len(recent) >= 10 and all(recent) and (restores(since) or not expect_restore):
            break
        time.sleep(0.5)
    time.sleep(2)
    poller.stopped.set()
    poller.join()
    after_dirs, after_sessions = directories(), sessions()
    changed = sorted(p for p, ino in before_dirs.items() if after_dirs.get(p) != ino)
    print(json.dumps({
        "bundle": bundle, "refresh": refresh, "console_rc": rc, "console": out[-500:],
        "console_s": round(console_s, 1), "api_away_s": round(poller.longest_absence(), 1),
        "pings": len(poller.samples), "pings_failed": sum(1 for _, ok in poller.samples if not ok),
        "dirs_before": len(before_dirs), "dirs_changed_or_gone": changed[:20], "dirs_changed_count": len(changed),
        "sessions_before": before_sessions, "sessions_after": after_sessions,
        "restores": restores(since)}))


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "setup":
        setup()
    elif what == "sessions":
        print(json.dumps(sessions()))
    elif what == "update":
        update(sys.argv[2], "-r" in sys.argv[3:])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
