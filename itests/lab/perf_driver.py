#!/usr/bin/env python3
"""The side-by-side workload, run inside the perf guest (perf.sh drives it over the serial console).

  perf_driver.py run upstream|appliance N   start the daemon on a clean LIO and a fresh gateway.conf, then: create
                                            target, add gateway, create host; for n = 1..N create a disk, map it to
                                            the target and to the host; `gwcli ls /` (one-shot) at n = 1, 8, 32, 64;
                                            restart with N LUNs defined and time the restore. Leaves the daemon
                                            running (perf.sh checks the data path from the host meanwhile).
  perf_driver.py stop upstream|appliance    stop it and leave LIO empty
  perf_driver.py report N                   the Markdown table of both runs from the CSV

Every timed call is appended to /var/lib/perf/calls.csv: daemon,step,n,ms,status,detail.
Upstream: Debian's rbd-target-api and gwcli 3.5 (settings /etc/ceph/iscsi-gateway.cfg, pool rbd). The appliance:
the distribution from /opt/lab/appliance.tar.gz in /opt/appliance (pool iscsi, its gwcli over its SSH console).
Both serve the API on port 5000 over plain HTTP, gateway perfgw = 10.0.2.15, on the kernel's LIO.
"""
import base64
import csv
import glob
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

TARGET = "iqn.2003-01.com.example.iscsi-gw:perf"
HOST = "iqn.1994-05.com.example:perfhost"
GATEWAY, GATEWAY_IP = "perfgw", "10.0.2.15"
USER, PASSWORD = "admin", "perf-secret"
API = "http://127.0.0.1:5000"
CSV = "/var/lib/perf/calls.csv"
LIO = "/sys/kernel/config/target"
APPLIANCE = "/opt/appliance"
POOL = {"upstream": "rbd", "appliance": "iscsi"}
LS_AT = (1, 8, 32, 64)


def log(text):
    print("%s %s" % (time.strftime("%H:%M:%S"), text), flush=True)


def record(daemon, step, n, ms, status, detail=""):
    new = not os.path.exists(CSV)
    with open(CSV, "a", newline="") as f:
        w = csv.writer(f)
        if new:
            w.writerow(["daemon", "step", "n", "ms", "status", "detail"])
        w.writerow([daemon, step, n, "%.1f" % ms, status, detail])


def http(method, path, form=None, timeout=900):
    data = urllib.parse.urlencode(form).encode() if form else None
    req = urllib.request.Request(API + path, data=data, method=method)
    req.add_header("Authorization", "Basic " + base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode()).decode())
    if data:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def timed_call(daemon, step, n, method, path, form=None):
    t0 = time.monotonic()
    status, body = http(method, path, form)
    ms = (time.monotonic() - t0) * 1000
    record(daemon, step, n, ms, status, "" if status == 200 else body.strip().replace("\n", " ")[:300])
    if status != 200:
        log("%s %s n=%d -> %d %s" % (daemon, step, n, status, body.strip()[:300]))
    return status


# ---------------------------------------------------------------- LIO

def lio_luns():
    """(TPG LUNs, the host's mapped LUNs, an enabled TPG) of the target in the kernel's LIO."""
    tpgs = glob.glob("%s/iscsi/%s/tpgt_*" % (LIO, TARGET))
    luns = mapped = 0
    enabled = False
    for tpg in tpgs:
        try:
            if open(tpg + "/enable").read().strip() == "1":
                enabled = True
                luns = max(luns, len(glob.glob(tpg + "/lun/lun_*")))
                mapped = max(mapped, len(glob.glob("%s/acls/%s/lun_*" % (tpg, HOST))))
        except OSError:
            pass
    return luns, mapped, enabled


def lio_empty():
    return not glob.glob(LIO + "/iscsi/*") and not glob.glob(LIO + "/core/*/*/enable")


def clear_lio():
    if lio_empty():
        return 0.0
    t0 = time.monotonic()
    subprocess.run(["python3", "-c", "import rtslib_fb; rtslib_fb.RTSRoot().clear_existing(confirm=True)"],
                   check=True)
    return (time.monotonic() - t0) * 1000


# ---------------------------------------------------------------- the daemons

def pidfile(daemon):
    return "/run/perf-%s.pid" % daemon


