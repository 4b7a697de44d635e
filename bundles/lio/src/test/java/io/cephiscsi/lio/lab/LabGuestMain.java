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
 * {@code clear} (remove everything). Environment: LAB_HOST_PORT (the host side of the port forward).
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
            case "read" -> {
                LioState live = engine.read();
                for (LioState.Target t : live.targets()) {
                    for (LioState.Tpg tpg : t.tpgs()) {
                        for (LioState.Lun l : tpg.luns()) {
                            LioState.StorageObject so = live.storageObject(l.storageObject());
                            LioState.AluaGroup g = so == null ? null : so.aluaGroup(l.aluaGroup());
                            System.out.printf("LAB-ALUA %s tpgt_%d lun_%d %s group=%s state=%s enabled=%s%n", t.iqn(),
                                    tpg.tag(), l.index(), l.storageObject(), l.aluaGroup(),
                                    g == null ? "?" : g.attributes().get("alua_access_state"), tpg.enabled());
                        }
                    }
                }
            }
            default -> {
                System.err.println("usage: LabGuestMain apply|plan|reapply|read|clear");
                System.exit(2);
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
