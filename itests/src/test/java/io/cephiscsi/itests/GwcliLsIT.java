package io.cephiscsi.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.model.ChapCredentials;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.PortalConfig;
import io.cephiscsi.rbd.ImageService;

/** {@code gwcli ls} in a console session of the distribution on its embedded default: the lines a user sees. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GwcliLsIT extends ApplianceTestSupport {

    private static final String ME = "gw-ls-1.example.com";
    private static final String PEER = "gw-ls-2.example.com";
    private static final String TARGET = "iqn.2003-01.com.example.iscsi-gw:ls";
    private static final String HOST = "iqn.1994-05.com.example:ls-host";
    private static final String DISK = "rbd/ls_disk_1";

    private static boolean configured;

    @Inject
    SessionFactory sessions;

    @Inject
    GatewayAdmin gateway; // waits until the gateway service is up

    @Inject
    ConfigStore configStore;

    @Inject
    ImageService images;

    @Configuration
    public Option[] config() {
        return appliance(Map.of("backend", "embedded", "gateway_name", ME));
    }

    /** One 1G disk, a target on this gateway and a peer, and a CHAP host with that disk as LUN 0. */
    @Before
    public void configureOnce() {
        synchronized (GwcliLsIT.class) {
            if (configured) {
                return;
            }
            images.create("rbd", "ls_disk_1", "1G");
            configStore.update(ConfigTransaction.of(
                    ConfigChange.putGateway(ME, 0),
                    ConfigChange.putGateway(PEER, 0),
                    ConfigChange.putDisk(DiskConfig.create("rbd", "ls_disk_1", 0, "8a2c5d0e-3f41-4b7a-9c11-0d2e5f6a7b81",
                            ME).withOwner(ME)),
                    ConfigChange.createTarget(TARGET),
                    // loopback addresses: the tree asks the peer's API at its portal IP (nothing listens: DOWN)
                    ConfigChange.putPortal(TARGET, ME, new PortalConfig(List.of("127.0.0.7"),
                            List.of("127.0.0.7", "127.0.0.8"), List.of("127.0.0.8"), 2)),
                    ConfigChange.putPortal(TARGET, PEER, new PortalConfig(List.of("127.0.0.8"),
                            List.of("127.0.0.7", "127.0.0.8"), List.of("127.0.0.7"), 2)),
                    ConfigChange.putTargetDisk(TARGET, DISK, 0),
                    ConfigChange.putClient(TARGET, HOST, new ClientConfig(
                            ChapCredentials.of("ls-initiator", "lspassword1234", "", ""), Map.of(DISK, 0), ""))));
            configured = true;
        }
    }

    @Test
    public void lsOfTheTargetsShowsTheTreeWithDotsToEightyColumns() throws Exception {
        assertEquals(String.join("\n",
                "o- iscsi-targets ............................. [DiscoveryAuth: None, Targets: 1]",
                "  o- iqn.2003-01.com.example.iscsi-gw:ls ............. [Auth: None, Gateways: 2]",
                "    o- disks ........................................................ [Disks: 1]",
                "    | o- rbd/ls_disk_1 .................... [Owner: gw-ls-1.example.com, Lun: 0]",
                "    o- gateways .......................................... [Up: 1/2, Portals: 2]",
                "    | o- gw-ls-1.example.com .................................. [127.0.0.7 (UP)]",
                "    | o- gw-ls-2.example.com ................................ [127.0.0.8 (DOWN)]",
                "    o- host-groups ................................................ [Groups : 0]",
                "    o- hosts ..................................... [Auth: ACL_ENABLED, Hosts: 1]",
                "      o- iqn.1994-05.com.example:ls-host ............ [Auth: CHAP, Disks: 1(1G)]",
                "        o- lun 0 ............... [rbd/ls_disk_1(1G), Owner: gw-ls-1.example.com]",
                ""), console(sessions, "gwcli ls /iscsi-targets"));
    }

    @Test
    public void lsOfTheRootShowsEveryBranchAndADepthLimitsIt() throws Exception {
        String all = console(sessions, "gwcli ls /");
        assertThat(all, containsString("\n  o- cluster ..................................................... [Clusters: 1]\n"));
        assertThat(all, containsString("\n  o- disks ...................................................... [1G, Disks: 1]\n"
                + "  | o- rbd .......................................................... [rbd (1G)]\n"
                + "  |   o- ls_disk_1 ............................... [rbd/ls_disk_1 (Unknown, 1G)]\n"));
        assertThat(all, containsString("\n  |   o- pools ...................................................... [Pools: "));
        assertThat(all, containsString("\n  |   | o- rbd ......"));
        assertThat(all, containsString("\n          o- lun 0 ............. [rbd/ls_disk_1(1G), Owner: gw-ls-1.example.com]\n"));
        for (String line : all.split("\n")) {
            assertEquals(line, 80, line.length());
        }

        assertEquals(String.join("\n",
                "o- / ..................................................................... [...]",
                "  o- cluster ..................................................... [Clusters: 1]",
                "  o- disks ...................................................... [1G, Disks: 1]",
                "  o- iscsi-targets ........................... [DiscoveryAuth: None, Targets: 1]",
                ""), console(sessions, "gwcli ls / 1"));
        assertEquals(console(sessions, "gwcli ls / 1"), console(sessions, "gwcli / ls depth=1"));
    }

    @Test
    public void lsOfAnUnknownPathFailsNamingIt() throws Exception {
        try {
            String output = console(sessions, "gwcli ls /iscsi-targets/iqn.2003-01.com.example.iscsi-gw:nope");
            fail("no error: " + output);
        } catch (Exception e) {
            assertThat(e.toString(), e.getMessage(),
                    containsString("No such path /iscsi-targets/iqn.2003-01.com.example.iscsi-gw:nope"));
        }
        assertTrue(console(sessions, "gwcli info").contains("Backend            : embedded"));
    }

    @Test
    public void aHostWithASessionOnThisGatewayShowsLoggedIn() throws Exception {
        // what the kernel writes in the ACL's info while the initiator is logged in (as read on the lab's 6.1 kernel)
        java.nio.file.Path info = java.nio.file.Path.of(System.getProperty("karaf.data"), "configfs", "target",
                "iscsi", TARGET, "tpgt_1", "acls", HOST, "info");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!java.nio.file.Files.exists(info) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        java.nio.file.Files.writeString(info, "InitiatorName: " + HOST + "\nInitiatorAlias: \n"
                + "LIO Session ID: 1   ISID: 0x80 31 88 70 00 00  TSIH: 1  SessionType: Normal\n"
                + "Session State: TARG_SESS_STATE_LOGGED_IN\n"
                + "----------------------[iSCSI Connections]-------------------------\n"
                + "CID: 0  Connection State: TARG_CONN_STATE_LOGGED_IN\n   Address 192.0.2.50 TCP  StatSN: 0x1\n");
        try {
            String out = console(sessions, "gwcli ls /iscsi-targets/" + TARGET + "/hosts 1");
            assertThat(out, containsString("[LOGGED-IN, Auth: CHAP, Disks: 1(1G)]"));
        } finally {
            java.nio.file.Files.writeString(info, "No active iSCSI Session for Initiator Endpoint: " + HOST + "\n");
        }
    }

    @Test
    public void upstreamsOneShotSyntaxWorksOverSsh() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("it-ls-ssh");
        java.nio.file.Path key = dir.resolve("id_rsa");
        Reply keygen = run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", key.toString()),
                Map.of(), "");
        org.junit.Assert.assertEquals(keygen.body(), 0, keygen.status());
        String publicKey = java.nio.file.Files.readString(dir.resolve("id_rsa.pub")).split(" ")[1];
        java.nio.file.Files.writeString(etc("keys.properties"), "\nlsops=" + publicKey + ",_g_:admingroup\n",
                java.nio.file.StandardOpenOption.APPEND);
        // as an admin types it against upstream: ssh ... 'gwcli ls /'
        Reply reply = run(List.of("ssh", "-i", key.toString(), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-p",
                System.getProperty("it.ssh.port"), "lsops@127.0.0.1", "gwcli ls /"), Map.of(), "");
        org.junit.Assert.assertEquals(reply.body(), 0, reply.status());
        assertThat(reply.body(), containsString("o- iscsi-targets "));
        assertThat(reply.body(), containsString("o- " + TARGET + " "));
        assertThat(reply.body(), containsString("[rbd/ls_disk_1(1G), Owner: " + ME + "]"));
    }
}