def prepare(daemon):
    if daemon == "upstream":
        with open("/etc/ceph/iscsi-gateway.cfg", "w") as f:
            f.write("[config]\ncluster_name = ceph\ncluster_client_name = client.admin\npool = rbd\n"
                    "api_secure = false\napi_user = %s\napi_password = %s\napi_port = 5000\n"
                    "trusted_ip_list = 127.0.0.1,%s\nminimum_gateways = 1\nlog_to_stderr = true\n"
                    % (USER, PASSWORD, GATEWAY_IP))
        subprocess.run(["rados", "-p", "rbd", "rm", "gateway.conf"], stderr=subprocess.DEVNULL)
    else:
        subprocess.run(["rm", "-rf", APPLIANCE], check=True)
        if os.path.isdir("/opt/lab/m2"):  # artifacts the distribution resolves from ~/.m2 (see perf.sh)
            os.makedirs("/root/.m2/repository", exist_ok=True)
            subprocess.run(["cp", "-r", "/opt/lab/m2/.", "/root/.m2/repository/"], check=True)
        os.makedirs(APPLIANCE)
        subprocess.run(["tar", "xzf", "/opt/lab/appliance.tar.gz", "-C", APPLIANCE, "--strip-components=1"],
                       check=True)
        settings = {"gateway_name": GATEWAY, "backend": "ceph", "ceph_conf": "/etc/ceph/ceph.conf",
                    "cluster_client_name": "client.admin", "pool": POOL[daemon], "api_host": "0.0.0.0",
                    "api_port": "5000", "api_user": USER, "api_password": PASSWORD, "api_secure": "false",
                    "minimum_gateways": "1", "iscsi_gateway_cfg": "/nonexistent/iscsi-gateway.cfg"}
        with open(APPLIANCE + "/etc/io.cephiscsi.gateway.cfg", "w") as f:
            f.write("".join("%s = %s\n" % kv for kv in settings.items()))
        with open(APPLIANCE + "/etc/org.apache.karaf.shell.cfg", "a") as f:
            f.write("\nsshHost = 127.0.0.1\n")
        key = open("/opt/lab/id_perf.pub").read().split()[1]
        with open(APPLIANCE + "/etc/keys.properties", "a") as f:
            f.write("\ngwops=%s,_g_:admingroup\n" % key)
        subprocess.run(["rados", "-p", POOL[daemon], "rm", "gateway.conf"], stderr=subprocess.DEVNULL)


def start(daemon):
    """Starts the daemon; returns the monotonic time of the start."""
    logf = open("/var/log/perf-%s-daemon.log" % daemon, "a")
    if daemon == "upstream":
        command = ["/usr/bin/rbd-target-api"]
        cwd = "/"
    else:
        command = [APPLIANCE + "/bin/karaf", "server"]
        cwd = APPLIANCE
    t0 = time.monotonic()
    p = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                         start_new_session=True)
    with open(pidfile(daemon), "w") as f:
        f.write(str(p.pid))
    return t0, p


def await_ready(daemon, t0, proc, luns, limit=1800):
    """Times (ms from t0) until the API answers _ping 200 and until `luns` LUNs are in LIO (None when luns=0)."""
    api = lio = None
    while time.monotonic() - t0 < limit:
        if proc.poll() is not None:
            raise SystemExit("%s exited with %s" % (daemon, proc.returncode))
        now = time.monotonic()
        if lio is None and luns:
            tpg, mapped, enabled = lio_luns()
            if enabled and tpg >= luns and mapped >= luns:
                lio = (now - t0) * 1000
        if api is None:
            try:
                if http("GET", "/api/_ping", timeout=10)[0] == 200:
                    api = (time.monotonic() - t0) * 1000
            except OSError:
                pass
        if api is not None and (lio is not None or not luns):
            return api, lio
        time.sleep(0.25)
    raise SystemExit("%s not ready within %d s (api %s, lio %s, LIO %s)" % (daemon, limit, api, lio, lio_luns()))


