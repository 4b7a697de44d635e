package io.cephiscsi.lio.lab;

import io.cephiscsi.lio.ApplyResult;
import io.cephiscsi.lio.LioEngine;
import io.cephiscsi.lio.LioPlan;
import io.cephiscsi.lio.LioState;
import io.cephiscsi.lio.LioState.Chap;
import io.cephiscsi.lio.LioState.Lun;
import io.cephiscsi.lio.LioState.StorageObject;
import io.cephiscsi.lio.LioState.Target;
import io.cephiscsi.lio.LioState.Tpg;
import io.cephiscsi.lio.UpstreamLio;

import java.nio.file.Path;
import java.util.List;

/**
 * The engine's resize on the real kernel, run inside perf.sh's guest by {@code itests/lab/resize-check.sh engine}
 * (tcmu-runner and a Ceph pool {@code rbd} with the image {@code rbd/probe0}): {@code create <bytes>} builds one
 * {@code user:rbd} LUN of that size on an open target (generate_node_acls) as the appliance would; {@code size
 * <bytes>} plans the desired state with that image size, prints the plan and applies it, then plans again (must be
 * empty) and prints {@code attrib/dev_size}.
 */
public final class ResizeProbe {
    static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:resize-engine";

    private ResizeProbe() {
    }

    static LioState state(long size) {
        StorageObject so = UpstreamLio.userRbd("rbd.probe0", "rbd", "probe0", size,
                "7c1d3a40-5b5e-4c3e-9a51-2a7b0c9e0f11", 30, "/etc/ceph/ceph.conf", "client.admin", 8, 1024, 5,
                List.of());
        Tpg tpg = new Tpg(1, true, UpstreamLio.tpgAttributes(true, false, false), UpstreamLio.defaultTpgParams(),
                Chap.NONE, List.of("0.0.0.0:3260"), List.of(new Lun(0, so.key(), null)), List.of());
        return new LioState(List.of(so), List.of(new Target(TARGET, List.of(tpg))), null);
    }

    public static void main(String[] args) {
        LioEngine engine = LioEngine.at(Path.of(System.getProperty("lab.root", "/sys/kernel/config")));
        long bytes = Long.parseLong(args[1]);
        LioState desired = state(bytes);
        long t0 = System.nanoTime();
        LioPlan plan = engine.plan(desired);
        long t1 = System.nanoTime();
        System.out.printf("ENGINE %s %d: %d operations planned in %.1f ms%n", args[0], bytes, plan.size(),
                (t1 - t0) / 1e6);
        if (args[0].equals("size")) {
            System.out.print(plan);
        }
        ApplyResult r = engine.apply(plan);
        System.out.printf("ENGINE applied %d of %d in %.1f ms%s%n", r.applied(), r.planned(),
                (System.nanoTime() - t1) / 1e6, r.ok() ? "" : ", refused: " + r.failure().getMessage());
        System.out.printf("ENGINE then: %d operations planned; dev_size %s%n", engine.plan(desired).size(),
                engine.configfs().read(so(engine) + "/attrib/dev_size").strip());
        System.exit(r.ok() ? 0 : 1);
    }

    private static String so(LioEngine engine) {
        for (String hba : engine.configfs().list("target/core")) {
            if (hba.startsWith("user_") && engine.configfs().exists("target/core/" + hba + "/rbd.probe0")) {
                return "target/core/" + hba + "/rbd.probe0";
            }
        }
        throw new IllegalStateException("no rbd.probe0 in LIO");
    }
}
