package io.cephiscsi.lio;

import io.cephiscsi.lio.LioState.Chap;
import io.cephiscsi.lio.LioState.DiscoveryAuth;
import io.cephiscsi.lio.LioState.Lun;
import io.cephiscsi.lio.LioState.MappedLun;
import io.cephiscsi.lio.LioState.NodeAcl;
import io.cephiscsi.lio.LioState.StorageObject;
import io.cephiscsi.lio.LioState.Target;
import io.cephiscsi.lio.LioState.Tpg;

import java.util.ArrayList;
import java.util.List;

/** Desired states for tests and the benchmark, shaped as upstream builds them. */
public final class Samples {
    public static final String IQN = "iqn.2003-01.com.redhat.iscsi-gw:ceph-igw";
    public static final String CLIENT1 = "iqn.1994-05.com.redhat:client1";
    public static final String CLIENT2 = "iqn.1994-05.com.redhat:client2";

    private Samples() {
    }

    /**
     * Three backstores (user:rbd owned by this gateway, fileio owned by the other, rd_mcp without ALUA), one
     * target with this gateway's TPG 1 (enabled, two CHAP ACLs with masking) and the other's TPG 2 (disabled).
     */
    public static LioState small(boolean explicit) {
        List<Integer> tags = List.of(1, 2);
        StorageObject rbd = UpstreamLio.userRbd("rbd.disk_1", "rbd", "disk_1", 1L << 30,
                "6c7d4a8e-0d1f-4f54-9b1a-3c1e5d2b7a01", 30, "/etc/ceph/ceph.conf", "client.admin", 8, 1024, 5,
                UpstreamLio.aluaGroups(tags, 1, explicit, 30));
        StorageObject file = UpstreamLio.fileio("file0", "/var/lib/lab/file0.img", 64L << 20,
                "6c7d4a8e-0d1f-4f54-9b1a-3c1e5d2b7a02", UpstreamLio.aluaGroups(tags, 2, explicit, 30));
        StorageObject ram = UpstreamLio.ramdisk("ram0", 16L << 20, "6c7d4a8e-0d1f-4f54-9b1a-3c1e5d2b7a03", List.of());
        String g1 = UpstreamLio.aluaGroupName(1, true, explicit);
        String f1 = UpstreamLio.aluaGroupName(1, false, explicit);
        String g2 = UpstreamLio.aluaGroupName(2, false, explicit);
        String f2 = UpstreamLio.aluaGroupName(2, true, explicit);
        Tpg tpg1 = new Tpg(1, true, UpstreamLio.tpgAttributes(true, true, true), UpstreamLio.defaultTpgParams(),
                Chap.NONE, List.of("192.168.122.11:3260"),
                List.of(new Lun(0, rbd.key(), g1), new Lun(1, file.key(), f1), new Lun(2, ram.key(), null)),
                List.of(new NodeAcl(CLIENT1, UpstreamLio.defaultAclAttributes(), 128,
                                new Chap("client1", "client1-secret", "target1", "target1-secret"),
                                List.of(new MappedLun(0, 0, false), new MappedLun(1, 1, false))),
                        new NodeAcl(CLIENT2, UpstreamLio.defaultAclAttributes(), 128,
                                Chap.oneWay("client2", "client2-secret"), List.of(new MappedLun(0, 2, true)))));
        Tpg tpg2 = new Tpg(2, false, UpstreamLio.tpgAttributes(false, true, true), UpstreamLio.defaultTpgParams(),
                null, List.of("192.168.122.12"),
                List.of(new Lun(0, rbd.key(), g2), new Lun(1, file.key(), f2), new Lun(2, ram.key(), null)),
                List.of());
        return new LioState(List.of(rbd, file, ram), List.of(new Target(IQN, List.of(tpg1, tpg2))),
                new DiscoveryAuth(true, Chap.oneWay("discovery", "discovery-secret")));
    }

    /**
     * {@code luns} user:rbd backstores on one target with {@code tpgs} TPGs (the first enabled), ALUA groups
     * per (backstore, TPG) with owners round-robin, {@code acls} ACLs on the enabled TPG each mapping
     * {@code perAcl} LUNs.
     */
    public static LioState scale(int luns, int tpgs, int acls, int perAcl) {
        return scale(luns, tpgs, acls, perAcl, "user");
    }