def alive(pid):
    """Whether the process runs: an exited child of this driver stays a zombie (state Z) until reaped."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    if state == "Z":
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        return False
    return True


def stop(daemon):
    """SIGTERM as systemd does, waits for the exit; returns ms."""
    try:
        pid = int(open(pidfile(daemon)).read())
    except OSError:
        return 0.0, "not running"
    pids = [pid]
    if daemon == "appliance":  # bin/karaf runs the JVM as its child
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pids = [int(p) for p in out] + pids
    t0 = time.monotonic()
    for p in pids:
        try:
            os.kill(p, signal.SIGTERM)
        except ProcessLookupError:
            pass
    killed = False
    for p in pids:
        while time.monotonic() - t0 < 300:
            if not alive(p):
                break
            time.sleep(0.1)
        else:
            os.kill(p, signal.SIGKILL)
            killed = True
    os.remove(pidfile(daemon))
    return (time.monotonic() - t0) * 1000, "killed after 300 s" if killed else "ok"


def gwcli_ls(daemon, n):
    if daemon == "upstream":
        command = ["gwcli", "ls", "/"]
    else:
        command = ["ssh", "-q", "-i", "/opt/lab/id_perf", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                   "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-p", "8101", "gwops@127.0.0.1",
                   "gwcli ls /"]
    t0 = time.monotonic()
    r = subprocess.run(command, capture_output=True, text=True, timeout=900)
    ms = (time.monotonic() - t0) * 1000
    lines = r.stdout.splitlines()
    ok = r.returncode == 0 and any(("perf%d" % n) in ln for ln in lines)
    record(daemon, "gwcli ls /", n, ms, "ok" if ok else "rc=%d" % r.returncode, "%d lines" % len(lines))
    if not ok:
        log("%s ls at n=%d: rc %d, %d lines: %s %s" % (daemon, n, r.returncode, len(lines), r.stdout[-500:],
                                                      r.stderr[-500:]))


def await_ssh(limit=600):
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        r = subprocess.run(["ssh", "-q", "-i", "/opt/lab/id_perf", "-o", "BatchMode=yes", "-o",
                            "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                            "-p", "8101", "gwops@127.0.0.1", "gwcli pwd"], capture_output=True, text=True)
        if r.returncode == 0:
            return
        time.sleep(1)
    raise SystemExit("no SSH login to the appliance's console within %d s" % limit)


def run(daemon, count):
    log("%s: clean LIO, fresh config" % daemon)
    clear_lio()
    prepare(daemon)
    t0, proc = start(daemon)
    api, _ = await_ready(daemon, t0, proc, 0)
    record(daemon, "api start (empty config): start -> _ping 200", 0, api, 200)
    log("%s: API up in %.1f s" % (daemon, api / 1000))
    if daemon == "appliance":
        await_ssh()
    pool = POOL[daemon]
    timed_call(daemon, "create target", 0, "PUT", "/api/target/" + TARGET)
    timed_call(daemon, "add gateway", 0, "PUT", "/api/gateway/%s/%s" % (TARGET, GATEWAY), {"ip_address": GATEWAY_IP})
    timed_call(daemon, "create host", 0, "PUT", "/api/client/%s/%s" % (TARGET, HOST))
    for n in range(1, count + 1):
        image = "perf%d" % n
        timed_call(daemon, "create disk", n, "PUT", "/api/disk/%s/%s" % (pool, image),
                   {"mode": "create", "size": "16M", "pool": pool, "count": "1"})
        timed_call(daemon, "map disk to target", n, "PUT", "/api/targetlun/" + TARGET, {"disk": pool + "/" + image})
        timed_call(daemon, "map LUN to host", n, "PUT", "/api/clientlun/%s/%s" % (TARGET, HOST),
                   {"disk": pool + "/" + image})
        if n in LS_AT or n == count:
            gwcli_ls(daemon, n)
        if n % 8 == 0:
            log("%s: %d LUNs" % (daemon, n))
    tpg, mapped, enabled = lio_luns()
    log("%s: LIO has %d LUNs, host has %d, TPG enabled %s" % (daemon, tpg, mapped, enabled))
    # restart with the LUNs defined; LIO empty at the start, as after a reboot (upstream empties it on stop itself)
    ms, how = stop(daemon)
    record(daemon, "stop (SIGTERM -> exit) with N LUNs", count, ms, how)
    ms = clear_lio()
    record(daemon, "LIO left after stop: cleared (ms, 0 = already empty)", count, ms, "ok")
    t0, proc = start(daemon)
    api, lio = await_ready(daemon, t0, proc, count)
    record(daemon, "restore: start -> all LUNs in LIO", count, lio, "ok")
    record(daemon, "restore: start -> API ready (_ping 200)", count, api, "ok")
    log("%s: restore of %d LUNs: LIO %.1f s, API %.1f s" % (daemon, count, lio / 1000, api / 1000))
    rss = subprocess.run(["ps", "-C", "java,rbd-target-api,python3", "-o", "pid=,rss=,args="], capture_output=True,
                         text=True).stdout
    log("processes after the restore (pid, RSS KiB):\n" + rss)


def stop_cmd(daemon):
    stop(daemon)
    clear_lio()
    log("%s stopped, LIO empty: %s" % (daemon, lio_empty()))


# ---------------------------------------------------------------- report

def report(count):
    rows = list(csv.DictReader(open(CSV)))

    def values(daemon, step, n=None):
        return [float(r["ms"]) for r in rows if r["daemon"] == daemon and r["step"] == step
                and (n is None or int(r["n"]) == n)]

    def one(daemon, step, n=None):
        v = values(daemon, step, n)
        return statistics.median(v) if v else None

    def slope(daemon, step):
        pts = [(int(r["n"]), float(r["ms"])) for r in rows if r["daemon"] == daemon and r["step"] == step]
        if len(pts) < 2:
            return None
        mx = statistics.mean(p[0] for p in pts)
        my = statistics.mean(p[1] for p in pts)
        den = sum((p[0] - mx) ** 2 for p in pts)
        return sum((p[0] - mx) * (p[1] - my) for p in pts) / den if den else None

    def fmt(v, unit="ms"):
        if v is None:
            return "–"
        if unit == "ms/LUN":
            return "%+.1f ms/LUN" % v
        return "%.0f ms" % v if v < 10000 else "%.1f s" % (v / 1000)

    def ratio(u, a):
        if u is None or a is None or a <= 0:
            return "–"
        return "%.1f×" % (u / a)

    table = []
    for step in ("create target", "add gateway", "create host"):
        table.append((step, one("upstream", step), one("appliance", step), "ms"))
    for step in ("create disk", "map disk to target", "map LUN to host"):
        table.append(("%s at N = 1" % step, one("upstream", step, 1), one("appliance", step, 1), "ms"))
        table.append(("%s at N = %d" % (step, count), one("upstream", step, count), one("appliance", step, count),
                      "ms"))
        table.append(("%s, median of N = 1..%d" % (step, count), one("upstream", step), one("appliance", step), "ms"))
        table.append(("%s, growth (least squares)" % step, slope("upstream", step), slope("appliance", step),
                      "ms/LUN"))
    for n in sorted(set([x for x in LS_AT if x <= count] + [count])):
        table.append(("`gwcli ls /` one-shot at N = %d" % n, one("upstream", "gwcli ls /", n),
                      one("appliance", "gwcli ls /", n), "ms"))
    table.append(("restore of %d LUNs: start → all LUNs in LIO" % count,
                  one("upstream", "restore: start -> all LUNs in LIO"),
                  one("appliance", "restore: start -> all LUNs in LIO"), "ms"))
    table.append(("restore of %d LUNs: start → API ready" % count,
                  one("upstream", "restore: start -> API ready (_ping 200)"),
                  one("appliance", "restore: start -> API ready (_ping 200)"), "ms"))
    table.append(("API start, empty config: start → `_ping` 200",
                  one("upstream", "api start (empty config): start -> _ping 200"),
                  one("appliance", "api start (empty config): start -> _ping 200"), "ms"))
    table.append(("stop with %d LUNs (SIGTERM → exit)" % count, one("upstream", "stop (SIGTERM -> exit) with N LUNs"),
                  one("appliance", "stop (SIGTERM -> exit) with N LUNs"), "ms"))
    failed = [r for r in rows if r["status"] not in ("200", "ok", "not running")]
    print("| figure (inside the guest) | upstream 3.5 | appliance | upstream ÷ appliance |")
    print("|---|---|---|---|")
    for name, u, a, unit in table:
        print("| %s | %s | %s | %s |" % (name, fmt(u, unit), fmt(a, unit), "–" if unit != "ms" else ratio(u, a)))
    print()
    print("Calls: %d timed, %d not OK%s" % (len(rows), len(failed), "".join(
        "\n- %s %s n=%s: %s %s" % (r["daemon"], r["step"], r["n"], r["status"], r["detail"]) for r in failed[:20])))


def main():
    what = sys.argv[1]
    if what == "run":
        run(sys.argv[2], int(sys.argv[3]))
    elif what == "stop":
        stop_cmd(sys.argv[2])
    elif what == "report":
        report(int(sys.argv[2]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
