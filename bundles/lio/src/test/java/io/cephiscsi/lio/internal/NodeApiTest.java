package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.KernelLikeFolder;
import io.cephiscsi.lio.LioExistsException;
import io.cephiscsi.lio.LioNotFoundException;
import io.cephiscsi.lio.LioState;
import io.cephiscsi.lio.LioWriteRefusedException;
import io.cephiscsi.lio.OpenMode;
import io.cephiscsi.lio.UpstreamLio;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** The object classes used directly: explicit open modes, rollback of a half-made object, cascading delete. */
public class NodeApiTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private KernelLikeFolder fs;

    @Before
    public void setUp() throws Exception {
        fs = new KernelLikeFolder(tmp.getRoot().toPath());
    }

    private StorageObjectNode ram() {
        return new StorageObjectNode(fs, "rd_mcp_7", UpstreamLio.ramdisk("ram0", 1 << 20, "serial-0", List.of()));
    }

    @Test
    public void openModesAreExplicit() {
        StorageObjectNode so = ram();
        try {
            so.open(OpenMode.LOOKUP);
            fail();
        } catch (LioNotFoundException expected) {
            assertTrue(expected.getMessage().contains("target/core/rd_mcp_7/ram0"));
        }
        so.open(OpenMode.CREATE);
        assertEquals("1", so.get("enable"));
        assertEquals("serial-0", so.unitSerial().serial());
        so.open(OpenMode.ANY);   // idempotent
        so.open(OpenMode.LOOKUP);
        try {
            so.open(OpenMode.CREATE);
            fail();
        } catch (LioExistsException expected) {
            assertTrue(expected.getMessage().contains("already exists"));
        }
    }

    @Test
    public void aHalfMadeObjectIsRolledBack() {
        fs.refuseOnce(op -> op.path().endsWith("ram0/enable"), "Invalid argument");
        try {
            ram().open(OpenMode.CREATE);
            fail();
        } catch (LioWriteRefusedException e) {
            assertEquals("target/core/rd_mcp_7/ram0/enable", e.path());
        }
        assertFalse(fs.exists("target/core/rd_mcp_7/ram0"));
        assertFalse("the HBA made for it goes too", fs.exists("target/core/rd_mcp_7"));
    }

    @Test
    public void deletingATargetCascadesAndALunTakesItsMappedLuns() {
        StorageObjectNode so = ram();
        so.open(OpenMode.CREATE);
        TargetNode t = new TargetNode(fs, "IQN.2003-01.org.example:T1");
        assertEquals("target/iscsi/iqn.2003-01.org.example:t1", t.path()); // normalised identity
        t.open(OpenMode.CREATE);
        TpgNode tpg = t.tpg(1);
        tpg.open(OpenMode.CREATE);
        tpg.lun(0).storage(so.path()).open(OpenMode.CREATE);
        NodeAclNode acl = tpg.acl("iqn.1994-05.org.example:host");
        acl.open(OpenMode.CREATE);
        acl.mappedLun(3).to(0, true).open(OpenMode.CREATE);
        assertEquals("1", fs.read(acl.path() + "/lun_3/write_protect"));
        tpg.portal("10.0.0.1").open(OpenMode.CREATE);
        tpg.set("enable", "1");

        tpg.lun(0).delete();
        assertFalse("mapped LUN removed with its LUN", fs.exists(acl.path() + "/lun_3"));
        tpg.lun(0).storage(so.path()).open(OpenMode.CREATE);
        acl.mappedLun(0).to(0, false).open(OpenMode.CREATE);

        t.delete();
        assertFalse(t.exists());
        so.delete();
        assertEquals(List.of("alua"), fs.list("target/core"));
    }

    @Test
    public void aluaGroupsWriteIdTypeAndSupportBeforeState() {
        StorageObjectNode so = ram();
        so.open(OpenMode.CREATE);
        LioState.AluaGroup g = UpstreamLio.aluaGroup(2, false, true, 30);
        List<String> ops = so.aluaGroup(g).createOps().stream().map(Object::toString).toList();
        assertTrue(ops.get(1), ops.get(1).endsWith("standby2/tg_pt_gp_id"));
        assertTrue(ops.indexOf("echo '3' > target/core/rd_mcp_7/ram0/alua/standby2/alua_access_type")
                < ops.indexOf("echo '2' > target/core/rd_mcp_7/ram0/alua/standby2/alua_access_state"));
        so.aluaGroup(g).open(OpenMode.CREATE); // the folder checks id, access type and support like the kernel
        assertEquals("Implicit and Explicit", fs.read("target/core/rd_mcp_7/ram0/alua/standby2/alua_access_type"));
    }
}
