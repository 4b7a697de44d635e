package io.cephiscsi.lio.lab;

import io.cephiscsi.lio.ApplyResult;
import io.cephiscsi.lio.LioEngine;
import io.cephiscsi.lio.LioPlan;
import io.cephiscsi.lio.LioState;

import java.nio.file.Path;

/**
 * Runs the LIO engine inside the lab guest on the real {@code /sys/kernel/config}:
 * {@code apply} (plan + apply the sample, print the facts), {@code plan} (print the plan, apply nothing),
 * {@code reapply} (plan + apply again: must write nothing), {@code read} (print ALUA states per TPG LUN),
 * {@code bench [N]} (restore N RAM-disk LUNs on 2 TPGs with 512 ACLs, empty plans, back to the sample),
 * {@code clear} (remove everything), {@code owner <plugin/name> <tag>} (the sample with that disk's ALUA owner
 * on TPG {@code tag}: plan, apply, the next plan, the ALUA states), {@code kernel-rules} (what the kernel allows
 * for ALUA groups, measured on one of the sample's disks and put back). Environment: LAB_HOST_PORT (the host side
 * of the port forward).
 */
public final class LabGuestMain {
    private LabGuestMain() {
    }

    public static void main(String[] args) {
        String cmd = args.length > 0 ? args[0] : "plan";
        int port = Integer.parseInt(System.getenv().getOrDefault("LAB_HOST_PORT", "13260"));
        LioEngine engine = LioEngine.at(Path.of(System.getProperty("lab.root", "/sys/kernel/config")));
        LioState desired = cmd.equals("clear") ? LioState.EMPTY : LabSample.state(port);
        switch (cmd) {
            case "plan" -> {
                long t0 = System.nanoTime();
                LioPlan plan = engine.plan(desired);
                System.out.printf("LAB-ENGINE plan: %d operations in %.1f ms%n", plan.size(), (System.nanoTime() - t0) / 1e6);
                System.out.print(plan);
            }
            case "apply", "reapply", "clear" -> {
                long t0 = System.nanoTime();
                LioPlan plan = engine.plan(desired);
                long t1 = System.nanoTime();
                ApplyResult r = engine.apply(plan);
                long t2 = System.nanoTime();
                System.out.printf("LAB-ENGINE %s: plan %.1f ms, applied %d of %d operations in %.1f ms%n", cmd,
                        (t1 - t0) / 1e6, r.applied(), r.planned(), (t2 - t1) / 1e6);
                if (!r.ok()) {
                    System.out.println("LAB-ENGINE refused: " + r.failure().getMessage());
                    System.exit(1);
                }
                if (cmd.equals("apply")) {
                    facts();
                }
            }
            case "bench" -> bench(engine, args.length > 1 ? Integer.parseInt(args[1]) : 1000);
            case "sessions" -> {
                for (io.cephiscsi.lio.AclSession s : io.cephiscsi.lio.SessionFacts.acls(engine.configfs())) {
                    System.out.printf("LAB-SESSION %s tpgt_%d %s logged_in=%s addresses=%s%n", s.targetIqn(), s.tpg(),
                            s.initiatorIqn(), s.loggedIn(), String.join(",", s.addresses()));
                }
                io.cephiscsi.lio.SessionFacts.sessionCounts(engine.configfs())
                        .forEach((t, n) -> System.out.printf("LAB-SESSIONS %s %d%n", t, n));
            }
            case "owner" -> owner(engine, port, args[1], Integer.parseInt(args[2]));
            case "kernel-rules" -> kernelRules(engine, port);
            case "read" -> printAlua(engine);
            default -> {
                System.err.println("usage: LabGuestMain apply|plan|reapply|read|clear|owner <disk> <tag>|kernel-rules|bench [N]");
                System.exit(2);
            }
        }
    }

    /** the sample with one disk's ALUA owner on another TPG: what a gateway removal or a rebalance gives */
    private static void owner(LioEngine engine, int port, String disk, int tag) {
        LioState desired = io.cephiscsi.lio.Samples.withOwner(LabSample.state(port), disk, tag, false);
        LioPlan plan = engine.plan(desired);
        System.out.print(plan);
        long t0 = System.nanoTime();
        ApplyResult r = engine.apply(plan);
        System.out.printf("LAB-OWNER %s owner tpgt_%d: applied %d of %d operations in %.1f ms%n", disk, tag, r.applied(),
                r.planned(), (System.nanoTime() - t0) / 1e6);
        if (!r.ok()) {
            System.out.println("LAB-OWNER refused: " + r.failure().getMessage());
        }
        System.out.println("LAB-OWNER next plan: " + engine.plan(desired).size() + " operations");
        printAlua(engine);
    }

