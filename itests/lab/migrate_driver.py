#!/usr/bin/env python3
"""A gateway migrated from ceph-iscsi 3.5 to the appliance and back, inside the perf guest (migrate-check.sh drives
it over the serial console; the data path is checked from the host between the steps).

  migrate_driver.py upstream      ceph-iscsi's rbd-target-api on a clean LIO and a fresh gateway.conf (pool rbd):
                                  target, gateway, host with CHAP, two disks mapped to the target and the host
  migrate_driver.py appliance     stop rbd-target-api (it empties LIO itself), start the appliance on the same
                                  gateway.conf and upstream's /etc/ceph/iscsi-gateway.cfg (its PID adds only the
                                  backend), wait for its restore; LIO compared with what ceph-iscsi had made
  migrate_driver.py change        a third disk created and mapped through the appliance's API
  migrate_driver.py rollback      stop the appliance (LIO stays as it made it), start rbd-target-api again on the
                                  gateway.conf the appliance wrote; LIO compared again
  migrate_driver.py stop          stop whichever runs

Each step prints its findings as `check <name>: ok|FAIL <detail>` lines; the caller counts the FAILs.
"""
import json
import os
import subprocess
import sys
import time

import perf_driver as p

TARGET = "iqn.2003-01.com.example.iscsi-gw:migrate"
HOST = "iqn.1994-05.com.example:migrate-host"
CHAP = {"username": "migrateuser", "password": "migrate-pass1", "mutual_username": "", "mutual_password": ""}
DISKS = ["rbd/mig1", "rbd/mig2"]
STATE = "/var/lib/perf/migrate-%s.json"


def check(name, ok, detail=""):
    print("check %s: %s%s" % (name, "ok" if ok else "FAIL", (" " + detail) if detail else ""), flush=True)


def call(what, method, path, form=None):
    status, body = p.http(method, path, form)
    check(what, status == 200, "(%d %s)" % (status, str(body)[:300]))
    return status


def read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError as e:
        return "<%s>" % e.strerror


def lio():
    """What an initiator depends on in LIO, by name: each LUN's storage object (its unit serial, its RBD image), the
    portals, each ACL's CHAP user and password and its mapped LUNs, the TPG's authentication and state."""
    state = {"luns": {}, "acls": {}, "portals": [], "tpg": {}}
    tpg = "%s/iscsi/%s/tpgt_1" % (p.LIO, TARGET)
    if not os.path.isdir(tpg):
        return state
    for lun in sorted(os.listdir(tpg + "/lun")):
        links = [f for f in os.listdir("%s/lun/%s" % (tpg, lun)) if os.path.islink("%s/lun/%s/%s" % (tpg, lun, f))]
        so = os.path.realpath("%s/lun/%s/%s" % (tpg, lun, links[0])) if links else ""
        config = read(so + "/info")
        image = next((w.split("/", 1)[1] for w in config.replace(";", " ").split() if w.startswith("rbd/")), "?")
        state["luns"][lun] = {"serial": read(so + "/wwn/vpd_unit_serial").split(":")[-1].strip(), "image": image}
    state["portals"] = sorted(os.listdir(tpg + "/np"))
    for acl in sorted(os.listdir(tpg + "/acls")):
        base = "%s/acls/%s" % (tpg, acl)
        mapped = {}
        for m in sorted(os.listdir(base)):
            if m.startswith("lun_"):
                links = [f for f in os.listdir(base + "/" + m) if os.path.islink("%s/%s/%s" % (base, m, f))]
                mapped[m] = os.path.basename(os.path.realpath("%s/%s/%s" % (base, m, links[0]))) if links else ""
        state["acls"][acl] = {"userid": read(base + "/auth/userid"), "password": read(base + "/auth/password"),
                              "mapped": mapped}
    for attribute in ("authentication", "generate_node_acls", "demo_mode_write_protect"):
        state["tpg"][attribute] = read(tpg + "/attrib/" + attribute)
    state["tpg"]["enable"] = read(tpg + "/enable")
    return state


