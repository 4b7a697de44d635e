package io.cephiscsi.lio;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.cephiscsi.lio.LioStatistics.Acl;
import io.cephiscsi.lio.LioStatistics.Backstore;
import io.cephiscsi.lio.LioStatistics.MappedLunStats;
import io.cephiscsi.lio.LioStatistics.Tpg;

/** The metrics' walk on a folder the engine configured as the kernel would show it. */
public class LioStatisticsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path tpg1() {
        return folder.getRoot().toPath().resolve("target/iscsi/" + Samples.IQN + "/tpgt_1");
    }

    private KernelLikeFolder configured() throws Exception {
        KernelLikeFolder fs = new KernelLikeFolder(folder.getRoot().toPath());
        assertTrue(new LioEngine(fs).reconcile(Samples.small(false)).ok());
        return fs;
    }

    @Test
    public void aMappedLunStartsWithZeroCountersAsTheKernelCreatesThem() throws Exception {
        configured();
        Path stats = tpg1().resolve("acls/" + Samples.CLIENT1 + "/lun_0/statistics/scsi_auth_intr");
        for (String counter : List.of("num_cmds", "read_mbytes", "write_mbytes")) {
            assertEquals("0", Files.readString(stats.resolve(counter)));
        }
    }

    @Test
    public void readsSizesPortalsAluaGroupsSessionsAndCounters() throws Exception {
        KernelLikeFolder fs = configured();
        Path stats = tpg1().resolve("acls/" + Samples.CLIENT1 + "/lun_1/statistics/scsi_auth_intr");
        Files.writeString(stats.resolve("num_cmds"), "1234\n");
        Files.writeString(stats.resolve("read_mbytes"), "56\n");
        Files.writeString(stats.resolve("write_mbytes"), "7\n");
        Files.writeString(tpg1().resolve("acls/" + Samples.CLIENT1 + "/info"), SessionFactsTest.LOGGED_IN);

        LioStatistics s = LioStatistics.read(fs);

        assertEquals(List.of(new Backstore("fileio", "file0", 64L << 20), new Backstore("rd_mcp", "ram0", 16L << 20),
                new Backstore("user", "rbd.disk_1", 1L << 30)), s.backstores());
        assertEquals(2, s.tpgs().size());
        Tpg own = s.tpgs().get(0);
        assertEquals(1, own.tag());
        assertEquals("192.168.122.11", own.portalIp());
        assertEquals(new LioStatistics.Lun(0, "rbd.disk_1", "ao"), own.luns().get(0));
        assertEquals("ano1", own.luns().get(1).aluaGroup());
        assertEquals("default_tg_pt_gp", own.luns().get(2).aluaGroup()); // a RAM disk without ALUA groups
        assertEquals("ao", s.tpgs().get(1).luns().get(1).aluaGroup());

        assertEquals(2, s.acls().size());
        Acl client1 = s.acls().get(0);
        assertEquals(Samples.CLIENT1, client1.initiatorIqn());
        assertTrue(client1.loggedIn());
        assertEquals(List.of(new MappedLunStats(0, "rbd.disk_1", 0, 0, 0), new MappedLunStats(1, "file0", 1234, 56, 7)),
                client1.luns());
        Acl client2 = s.acls().get(1);
        assertFalse(client2.loggedIn());
        assertEquals(List.of(new MappedLunStats(0, "ram0", 0, 0, 0)), client2.luns());
    }

    @Test
    public void anEmptyRootHasNothing() {
        LioStatistics s = LioStatistics.read(new Configfs(folder.getRoot().toPath()));
        assertTrue(s.backstores().isEmpty() && s.tpgs().isEmpty() && s.acls().isEmpty());
    }

    @Test
    public void portalIpsLoseTheirPortAndBrackets() {
        assertEquals("10.0.0.1", LioStatistics.ip("10.0.0.1:3260"));
        assertEquals("fe80::1", LioStatistics.ip("[fe80::1]:3260"));
    }
}