    /** the same with RAM disks of 64 KiB ({@code rd_mcp}): what the lab guest can hold a thousand of */
    public static LioState scale(int luns, int tpgs, int acls, int perAcl, String plugin) {
        List<Integer> tags = new ArrayList<>();
        for (int t = 1; t <= tpgs; t++) {
            tags.add(t);
        }
        List<StorageObject> sos = new ArrayList<>();
        for (int i = 0; i < luns; i++) {
            int owner = 1 + i % tpgs;
            String wwn = String.format("00000000-0000-4000-8000-%012d", i);
            List<LioState.AluaGroup> groups = UpstreamLio.aluaGroups(tags, owner, false, 30);
            sos.add(plugin.equals("user") ? UpstreamLio.userRbd("rbd.img" + i, "rbd", "img" + i, 1L << 30, wwn, 30,
                    "/etc/ceph/ceph.conf", "client.admin", 8, 1024, 5, groups)
                    : UpstreamLio.ramdisk("rbd.img" + i, 64 << 10, wwn, groups));
        }
        List<Tpg> tpgList = new ArrayList<>();
        for (int t : tags) {
            List<Lun> lunList = new ArrayList<>();
            for (int i = 0; i < luns; i++) {
                lunList.add(new Lun(i, sos.get(i).key(), UpstreamLio.aluaGroupName(t, 1 + i % tpgs == t, false)));
            }
            List<NodeAcl> aclList = new ArrayList<>();
            if (t == 1) {
                for (int a = 0; a < acls; a++) {
                    List<MappedLun> m = new ArrayList<>();
                    for (int k = 0; k < perAcl; k++) {
                        m.add(new MappedLun(k, (a * perAcl + k) % luns, false));
                    }
                    aclList.add(new NodeAcl("iqn.1994-05.com.example:host" + a, UpstreamLio.defaultAclAttributes(),
                            128, Chap.oneWay("user" + a, "secret-of-host" + a), m));
                }
            }
            tpgList.add(new Tpg(t, t == 1, UpstreamLio.tpgAttributes(t == 1, true, true),
                    UpstreamLio.defaultTpgParams(), t == 1 ? Chap.NONE : null,
                    List.of("10.0.0." + t + ":3260"), lunList, aclList));
        }
        return new LioState(sos, List.of(new Target("iqn.2003-01.com.example:bench", tpgList)), null);
    }

    /**
     * {@code state} with the ALUA owner of storage object {@code soKey} moved to TPG {@code ownerTag}: its groups
     * as upstream gives them for the new owner ("ao" gets the owner's tag as id, the old owner's TPG "ano<tag>"),
     * and each TPG's LUN of it in its TPG's group. What a gateway removal or a rebalance does to a disk.
     */
    public static LioState withOwner(LioState state, String soKey, int ownerTag, boolean explicit) {
        List<Integer> tags = new ArrayList<>();
        for (Target t : state.targets()) {
            for (Tpg tpg : t.tpgs()) {
                if (tpg.luns().stream().anyMatch(l -> l.storageObject().equals(soKey)) && !tags.contains(tpg.tag())) {
                    tags.add(tpg.tag());
                }
            }
        }
        tags.sort(null);
        List<StorageObject> sos = new ArrayList<>();
        for (StorageObject so : state.storageObjects()) {
            sos.add(!so.key().equals(soKey) ? so : new StorageObject(so.plugin(), so.name(), so.wwn(), so.control(),
                    so.attributes(), UpstreamLio.aluaGroups(tags, ownerTag, explicit, 30)));
        }
        List<Target> targets = new ArrayList<>();
        for (Target t : state.targets()) {
            List<Tpg> tpgs = new ArrayList<>();
            for (Tpg tpg : t.tpgs()) {
                List<Lun> luns = tpg.luns().stream().map(l -> !l.storageObject().equals(soKey) ? l
                        : new Lun(l.index(), soKey, UpstreamLio.aluaGroupName(tpg.tag(), tpg.tag() == ownerTag,
                        explicit))).toList();
                tpgs.add(new Tpg(tpg.tag(), tpg.enabled(), tpg.attributes(), tpg.params(), tpg.chap(), tpg.portals(),
                        luns, tpg.acls()));
            }
            targets.add(new Target(t.iqn(), tpgs));
        }
        return new LioState(sos, targets, state.discoveryAuth());
    }
}
