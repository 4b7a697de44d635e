package io.cephiscsi.lio.lab;

import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

/**
 * The engine on a real kernel: {@code itests/lab/lab.sh up} boots the QEMU guest (TCG), the engine builds
 * {@link LabSample} on the guest's {@code /sys/kernel/config}, then libiscsi's tools check it from this
 * machine. Skips, saying why, when qemu-system-x86_64, libiscsi's tools or the lab image
 * ({@code itests/lab/lab.sh image}) are missing, or with -Dlab.skip=true. -Dlab.cu=full runs the whole
 * iscsi-test-cu SCSI suite on a fileio LUN (about a minute more) instead of the core subset.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class LioLabIT {
    private static final Path LAB = Path.of(System.getProperty("user.dir"), "../../itests/lab/lab.sh").normalize();
    private static final int PORT = Integer.getInteger("lab.port", 13270);
    private static final Path RUN = Path.of(System.getProperty("user.dir"), "target/lab-run");
    private static final String URL = "iscsi://127.0.0.1:" + PORT + "/";
    private static boolean started;

    record Result(int rc, String out) {
    }

    @BeforeClass
    public static void up() throws Exception {
        String why = skipReason();
        if (why != null) {
            System.out.println("LioLabIT skipped: " + why);
            Assume.assumeTrue(why, false);
        }
        long t0 = System.nanoTime();
        Result r = run(420, Map.of(), LAB.toString(), "up");
        started = true;
        System.out.println(r.out());
        assertEquals("lab.sh up failed:\n" + r.out(), 0, r.rc());
        System.out.printf("LioLabIT: guest booted and configured by the engine in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterClass
    public static void down() throws Exception {
        if (started) {
            run(60, Map.of(), LAB.toString(), "down");
        }
    }

    static String skipReason() {
        if (Boolean.getBoolean("lab.skip")) {
            return "-Dlab.skip=true";
        }
        for (String tool : List.of("qemu-system-x86_64", "iscsi-inq", "iscsi-ls", "iscsi-test-cu", "iscsi-perf")) {
            if (!onPath(tool)) {
                return tool + " is not installed (apt-get install qemu-system-x86 libiscsi-bin)";
            }
        }
        Path cache = Path.of(System.getenv().getOrDefault("LAB_CACHE", System.getenv().getOrDefault("XDG_CACHE_HOME",
                System.getProperty("user.home") + "/.cache") + "/ceph-iscsi-karaf/lab"));
        if (!Files.exists(cache.resolve("rootfs.ext4")) || !Files.exists(cache.resolve("initramfs.cpio.gz"))) {
            return "no lab image in " + cache + " (build it once with itests/lab/lab.sh image, about a minute)";
        }
        if (!Files.isExecutable(LAB)) {
            return LAB + " not found";
        }
        return null;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static Result run(int timeoutSeconds, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PORT", Integer.toString(PORT));
        pb.environment().put("LAB_RUN", RUN.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes(); // ends when the process (and its children) close stdout
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).replace("\r", ""));
    }

    private static Result inq(String initiator, String target, int lun, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("iscsi-inq", "-i", initiator));
        cmd.addAll(List.of(extra));
        cmd.add(URL + target + "/" + lun);
        return run(30, Map.of(), cmd.toArray(String[]::new));
    }

    private static Result guest(String command) throws Exception {
        return run(120, Map.of(), LAB.toString(), "cmd", command);
    }

    @Test
    public void t1_rightChapLogsIn() throws Exception {
        Result r = run(30, Map.of(), "iscsi-inq", "-i", LabSample.CHAP_HOST, "iscsi://" + LabSample.CHAP_USER + "%"
                + LabSample.CHAP_PASSWORD + "@127.0.0.1:" + PORT + "/" + LabSample.TARGET_A + "/0");
        assertEquals(r.out(), 0, r.rc());
        assertTrue(r.out(), r.out().contains("Product:FILEIO"));
    }

    @Test
    public void t2_wrongChapFails() throws Exception {
        Result r = run(30, Map.of(), "iscsi-inq", "-i", LabSample.CHAP_HOST, "iscsi://" + LabSample.CHAP_USER
                + "%wrong-password@127.0.0.1:" + PORT + "/" + LabSample.TARGET_A + "/0");
        assertNotEquals(r.out(), 0, r.rc());
        assertTrue(r.out(), r.out().contains("Authentication failure"));
        Result none = inq(LabSample.CHAP_HOST, LabSample.TARGET_A, 0);
        assertNotEquals("no CHAP at all must fail too: " + none.out(), 0, none.rc());
    }

    @Test
    public void t3_initiatorWithoutAclIsRefused() throws Exception {
        Result r = inq(LabSample.STRANGER, LabSample.TARGET_B, 0);
        assertNotEquals(r.out(), 0, r.rc());
        assertTrue(r.out(), r.out().contains("Authorization failure"));
    }

    @Test
    public void t4_eachInitiatorSeesExactlyItsLuns() throws Exception {
        // host1: LUN 0 = b0, LUN 1 = b2; host2: LUN 0 = b1; nothing else
        Map<String, List<String>> expected = Map.of(LabSample.HOST1, List.of("b0", "b2"), LabSample.HOST1B,
                List.of("b0", "b2"), LabSample.HOST2, List.of("b1"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            for (int lun = 0; lun < 3; lun++) {
                Result r = inq(e.getKey(), LabSample.TARGET_B, lun, "-e", "1", "-c", "128");
                if (lun < e.getValue().size()) {
                    assertEquals(e.getKey() + " lun " + lun + ": " + r.out(), 0, r.rc());
                    assertTrue(r.out(), r.out().contains("Unit Serial Number:[" + LabSample.serial(e.getValue().get(lun)) + "]"));
                } else {
                    assertNotEquals(e.getKey() + " must not see lun " + lun + ": " + r.out(), 0, r.rc());
                    assertTrue(r.out(), r.out().contains("LOGICAL_UNIT_NOT_SUPPORTED"));
                }
            }
        }
        Result c = run(30, Map.of(), "iscsi-inq", "-i", LabSample.CHAP_HOST, "-e", "1", "-c", "128", "iscsi://"
                + LabSample.CHAP_USER + "%" + LabSample.CHAP_PASSWORD + "@127.0.0.1:" + PORT + "/" + LabSample.TARGET_A + "/1");
        assertTrue(c.out(), c.out().contains("Unit Serial Number:[" + LabSample.serial("a1") + "]"));
    }

    @Test
    public void t5_aluaStatePerTpgFollowsTheOwner() throws Exception {
        Result r = run(120, Map.of(), LAB.toString(), "engine", "read");
        assertEquals(r.out(), 0, guestRc(r.out()));
        // owner gw1 (TPG 1): a0, b0; owner gw2 (TPG 2): a1, b1, b2
        for (String line : List.of(
                LabSample.TARGET_A + " tpgt_1 lun_0 fileio/lab.a0 group=ao state=0",
                LabSample.TARGET_A + " tpgt_1 lun_1 fileio/lab.a1 group=ano1 state=1",
                LabSample.TARGET_A + " tpgt_2 lun_0 fileio/lab.a0 group=ano2 state=1",
                LabSample.TARGET_A + " tpgt_2 lun_1 fileio/lab.a1 group=ao state=0",
                LabSample.TARGET_B + " tpgt_1 lun_0 fileio/lab.b0 group=ao state=0",
                LabSample.TARGET_B + " tpgt_1 lun_1 fileio/lab.b1 group=ano1 state=1",
                LabSample.TARGET_B + " tpgt_1 lun_2 rd_mcp/lab.b2 group=ano1 state=1",
                LabSample.TARGET_B + " tpgt_2 lun_2 rd_mcp/lab.b2 group=ao state=0")) {
            assertTrue("missing: " + line + "\n" + r.out(), r.out().contains("LAB-ALUA " + line));
        }
        // and what the kernel itself reports for the port the host logs in through
        Result k = guest("cat /sys/kernel/config/target/iscsi/" + LabSample.TARGET_B + "/tpgt_1/lun/lun_1/alua_tg_pt_gp");
        assertTrue(k.out(), k.out().contains("TG Port Alias: ano1") && k.out().contains("Active/NonOptimized"));
    }

    @Test
    public void t6_reapplyWritesNothingAndASessionStaysLoggedIn() throws Exception {
        String info = "cat /sys/kernel/config/target/iscsi/" + LabSample.TARGET_B + "/tpgt_1/acls/" + LabSample.HOST1 + "/info";
        Process perf = new ProcessBuilder("iscsi-perf", "-i", LabSample.HOST1, "-r", "-x", "0",
                URL + LabSample.TARGET_B + "/0").redirectErrorStream(true)
                .redirectOutput(RUN.resolve("iscsi-perf.out").toFile()).start();
        try {
            Thread.sleep(2500);
            assertTrue("iscsi-perf exited: " + Files.readString(RUN.resolve("iscsi-perf.out")), perf.isAlive());
            String before = sessionId(guest(info).out());
            Result facts = run(120, Map.of(), LAB.toString(), "engine", "sessions");
            assertTrue(facts.out(), facts.out().contains("LAB-SESSION " + LabSample.TARGET_B + " tpgt_1 "
                    + LabSample.HOST1 + " logged_in=true addresses=10.0.2.2"));
            assertTrue(facts.out(), facts.out().contains("LAB-SESSIONS " + LabSample.TARGET_B + " 1"));
            assertTrue(facts.out(), facts.out().contains(LabSample.HOST2 + " logged_in=false"));
            Result r = run(120, Map.of(), LAB.toString(), "engine", "reapply");
            System.out.println(r.out());
            assertTrue(r.out(), r.out().contains("applied 0 of 0 operations"));
            Thread.sleep(1500);
            String after = sessionId(guest(info).out());
            assertEquals("the session must survive the reapply", before, after);
            assertTrue("iscsi-perf must still run: " + Files.readString(RUN.resolve("iscsi-perf.out")), perf.isAlive());
        } finally {
            perf.destroy();
            perf.waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(RUN.resolve("iscsi-perf.out"));
        assertTrue(out, !out.contains("reconnect") && !out.contains("failed"));
    }

    @Test
    public void t7_iscsiTestCuOnAFileioLun() throws Exception {
        String url = URL + LabSample.TARGET_B + "/0";
        List<String> suites = "full".equals(System.getProperty("lab.cu")) ? List.of("SCSI.*")
                : List.of("SCSI.Inquiry", "SCSI.TestUnitReady", "SCSI.ReadCapacity10", "SCSI.ReadCapacity16",
                "SCSI.Read10", "SCSI.Write10", "SCSI.Read16", "SCSI.Write16", "SCSI.WriteSame10", "SCSI.Prout*",
                "SCSI.Prin*");
        int total = 0;
        int failed = 0;
        StringBuilder failures = new StringBuilder();
        for (String s : suites) {
            Result r = run(900, Map.of(), "iscsi-test-cu", "--dataloss", "-i", LabSample.HOST1, "-I", LabSample.HOST1B,
                    "-t", s, url);
            Matcher m = Pattern.compile("tests\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)").matcher(r.out());
            assertTrue(s + ": no summary\n" + r.out(), m.find());
            total += Integer.parseInt(m.group(2));
            failed += Integer.parseInt(m.group(4));
            String test = "";
            for (String l : r.out().lines().toList()) {
                if (l.startsWith("  Test:")) {
                    test = l.substring(7, l.contains("...") ? l.indexOf("...") : l.length()).strip();
                }
                if (l.contains("[FAILED]") && !failures.toString().endsWith(s + " " + test + "\n")) {
                    failures.append("  failed: ").append(s).append(" ").append(test).append('\n');
                }
            }
        }
        System.out.printf("LioLabIT iscsi-test-cu on fileio LUN (%s): %d tests, %d passed, %d failed%n%s",
                String.join(",", suites), total, total - failed, failed, failures);
        if (suites.size() > 1) {
            assertEquals(failures.toString(), 0, failed);
        } else {
            assertTrue("hand-built fileio passed 201 of 215: " + failures, total - failed >= 201);
        }
    }

    /**
     * A disk's ALUA owner moves to the other gateway and back on the real kernel, under I/O: first what the
     * kernel allows for ALUA groups (the write the planner used to plan, a new id into an existing group, is
     * refused: EINVAL), then the engine's replacement plan, the next plan empty, the states per TPG.
     */
    @Test
    public void t8_ownerChangeOnTheKernel() throws Exception {
        Result k = run(120, Map.of(), LAB.toString(), "engine", "kernel-rules");
        System.out.println(k.out());
        String out = k.out();
        for (String fact : List.of(
                "LAB-KERNEL rewrite-other-id: refused: configfs refused echo '2' > target/core/",
                "lab.a0/alua/ao/tg_pt_gp_id: Invalid argument",
                "LAB-KERNEL rewrite-same-id: refused: configfs refused echo '1' > ",
                "LAB-KERNEL fresh-id=[] fresh-state=0",
                "LAB-KERNEL join-idless: refused: ", "alua_tg_pt_gp: No such device",
                "LAB-KERNEL state-idless: refused: ",
                "LAB-KERNEL taken-id: refused: ",
                "LAB-KERNEL free-id: ok", "LAB-KERNEL join: ok",
                "LAB-KERNEL member=[TG Port Alias: labprobe, TG Port Group ID: 9]",
                "LAB-KERNEL rmdir-with-member: ok",
                "LAB-KERNEL member-after-rmdir=[TG Port Alias: default_tg_pt_gp, TG Port Group ID: 0]",
                "LAB-KERNEL join-null: ok", "LAB-KERNEL join-back: ok",
                "LAB-KERNEL sample plan after: 0 operations")) {
            assertTrue("missing: " + fact + "\n" + out, out.contains(fact));
        }

        String chapUrl = "iscsi://" + LabSample.CHAP_USER + "%" + LabSample.CHAP_PASSWORD + "@127.0.0.1:" + PORT + "/"
                + LabSample.TARGET_A + "/0";
        String info = "cat /sys/kernel/config/target/iscsi/" + LabSample.TARGET_A + "/tpgt_1/acls/" + LabSample.CHAP_HOST + "/info";
        Process perf = new ProcessBuilder("iscsi-perf", "-i", LabSample.CHAP_HOST, "-r", "-x", "0", chapUrl)
                .redirectErrorStream(true).redirectOutput(RUN.resolve("iscsi-perf-owner.out").toFile()).start();
        try {
            Thread.sleep(2500);
            assertTrue("iscsi-perf exited: " + Files.readString(RUN.resolve("iscsi-perf-owner.out")), perf.isAlive());
            String before = sessionId(guest(info).out());
            String a = LabSample.TARGET_A;
            owner(2, a + " tpgt_1 lun_0 fileio/lab.a0 group=ano1 state=1 id=1",
                    a + " tpgt_2 lun_0 fileio/lab.a0 group=ao state=0 id=2");
            Result kernel = guest("cat /sys/kernel/config/target/iscsi/" + a + "/tpgt_1/lun/lun_0/alua_tg_pt_gp");
            assertTrue(kernel.out(), kernel.out().contains("TG Port Alias: ano1") && kernel.out().contains("TG Port Group ID: 1")
                    && kernel.out().contains("Active/NonOptimized"));
            kernel = guest("cat /sys/kernel/config/target/iscsi/" + a + "/tpgt_2/lun/lun_0/alua_tg_pt_gp");
            assertTrue(kernel.out(), kernel.out().contains("TG Port Alias: ao") && kernel.out().contains("TG Port Group ID: 2")
                    && kernel.out().contains("Active/Optimized"));
            Result inq = run(30, Map.of(), "iscsi-inq", "-i", LabSample.CHAP_HOST, chapUrl);
            assertEquals("the LUN answers on the non-owner's port: " + inq.out(), 0, inq.rc());
            // and back: the sample again
            owner(1, a + " tpgt_1 lun_0 fileio/lab.a0 group=ao state=0 id=1",
                    a + " tpgt_2 lun_0 fileio/lab.a0 group=ano2 state=1 id=2");
            Thread.sleep(1500);
            assertEquals("the session must survive the owner changes", before, sessionId(guest(info).out()));
            assertTrue("iscsi-perf must still run: " + Files.readString(RUN.resolve("iscsi-perf-owner.out")), perf.isAlive());
        } finally {
            perf.destroy();
            perf.waitFor(10, TimeUnit.SECONDS);
        }
        String perfOut = Files.readString(RUN.resolve("iscsi-perf-owner.out"));
        assertTrue(perfOut, !perfOut.contains("reconnect") && !perfOut.contains("failed"));
        Result plan = run(120, Map.of(), LAB.toString(), "engine", "plan");
        assertTrue(plan.out(), plan.out().contains("LAB-ENGINE plan: 0 operations"));
    }

    /** lab.a0's owner to TPG {@code tag}: applied in full, the next plan empty, the given ALUA lines */
    private static void owner(int tag, String... alua) throws Exception {
        Result r = run(120, Map.of(), LAB.toString(), "engine", "owner", "fileio/lab.a0", Integer.toString(tag));
        System.out.println(r.out());
        assertEquals(r.out(), 0, guestRc(r.out()));
        Matcher m = Pattern.compile("LAB-OWNER fileio/lab.a0 owner tpgt_" + tag + ": applied (\\d+) of (\\d+)").matcher(r.out());
        assertTrue(r.out(), m.find());
        assertEquals(r.out(), m.group(2), m.group(1));
        assertTrue(r.out(), Integer.parseInt(m.group(1)) > 0);
        assertTrue(r.out(), !r.out().contains("LAB-OWNER refused"));
        assertTrue(r.out(), r.out().contains("LAB-OWNER next plan: 0 operations"));
        for (String line : alua) {
            assertTrue("missing: " + line + "\n" + r.out(), r.out().contains("LAB-ALUA " + line));
        }
    }

    private static String sessionId(String info) {
        Matcher m = Pattern.compile("LIO Session ID: (\\d+).*\\n.*Session State: (\\S+)").matcher(info);
        assertTrue("no logged-in session: " + info, m.find());
        assertEquals("TARG_SESS_STATE_LOGGED_IN", m.group(2));
        return m.group(1);
    }

    private static int guestRc(String out) {
        Matcher m = Pattern.compile("\\[guest rc=(\\d+)").matcher(out);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
