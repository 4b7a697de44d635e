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


def lio_objects():
    """(iSCSI targets, storage objects) in the kernel's LIO: configfs always shows iscsi/discovery_auth,
    iscsi/lio_version and core/alua, so only the IQN folders and the HBAs' storage object folders count."""
    targets = [p for p in glob.glob(LIO + "/iscsi/*") if os.path.basename(p).startswith(("iqn.", "eui.", "naa."))]
    objects = [p for p in glob.glob(LIO + "/core/*_*/*") if os.path.isdir(p)]
    return len(targets), len(objects)


def lio_empty():
    return lio_objects() == (0, 0)


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


def thread_cpu(pid):
    """CPU seconds (user + system) of the process so far, by thread kind: where a start's time went (JIT compiler
    threads, GC, the rest), read from /proc/PID/task/*/stat."""
    tick = os.sysconf("SC_CLK_TCK")
    kinds = {}
    for stat in glob.glob("/proc/%d/task/*/stat" % pid):
        try:
            text = open(stat).read()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        cpu = (int(fields[11]) + int(fields[12])) / tick
        for prefix, kind in (("C2 Compiler", "JIT C2"), ("C1 Compiler", "JIT C1"), ("GC ", "GC"), ("G1 ", "GC"),
                             ("VM Thread", "VM thread"), ("VM Periodic", "VM thread"), ("JFR", "JFR")):
            if name.startswith(prefix):
                break
        else:
            kind = "other threads"
        kinds[kind] = kinds.get(kind, 0.0) + cpu
    try:  # the process' own figure also counts the threads that have ended
        fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
        ended = (int(fields[11]) + int(fields[12])) / tick - sum(kinds.values())
        if ended > 0.05:
            kinds["ended threads"] = ended
    except OSError:
        pass
    return kinds


def cpu_line(pid, wall_ms):
    kinds = thread_cpu(pid)
    total = sum(kinds.values())
    return "CPU %.1f s in %.1f s wall (%s)" % (total, wall_ms / 1000, ", ".join(
        "%s %.1f s" % kv for kv in sorted(kinds.items(), key=lambda kv: -kv[1])))


def cpu_snapshot(daemon_pid):
    """CPU seconds so far: the daemon, tcmu-runner, the Ceph daemons, the whole guest (busy and idle, /proc/stat)."""
    tick = os.sysconf("SC_CLK_TCK")
    snap = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            text = open(stat).read()
        except OSError:
            continue
        pid = int(text.split(" ", 1)[0])
        comm = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        cpu = (int(fields[11]) + int(fields[12])) / tick
        if pid == daemon_pid:
            key = "daemon"
        elif comm in ("tcmu-runner", "ceph-osd", "ceph-mon", "ceph-mgr"):
            key = comm
        else:
            continue
        snap[key] = snap.get(key, 0.0) + cpu
    cpu = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    snap["guest busy"] = (sum(cpu) - cpu[3] - cpu[4]) / tick
    snap["guest system (kernel)"] = (cpu[2] + cpu[5] + cpu[6]) / tick
    snap["guest idle"] = (cpu[3] + cpu[4]) / tick
    return snap


def cpu_delta(before, after, wall_s):
    return "%.1f s wall: " % wall_s + ", ".join(
        "%s %.1f s" % (k, after.get(k, 0.0) - before.get(k, 0.0)) for k in
        ("daemon", "tcmu-runner", "ceph-osd", "ceph-mon", "ceph-mgr", "guest system (kernel)", "guest busy",
         "guest idle"))


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


def daemon_pid(daemon, pid):
    """The process doing the work: bin/karaf runs the JVM as its child (it stays a shell to restart the JVM);
    rbd-target-api is the process itself."""
    if daemon == "appliance":
        children = subprocess.run(["pgrep", "-P", str(pid), "java"], capture_output=True, text=True).stdout.split()
        if children:
            return int(children[0])
    return pid


