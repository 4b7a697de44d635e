package io.cephiscsi.lio;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Parsing what a 6.1 kernel wrote in the lab (an iscsi-perf session of host1 on target-b), and a folder walk. */
public class SessionFactsTest {

    /** {@code tpgt_1/acls/iqn.1994-05.org.lab:host1/info} as the lab's kernel showed it. */
    static final String LOGGED_IN = "InitiatorName: iqn.1994-05.org.lab:host1\n"
            + "InitiatorAlias: \n"
            + "LIO Session ID: 1   ISID: 0x80 31 88 70 00 00  TSIH: 1  SessionType: Normal\n"
            + "Session State: TARG_SESS_STATE_LOGGED_IN\n"
            + "---------------------[iSCSI Session Values]-----------------------\n"
            + "  CmdSN/WR  :  CmdSN/WC  :  ExpCmdSN  :  MaxCmdSN  :     ITT    :     TTT\n"
            + " 0x00000080   0x00000061   0x6de6c17e   0x6de6c1de   0x0f33547e   0x000028eb\n"
            + "----------------------[iSCSI Connections]-------------------------\n"
            + "CID: 0  Connection State: TARG_CONN_STATE_LOGGED_IN\n"
            + "   Address 10.0.2.2 TCP  StatSN: 0x44ce2bc8\n";
    static final String NONE = "No active iSCSI Session for Initiator Endpoint: iqn.1994-05.org.lab:host2\n";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aLoggedInAclNamesItsAddresses() {
        AclSession session = SessionFacts.parse("iqn.t", 1, "iqn.1994-05.org.lab:host1", LOGGED_IN);
        assertTrue(session.loggedIn());
        assertEquals("TARG_SESS_STATE_LOGGED_IN", session.state());
        assertEquals(List.of("10.0.2.2"), session.addresses());
        assertEquals("", session.alias());
    }

    @Test
    public void anAclWithoutSessionIsNotLoggedIn() {
        AclSession session = SessionFacts.parse("iqn.t", 1, "iqn.1994-05.org.lab:host2", NONE);
        assertFalse(session.loggedIn());
        assertTrue(session.addresses().isEmpty());
    }

    @Test
    public void walksEveryTargetTpgAndAcl() throws Exception {
        Path root = folder.getRoot().toPath();
        Path tpg = root.resolve("target/iscsi/iqn.2003-01.org.linux-iscsi.lab:target-b/tpgt_1");
        Files.createDirectories(tpg.resolve("acls/iqn.1994-05.org.lab:host1"));
        Files.createDirectories(tpg.resolve("acls/iqn.1994-05.org.lab:host2"));
        Files.writeString(tpg.resolve("acls/iqn.1994-05.org.lab:host1/info"), LOGGED_IN);
        Files.writeString(tpg.resolve("acls/iqn.1994-05.org.lab:host2/info"), NONE);
        Path stats = root.resolve("target/iscsi/iqn.2003-01.org.linux-iscsi.lab:target-b/fabric_statistics"
                + "/iscsi_instance");
        Files.createDirectories(stats);
        Files.writeString(stats.resolve("sessions"), "1\n");
        Files.createDirectories(root.resolve("target/iscsi/discovery_auth"));

        Configfs fs = new Configfs(root);
        List<AclSession> acls = SessionFacts.acls(fs);
        assertEquals(2, acls.size());
        assertTrue(acls.get(0).loggedIn());
        assertFalse(acls.get(1).loggedIn());
        assertEquals(Map.of("iqn.2003-01.org.linux-iscsi.lab:target-b", 1), SessionFacts.sessionCounts(fs));
    }
}