def save(name, state):
    with open(STATE % name, "w") as f:
        json.dump(state, f, indent=1, sort_keys=True)
    print("LIO under %s: %s" % (name, json.dumps(state, sort_keys=True)), flush=True)


def compare(name, before_name, state, extra_luns=0):
    before = json.load(open(STATE % before_name))
    same = {k: state[k] == before[k] for k in ("portals", "tpg")}
    luns = {k: v for k, v in state["luns"].items() if k in before["luns"]}
    same["luns"] = luns == before["luns"] and len(state["luns"]) == len(before["luns"]) + extra_luns
    acls = {acl: dict(v, mapped={m: l for m, l in v["mapped"].items() if m in before["acls"].get(acl, {}).get(
        "mapped", {})}) for acl, v in state["acls"].items()}
    same["acls"] = acls == before["acls"]
    for part, ok in same.items():
        check("%s: LIO %s as under %s" % (name, part, before_name), ok,
              "" if ok else "(now %s, before %s)" % (json.dumps(state[part], sort_keys=True),
                                                    json.dumps(before[part], sort_keys=True)))


def wait_for_luns(daemon, t0, proc, count, limit=1800):
    """Until the API answers _ping 200 and the target's TPG is enabled with `count` LUNs (perf_driver's own wait
    counts the perf target's)."""
    api = restored = None
    while time.monotonic() - t0 < limit:
        if proc.poll() is not None:
            raise SystemExit("%s exited with %s" % (daemon, proc.returncode))
        state = lio()
        if restored is None and len(state["luns"]) >= count and state["tpg"].get("enable") == "1":
            restored = time.monotonic() - t0
        if api is None:
            try:
                if p.http("GET", "/api/_ping", timeout=10)[0] == 200:
                    api = time.monotonic() - t0
            except OSError:
                pass
        if api is not None and restored is not None:
            print("%s: API %.1f s, %d LUNs in LIO %.1f s after its start" % (daemon, api, count, restored),
                  flush=True)
            return
        time.sleep(0.25)
    raise SystemExit("%s not ready within %d s (API %s, LIO %s)" % (daemon, limit, api, json.dumps(lio())))


def upstream():
    p.clear_lio()
    p.prepare("upstream")  # upstream's iscsi-gateway.cfg; no gateway.conf yet
    t0, proc = p.start("upstream")
    p.await_ready("upstream", t0, proc, 0)
    call("upstream: create target", "PUT", "/api/target/" + TARGET)
    call("upstream: add gateway", "PUT", "/api/gateway/%s/%s" % (TARGET, p.GATEWAY), {"ip_address": p.GATEWAY_IP})
    call("upstream: create host", "PUT", "/api/client/%s/%s" % (TARGET, HOST))
    call("upstream: host CHAP", "PUT", "/api/clientauth/%s/%s" % (TARGET, HOST), CHAP)
    for disk in DISKS:
        pool, image = disk.split("/")
        call("upstream: create disk " + disk, "PUT", "/api/disk/" + disk,
             {"mode": "create", "size": "64M", "pool": pool, "count": "1"})
        call("upstream: map %s to the target" % disk, "PUT", "/api/targetlun/" + TARGET, {"disk": disk})
        call("upstream: map %s to the host" % disk, "PUT", "/api/clientlun/%s/%s" % (TARGET, HOST), {"disk": disk})
    state = lio()
    check("upstream: LIO has both LUNs, mapped to the host with CHAP",
          len(state["luns"]) == 2 and state["acls"].get(HOST, {}).get("userid") == CHAP["username"]
          and len(state["acls"].get(HOST, {}).get("mapped", {})) == 2, json.dumps(state))
    save("upstream", state)


