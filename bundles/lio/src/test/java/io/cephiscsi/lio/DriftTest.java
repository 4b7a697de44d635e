package io.cephiscsi.lio;

import io.cephiscsi.lio.LioState.AluaGroup;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * An empty plan reads only what it compares, and skips what the kernel guarantees (an exported storage object
 * is enabled, an ALUA group's id shown by a member LUN is its id): drift in every value the plan manages must
 * still come back as exactly the write that undoes it.
 */
public class DriftTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private KernelLikeFolder fs;
    private LioEngine engine;
    private static final String T = "target/iscsi/" + Samples.IQN;
    private static final String RBD = "target/core/user_0/rbd.disk_1";

    @Before
    public void setUp() throws Exception {
        fs = new KernelLikeFolder(tmp.getRoot().toPath());
        engine = new LioEngine(fs);
    }

    private List<String> plan(LioState desired) {
        return engine.plan(desired).ops().stream().map(LioOp::toString).toList();
    }

    /** someone else's write, straight into the folder */
    private void drift(String rel, String value) throws Exception {
        Files.writeString(fs.resolve(rel), value);
    }

    private void assertFixedBy(LioState desired, String... expected) {
        assertEquals(List.of(expected), plan(desired));
        assertTrue(engine.reconcile(desired).ok());
        assertTrue("converged", engine.plan(desired).isEmpty());
    }

    private static String other(String attribute, String value) {
        if (attribute.equals("alua_access_type")) {
            return "Explicit"; // the kernel shows words; 2 is desired nowhere
        }
        return value.equals("1") ? "0" : "1";
    }

    @Test
    public void everyManagedAluaAttributeDriftIsWrittenBackImplicit() throws Exception {
        everyManagedAluaAttribute(Samples.small(false));
    }

    @Test
    public void everyManagedAluaAttributeDriftIsWrittenBackExplicit() throws Exception {
        everyManagedAluaAttribute(Samples.small(true));
    }

    private void everyManagedAluaAttribute(LioState desired) throws Exception {
        engine.reconcile(desired).orThrow();
        int checked = 0;
        for (AluaGroup g : desired.storageObject("user/rbd.disk_1").aluaGroups()) {
            String gp = RBD + "/alua/" + g.name();
            for (Map.Entry<String, String> a : g.attributes().entrySet()) {
                drift(gp + "/" + a.getKey(), other(a.getKey(), a.getValue()));
                assertFixedBy(desired, "echo '" + a.getValue() + "' > " + gp + "/" + a.getKey());
                checked++;
            }
        }
        assertTrue(checked >= 14);
    }

    @Test
    public void explicitAccessStateMovedByTheInitiatorIsLeftAlone() throws Exception {
        LioState desired = Samples.small(true);
        engine.reconcile(desired).orThrow();
        drift(RBD + "/alua/ao/alua_access_state", "0"); // SET TARGET PORT GROUPS made it active/optimized
        assertTrue(engine.plan(desired).isEmpty());
    }

    @Test
    public void aluaGroupIdIsReadWhenNoMemberLunShowsIt() throws Exception {
        LioState desired = Samples.small(false);
        engine.reconcile(desired).orThrow();
        // lun_0 of TPG 1 left group ao (the only member of it), and ao lost its id (an interrupted create)
        drift(T + "/tpgt_1/lun/lun_0/alua_tg_pt_gp", "TG Port Alias: default_tg_pt_gp\nTG Port Group ID: 0\n");
        drift(RBD + "/alua/ao/tg_pt_gp_id", "0");
        assertFixedBy(desired, "echo '1' > " + RBD + "/alua/ao/tg_pt_gp_id",
                "echo 'ao' > " + T + "/tpgt_1/lun/lun_0/alua_tg_pt_gp");
    }

    @Test
    public void aluaGroupWithAnotherIdIsReplacedNotRewritten() throws Exception {
        LioState desired = Samples.small(false);
        engine.reconcile(desired).orThrow();
        drift(T + "/tpgt_1/lun/lun_0/alua_tg_pt_gp", "TG Port Alias: ao\nTG Port Group ID: 7\n");
        drift(RBD + "/alua/ao/tg_pt_gp_id", "7");
        // the kernel takes a group's id once: the group is made anew and its LUN joins it again
        List<String> ops = plan(desired);
        assertEquals(List.of("rmdir " + RBD + "/alua/ao", "mkdir " + RBD + "/alua/ao",
                "echo '1' > " + RBD + "/alua/ao/tg_pt_gp_id"), ops.subList(0, 3));
        assertEquals("echo 'ao' > " + T + "/tpgt_1/lun/lun_0/alua_tg_pt_gp", ops.get(ops.size() - 1));
        assertEquals(1, ops.stream().filter(o -> o.contains("tg_pt_gp_id")).count());
        assertTrue(engine.reconcile(desired).ok());
        assertTrue("converged", engine.plan(desired).isEmpty());
        assertEquals("TG Port Alias: ao\nTG Port Group ID: 1",
                Files.readString(fs.resolve(T + "/tpgt_1/lun/lun_0/alua_tg_pt_gp")).strip());
    }

    @Test
    public void lunMembershipDriftIsWrittenBack() throws Exception {
        LioState desired = Samples.small(false);
        engine.reconcile(desired).orThrow();
        drift(T + "/tpgt_2/lun/lun_0/alua_tg_pt_gp", "TG Port Alias: default_tg_pt_gp\nTG Port Group ID: 0\n");
        assertFixedBy(desired, "echo 'ano2' > " + T + "/tpgt_2/lun/lun_0/alua_tg_pt_gp");
    }

    @Test
    public void unexportedStorageObjectLeftDisabledIsEnabled() throws Exception {
        LioState desired = Samples.small(false);
        engine.reconcile(desired).orThrow();
        // no LUN links to it any more (so nothing says it is enabled) and it reads disabled
        for (String tpg : List.of("tpgt_1", "tpgt_2")) {
            Files.delete(fs.resolve(T + "/" + tpg + "/lun/lun_2/lio_port"));
        }
        drift("target/core/rd_mcp_2/ram0/enable", "0");
        List<String> ops = plan(desired);
        assertTrue(String.join("\n", ops), ops.contains("echo '1' > target/core/rd_mcp_2/ram0/enable"));
        assertTrue(engine.reconcile(desired).ok());
        assertTrue(engine.plan(desired).isEmpty());
    }

    @Test
    public void driftInEveryOtherKindOfManagedValueIsWrittenBack() throws Exception {
        LioState desired = Samples.small(false);
        engine.reconcile(desired).orThrow();
        String acl = T + "/tpgt_1/acls/" + Samples.CLIENT1;
        List<String[]> cases = new ArrayList<>(List.of(
                new String[] {RBD + "/attrib/cmd_time_out", "30", "0"},
                new String[] {RBD + "/attrib/qfull_time_out", "-1", "5"},
                new String[] {T + "/tpgt_1/attrib/authentication", "0", "1"},
                new String[] {T + "/tpgt_2/attrib/tpg_enabled_sendtargets", "1", "0"},
                new String[] {T + "/tpgt_1/param/ImmediateData", "No", "Yes"},
                new String[] {T + "/tpgt_1/param/MaxBurstLength", "262144", "524288"},
                new String[] {acl + "/attrib/nopin_timeout", "15", "5"},
                new String[] {acl + "/cmdsn_depth", "64", "128"},
                new String[] {acl + "/auth/userid", "someone", "client1"},
                new String[] {acl + "/auth/userid_mutual", "NULL", "target1"},
                new String[] {acl + "/lun_0/write_protect", "1", "0"},
                new String[] {"target/iscsi/discovery_auth/enforce_discovery_auth", "0", "1"}));
        for (String[] c : cases) {
            drift(c[0], c[1]);
            assertFixedBy(desired, "echo '" + c[2] + "' > " + c[0]);
        }
        // the serial of an exported device: the kernel refuses the fix, the plan still names it
        drift(RBD + "/wwn/vpd_unit_serial", "T10 VPD Unit Serial Number: something-else");
        assertEquals(List.of("echo '" + desired.storageObject("user/rbd.disk_1").wwn() + "' > " + RBD
                + "/wwn/vpd_unit_serial"), plan(desired));
    }

    @Test
    public void configfsListsSortedAndReadAllSkipsWhatCannotBeRead() throws Exception {
        Files.createDirectories(fs.resolve("x/sub"));
        Files.writeString(fs.resolve("x/b"), "2\n");
        Files.writeString(fs.resolve("x/a"), "1\n");
        assertEquals(List.of("a", "b", "sub"), fs.list("x"));
        assertEquals(List.of(), fs.list("no/such/dir"));
        assertEquals(Map.of("a", "1", "b", "2"), fs.readAll("x", null));
        assertEquals(Map.of("b", "2"), fs.readAll("x", List.of("b", "missing", "sub")));
        assertEquals(Map.of(), fs.readAll("no/such/dir", List.of("a")));
        try {
            fs.list("x/a");
            org.junit.Assert.fail("a file is not a directory");
        } catch (LioException expected) {
            // the NIO call names the error
        }
    }
}