    /**
     * The kernel's rules for ALUA groups, on disk a0 (groups ao id 1 on TPG 1, ano2 id 2 on TPG 2), each op
     * through the engine so a refusal shows as the engine reports it; everything is put back at the end.
     */
    private static void kernelRules(LioEngine engine, int port) {
        io.cephiscsi.lio.Configfs fs = engine.configfs();
        String so = null;
        for (String hba : fs.list("target/core")) {
            if (fs.exists("target/core/" + hba + "/lab.a0")) {
                so = "target/core/" + hba + "/lab.a0";
            }
        }
        String lun = "target/iscsi/" + LabSample.TARGET_A + "/tpgt_1/lun/lun_0/alua_tg_pt_gp";
        String probe = so + "/alua/labprobe";
        rule(engine, "rewrite-other-id", io.cephiscsi.lio.LioOp.write(so + "/alua/ao/tg_pt_gp_id", "2"));
        rule(engine, "rewrite-same-id", io.cephiscsi.lio.LioOp.write(so + "/alua/ao/tg_pt_gp_id", "1"));
        rule(engine, "mkdir", io.cephiscsi.lio.LioOp.mkdir(probe));
        System.out.println("LAB-KERNEL fresh-id=[" + fs.read(probe + "/tg_pt_gp_id") + "] fresh-state="
                + fs.read(probe + "/alua_access_state"));
        rule(engine, "join-idless", io.cephiscsi.lio.LioOp.write(lun, "labprobe"));
        rule(engine, "state-idless", io.cephiscsi.lio.LioOp.write(probe + "/alua_access_state", "1"));
        rule(engine, "taken-id", io.cephiscsi.lio.LioOp.write(probe + "/tg_pt_gp_id", "2"));
        rule(engine, "free-id", io.cephiscsi.lio.LioOp.write(probe + "/tg_pt_gp_id", "9"));
        rule(engine, "join", io.cephiscsi.lio.LioOp.write(lun, "labprobe"));
        System.out.println("LAB-KERNEL member=" + fs.read(lun).lines().limit(2).toList());
        rule(engine, "rmdir-with-member", io.cephiscsi.lio.LioOp.rmdir(probe));
        System.out.println("LAB-KERNEL member-after-rmdir=" + fs.read(lun).lines().limit(2).toList());
        rule(engine, "join-null", io.cephiscsi.lio.LioOp.write(lun, "NULL"));
        rule(engine, "join-back", io.cephiscsi.lio.LioOp.write(lun, "ao"));
        System.out.println("LAB-KERNEL sample plan after: " + engine.plan(LabSample.state(port)).size() + " operations");
    }

    private static void rule(LioEngine engine, String name, io.cephiscsi.lio.LioOp op) {
        ApplyResult r = engine.apply(new LioPlan(java.util.List.of(op)));
        System.out.println("LAB-KERNEL " + name + ": " + (r.ok() ? "ok" : "refused: " + r.failure().getMessage()));
    }

    private static void printAlua(LioEngine engine) {
        LioState live = engine.read();
        for (LioState.Target t : live.targets()) {
            for (LioState.Tpg tpg : t.tpgs()) {
                for (LioState.Lun l : tpg.luns()) {
                    LioState.StorageObject so = live.storageObject(l.storageObject());
                    LioState.AluaGroup g = so == null ? null : so.aluaGroup(l.aluaGroup());
                    System.out.printf("LAB-ALUA %s tpgt_%d lun_%d %s group=%s state=%s id=%s enabled=%s%n", t.iqn(),
                            tpg.tag(), l.index(), l.storageObject(), l.aluaGroup(),
                            g == null ? "?" : g.attributes().get("alua_access_state"), g == null ? "?" : g.id(),
                            tpg.enabled());
                }
            }
        }
    }

    /** restore of N RAM-disk LUNs x 2 TPGs with 512 ACLs on the real kernel, the empty plan, the teardown */
    private static void bench(LioEngine engine, int luns) {
        LioState state = io.cephiscsi.lio.Samples.scale(luns, 2, 512, 2, "rd_mcp");
        long t0 = System.nanoTime();
        LioPlan plan = engine.plan(state);
        long t1 = System.nanoTime();
        ApplyResult r = engine.apply(plan);
        long t2 = System.nanoTime();
        System.out.printf("LAB-BENCH restore %d LUNs: plan %.0f ms, apply %d of %d operations in %.1f s (%s)%n", luns,
                (t1 - t0) / 1e6, r.applied(), r.planned(), (t2 - t1) / 1e9, r.ok() ? "ok" : r.failure().getMessage());
        for (int i = 0; i < 3; i++) {
            long s = System.nanoTime();
            LioPlan again = engine.plan(state);
            System.out.printf("LAB-BENCH empty plan: %d operations in %.0f ms%n", again.size(), (System.nanoTime() - s) / 1e6);
        }
        long s = System.nanoTime();
        LioPlan down = engine.plan(LabSample.state(Integer.parseInt(System.getenv().getOrDefault("LAB_HOST_PORT", "13260"))));
        long m = System.nanoTime();
        ApplyResult d = engine.apply(down);
        System.out.printf("LAB-BENCH back to the sample: plan %.0f ms, apply %d of %d operations in %.1f s (%s)%n",
                (m - s) / 1e6, d.applied(), d.planned(), (System.nanoTime() - m) / 1e9, d.ok() ? "ok" : d.failure().getMessage());
    }

    private static void facts() {
        System.out.println("LAB-FACT target=" + LabSample.TARGET_A + " (CHAP on its ACL, ALUA owner of LUN 0 = this gateway)");
        System.out.println("LAB-FACT target=" + LabSample.TARGET_B + " (no CHAP, LUN masking)");
        System.out.println("LAB-FACT initiator=" + LabSample.CHAP_HOST + " target=" + LabSample.TARGET_A
                + " luns=0,1 chap_user=" + LabSample.CHAP_USER + " chap_password=" + LabSample.CHAP_PASSWORD);
        System.out.println("LAB-FACT initiator=" + LabSample.HOST1 + " target=" + LabSample.TARGET_B + " luns=0,1");
        System.out.println("LAB-FACT initiator=" + LabSample.HOST1B + " target=" + LabSample.TARGET_B + " luns=0,1");
        System.out.println("LAB-FACT initiator=" + LabSample.HOST2 + " target=" + LabSample.TARGET_B + " luns=0");
        System.out.println("LAB-FACT no_acl_initiator=" + LabSample.STRANGER);
    }
}