def prepare_appliance():
    subprocess.run(["rm", "-rf", p.APPLIANCE], check=True)
    os.makedirs(p.APPLIANCE)
    subprocess.run(["tar", "xzf", "/opt/lab/appliance.tar.gz", "-C", p.APPLIANCE, "--strip-components=1"], check=True)
    with open(p.APPLIANCE + "/etc/io.cephiscsi.gateway.cfg", "w") as f:
        f.write("backend = ceph\n")  # everything else from upstream's /etc/ceph/iscsi-gateway.cfg
    with open(p.APPLIANCE + "/etc/org.apache.karaf.shell.cfg", "a") as f:
        f.write("\nsshHost = 127.0.0.1\n")
    key = open("/opt/lab/id_perf.pub").read().split()[1]
    with open(p.APPLIANCE + "/etc/keys.properties", "a") as f:
        f.write("\ngwops=%s,_g_:admingroup\n" % key)


def appliance():
    ms, how = p.stop("upstream")
    targets, objects = p.lio_objects()
    print("upstream stopped in %.1f s (%s): LIO left %d targets, %d storage objects" % (ms / 1000, how, targets,
                                                                                      objects), flush=True)
    p.clear_lio()  # as upstream leaves it (a step run again finds the appliance's LIO of the run before)
    prepare_appliance()
    t0, proc = p.start("appliance")
    wait_for_luns("appliance", t0, proc, 2)
    state = lio()
    save("appliance", state)
    compare("appliance", "upstream", state)
    p.await_ssh()
    ls = ssh_gwcli("ls /")
    check("appliance: gwcli ls shows the host with CHAP and both disks",
          all(x in ls for x in ("mig1", "mig2", HOST, "Auth: CHAP")), "\n" + ls)


def ssh_gwcli(command):
    r = subprocess.run(["ssh", "-q", "-i", "/opt/lab/id_perf", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                        "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-p", "8101", "gwops@127.0.0.1",
                        "gwcli " + command], capture_output=True, text=True, timeout=900)
    return r.stdout + r.stderr


def change():
    disk = "rbd/mig3"
    call("appliance: create disk " + disk, "PUT", "/api/disk/" + disk,
         {"mode": "create", "size": "64M", "pool": "rbd", "count": "1"})
    call("appliance: map %s to the target" % disk, "PUT", "/api/targetlun/" + TARGET, {"disk": disk})
    call("appliance: map %s to the host" % disk, "PUT", "/api/clientlun/%s/%s" % (TARGET, HOST), {"disk": disk})
    state = lio()
    compare("appliance after its change", "upstream", state, extra_luns=1)
    save("appliance-change", state)


def rollback():
    ms, how = p.stop("appliance")
    targets, objects = p.lio_objects()
    print("appliance stopped in %.1f s (%s): LIO kept %d targets, %d storage objects" % (ms / 1000, how, targets,
                                                                                       objects), flush=True)
    t0, proc = p.start("upstream")
    wait_for_luns("upstream", t0, proc, 3)
    state = lio()
    save("upstream-again", state)
    compare("ceph-iscsi again", "appliance-change", state)
    r = subprocess.run(["gwcli", "ls", "/"], capture_output=True, text=True, timeout=900)
    check("ceph-iscsi again: its gwcli ls shows the disk the appliance added",
          "mig3" in r.stdout and HOST in r.stdout, "\n" + r.stdout + r.stderr)


def stop():
    for daemon in ("appliance", "upstream"):
        if os.path.exists(p.pidfile(daemon)):
            ms, how = p.stop(daemon)
            print("%s stopped in %.1f s (%s)" % (daemon, ms / 1000, how), flush=True)


if __name__ == "__main__":
    steps = {"upstream": upstream, "appliance": appliance, "change": change, "rollback": rollback, "stop": stop}
    if len(sys.argv) != 2 or sys.argv[1] not in steps:
        raise SystemExit(__doc__)
    steps[sys.argv[1]]()