def stop(daemon, proc=None, limit=300):
    """SIGTERM as systemd sends it (bin/karaf server execs the JVM: one process either way), then the wait for the
    exit; returns (ms, how). A daemon still running after 60 s leaves evidence of where it waits (its threads'
    kernel wait channels, and a JVM's thread dump in its log) before the SIGKILL at `limit`."""
    try:
        pid = int(open(pidfile(daemon)).read())
    except OSError:
        return 0.0, "not running"
    jvm = daemon_pid(daemon, pid)
    t0 = time.monotonic()
    for p in {pid, jvm}:  # to every process of the service, as systemd does (KillMode=control-group)
        try:
            os.kill(p, signal.SIGTERM)
        except ProcessLookupError:
            pass
    how, diagnosed = "ok", False
    while True:
        if ((proc.poll() is not None) if proc is not None and proc.pid == pid else not alive(pid)) \
                and not alive(jvm):
            break
        waited = time.monotonic() - t0
        if waited > 60 and not diagnosed:
            diagnosed = True
            ps = subprocess.run(["ps", "-L", "-o", "pid,lwp,stat,wchan:32,comm", "-p", "%d,%d" % (pid, jvm)],
                                capture_output=True, text=True).stdout
            log("%s still running 60 s after SIGTERM; its threads:\n%s" % (daemon, ps))
            if jvm != pid and alive(jvm):
                os.kill(jvm, signal.SIGQUIT)  # the JVM prints its threads' stacks to its stdout (the daemon log)
        if waited > limit:
            for p in {pid, jvm}:
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            how = "killed after %d s" % limit
            if proc is not None:
                proc.wait()
            while alive(jvm) or alive(pid):
                time.sleep(0.1)
            break
        time.sleep(0.1)
    os.remove(pidfile(daemon))
    return (time.monotonic() - t0) * 1000, how


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
    log("%s: API up in %.1f s; %s" % (daemon, api / 1000, cpu_line(daemon_pid(daemon, proc.pid), api)))
    if daemon == "appliance":
        await_ssh()
    pool = POOL[daemon]
    w0, cpu0 = time.monotonic(), cpu_snapshot(daemon_pid(daemon, proc.pid))
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
    worker = daemon_pid(daemon, proc.pid)
    log("%s: CPU during the workload (calls and ls) %s" % (daemon, cpu_delta(cpu0, cpu_snapshot(worker),
                                                                           time.monotonic() - w0)))
    log("%s: the daemon's threads so far: %s" % (daemon, cpu_line(worker, (time.monotonic() - t0) * 1000)))
    tpg, mapped, enabled = lio_luns()
    log("%s: LIO has %d LUNs, host has %d, TPG enabled %s" % (daemon, tpg, mapped, enabled))
    # restart with the LUNs defined; LIO empty at the start, as after a reboot (upstream empties it on stop itself)
    ms, how = stop(daemon, proc)
    record(daemon, "stop (SIGTERM -> exit) with N LUNs", count, ms, how)
    targets, objects = lio_objects()
    log("%s: stopped in %.1f s (%s); LIO after the stop: %d targets, %d storage objects" % (
        daemon, ms / 1000, how, targets, objects))
    ms = clear_lio()
    record(daemon, "LIO left after stop: cleared (ms, 0 = already empty)", count, ms, "ok",
           "%d targets, %d storage objects left" % (targets, objects))
    t0, proc = start(daemon)
    cpu0 = cpu_snapshot(-1)  # the daemon has used no CPU yet
    api, lio = await_ready(daemon, t0, proc, count)
    worker = daemon_pid(daemon, proc.pid)
    log("%s: CPU during the restore %s" % (daemon, cpu_delta(cpu0, cpu_snapshot(worker), time.monotonic() - t0)))
    log("%s: the daemon's threads in the restore: %s" % (daemon, cpu_line(worker, max(api, lio))))
    record(daemon, "restore: start -> all LUNs in LIO", count, lio, "ok")
    record(daemon, "restore: start -> API ready (_ping 200)", count, api, "ok")
    log("%s: restore of %d LUNs: LIO %.1f s, API %.1f s" % (daemon, count, lio / 1000, api / 1000))
    rss = subprocess.run(["ps", "-C", "java,rbd-target-api,python3", "-o", "pid=,rss=,args="], capture_output=True,
                         text=True).stdout
    log("processes after the restore (pid, RSS KiB):\n" + rss)


def stop_cmd(daemon):
    ms, how = stop(daemon)
    left = lio_objects()
    clear_lio()
    log("%s stopped in %.1f s (%s); LIO after the stop: %d targets, %d storage objects; after clearing: %d, %d" % (
        (daemon, ms / 1000, how) + left + lio_objects()))


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


def serve(port=8000):
    """Files in and out of the guest for perf.sh put/get (GET reads a file, PUT writes one): the host reaches it only
    through QEMU's forward of 127.0.0.1:PORT+1."""
    import http.server
    import shutil

    class Files(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            try:
                with open(urllib.parse.unquote(self.path), "rb") as f:
                    body = f.read()
            except OSError as e:
                self.send_error(404, str(e))
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_PUT(self):
            path = urllib.parse.unquote(self.path)
            os.makedirs(os.path.dirname(path) or "/", exist_ok=True)
            with open(path + ".part", "wb") as f:
                remaining = int(self.headers.get("Content-Length", "0"))
                while remaining > 0:
                    chunk = self.rfile.read(min(remaining, 1 << 20))
                    if not chunk:
                        break
                    f.write(chunk)
                    remaining -= len(chunk)
            if remaining:
                os.remove(path + ".part")
                self.send_error(400, "short body")
                return
            if os.path.exists(path):
                shutil.copymode(path, path + ".part")
            os.replace(path + ".part", path)
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()

    http.server.ThreadingHTTPServer(("0.0.0.0", port), Files).serve_forever()


def main():
    what = sys.argv[1]
    if what == "run":
        run(sys.argv[2], int(sys.argv[3]))
    elif what == "stop":
        stop_cmd(sys.argv[2])
    elif what == "serve":
        serve()
    elif what == "report":
        report(int(sys.argv[2]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
