package io.cephiscsi.lio.lab;

import io.cephiscsi.lio.LioState;
import io.cephiscsi.lio.LioState.Chap;
import io.cephiscsi.lio.LioState.DiscoveryAuth;
import io.cephiscsi.lio.LioState.Lun;
import io.cephiscsi.lio.LioState.MappedLun;
import io.cephiscsi.lio.LioState.NodeAcl;
import io.cephiscsi.lio.LioState.StorageObject;
import io.cephiscsi.lio.LioState.Target;
import io.cephiscsi.lio.LioState.Tpg;
import io.cephiscsi.lio.UpstreamLio;

import java.util.ArrayList;
import java.util.List;

/**
 * The lab's sample configuration, as gateway gw1 (10.0.2.15, the guest) of two gateways (gw2 = 10.0.2.16)
 * would build it: two targets with TPG 1 = gw1 (enabled) and TPG 2 = gw2 (disabled, its portal only reported).
 * <ul>
 * <li>target-a: CHAP on one host (chap-host sees LUN 0 and 1), ACLs on; disk a0 owned by gw1, a1 by gw2;</li>
 * <li>target-b: no CHAP, LUN masking: host1 (and its second initiator host1b) sees b0 (LUN 0) and b2 (LUN 1),
 * host2 sees b1 as its LUN 0;
 * b0 owned by gw1, b1 and b2 by gw2.</li>
 * </ul>
 * Implicit ALUA, fileio backstores (b2 is a RAM disk). TPG 1 also gets the portal 127.0.0.1:hostPort: the
 * host reaches the guest through QEMU's port forward, and SendTargets must report an address it can reach.
 */
public final class LabSample {
    public static final String TARGET_A = "iqn.2003-01.org.linux-iscsi.lab:target-a";
    public static final String TARGET_B = "iqn.2003-01.org.linux-iscsi.lab:target-b";
    public static final String CHAP_HOST = "iqn.1994-05.org.lab:chap-host";
    public static final String HOST1 = "iqn.1994-05.org.lab:host1";
    public static final String HOST2 = "iqn.1994-05.org.lab:host2";
    /** host1's second initiator (iscsi-test-cu's second I_T nexus for the reservation tests) */
    public static final String HOST1B = "iqn.1994-05.org.lab:host1b";
    public static final String STRANGER = "iqn.1994-05.org.lab:stranger";
    public static final String CHAP_USER = "labuser";
    public static final String CHAP_PASSWORD = "labpassword12";
    public static final String GW1_IP = "10.0.2.15";
    public static final String GW2_IP = "10.0.2.16";
    static final long SIZE = 64L << 20;

    private LabSample() {
    }

    public static String serial(String disk) {
        return "lab-serial-" + disk;
    }

    public static LioState state(int hostPort) {
        List<Integer> tags = List.of(1, 2);
        List<StorageObject> sos = new ArrayList<>();
        sos.add(UpstreamLio.fileio("lab.a0", "/var/lib/lab/a0.img", SIZE, serial("a0"), UpstreamLio.aluaGroups(tags, 1, false, 30)));
        sos.add(UpstreamLio.fileio("lab.a1", "/var/lib/lab/a1.img", SIZE, serial("a1"), UpstreamLio.aluaGroups(tags, 2, false, 30)));
        sos.add(UpstreamLio.fileio("lab.b0", "/var/lib/lab/b0.img", SIZE, serial("b0"), UpstreamLio.aluaGroups(tags, 1, false, 30)));
        sos.add(UpstreamLio.fileio("lab.b1", "/var/lib/lab/b1.img", SIZE, serial("b1"), UpstreamLio.aluaGroups(tags, 2, false, 30)));
        sos.add(UpstreamLio.ramdisk("lab.b2", 16L << 20, serial("b2"), UpstreamLio.aluaGroups(tags, 2, false, 30)));

        Target a = target(TARGET_A, hostPort, List.of("fileio/lab.a0", "fileio/lab.a1"), List.of(1, 2), true,
                List.of(new NodeAcl(CHAP_HOST, UpstreamLio.defaultAclAttributes(), UpstreamLio.DEFAULT_CMDSN_DEPTH,
                        Chap.oneWay(CHAP_USER, CHAP_PASSWORD), List.of(new MappedLun(0, 0, false), new MappedLun(1, 1, false)))));
        Target b = target(TARGET_B, hostPort, List.of("fileio/lab.b0", "fileio/lab.b1", "rd_mcp/lab.b2"), List.of(1, 2, 2),
                false, List.of(
                        new NodeAcl(HOST1, UpstreamLio.defaultAclAttributes(), UpstreamLio.DEFAULT_CMDSN_DEPTH, Chap.NONE,
                                List.of(new MappedLun(0, 0, false), new MappedLun(1, 2, false))),
                        new NodeAcl(HOST1B, UpstreamLio.defaultAclAttributes(), UpstreamLio.DEFAULT_CMDSN_DEPTH, Chap.NONE,
                                List.of(new MappedLun(0, 0, false), new MappedLun(1, 2, false))),
                        new NodeAcl(HOST2, UpstreamLio.defaultAclAttributes(), UpstreamLio.DEFAULT_CMDSN_DEPTH, Chap.NONE,
                                List.of(new MappedLun(0, 1, false)))));
        return new LioState(sos, List.of(a, b), new DiscoveryAuth(false, Chap.NONE));
    }

    private static Target target(String iqn, int hostPort, List<String> disks, List<Integer> owners, boolean chap,
                                 List<NodeAcl> acls) {
        List<Tpg> tpgs = new ArrayList<>();
        for (int tag : List.of(1, 2)) {
            List<Lun> luns = new ArrayList<>();
            for (int i = 0; i < disks.size(); i++) {
                luns.add(new Lun(i, disks.get(i), UpstreamLio.aluaGroupName(tag, owners.get(i) == tag, false)));
            }
            boolean mine = tag == 1;
            List<String> portals = mine ? List.of(GW1_IP + ":3260", "127.0.0.1:" + hostPort) : List.of(GW2_IP + ":3260");
            tpgs.add(new Tpg(tag, mine, UpstreamLio.tpgAttributes(mine, true, chap), UpstreamLio.defaultTpgParams(),
                    mine ? Chap.NONE : null, portals, luns, mine ? acls : List.of()));
        }
        return new Target(iqn, tpgs);
    }
}
