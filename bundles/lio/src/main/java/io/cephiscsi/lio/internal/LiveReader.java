package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.Configfs;
import io.cephiscsi.lio.LioState;
import io.cephiscsi.lio.LioState.AluaGroup;
import io.cephiscsi.lio.LioState.Chap;
import io.cephiscsi.lio.LioState.DiscoveryAuth;
import io.cephiscsi.lio.LioState.Lun;
import io.cephiscsi.lio.LioState.MappedLun;
import io.cephiscsi.lio.LioState.NodeAcl;
import io.cephiscsi.lio.LioState.StorageObject;
import io.cephiscsi.lio.LioState.Target;
import io.cephiscsi.lio.LioState.Tpg;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads configfs in one walk. Two modes:
 * <ul>
 * <li>full ({@code desired == null}): every readable attribute, what {@code LioEngine.read()} returns;</li>
 * <li>scoped to a desired state: the names of everything (to find what to remove), but attribute values only
 * for objects the desired state has and only the keys it manages. That is what keeps an empty plan cheap at
 * thousands of objects: rtslib re-reads every property from configfs on every access. The fabric is read
 * before the backstores so that two values the kernel already shows are not read twice: a storage object a
 * LUN links to is enabled (its {@code enable} is not read), and an ALUA group whose member LUN shows the
 * desired id has that id (its {@code tg_pt_gp_id} is not read). A group whose managed values all agree is
 * represented by the desired record itself, so the planner skips it by identity.</li>
 * </ul>
 */
public final class LiveReader {
    private static final Set<String> HBA_FILES = Set.of("hba_info", "hba_mode");
    private static final Set<String> UNREADABLE = Set.of("control", "members", "alua_access_status");

    private final Configfs fs;
    private final LioState desired;
    private final Map<String, StorageObject> wantSo;
    private final Map<String, Target> wantTarget;
    /**
     * Scoped mode only, filled while the LUNs are read: storage objects some live LUN links to, and
     * "{@code <plugin>/<name>/<group>}" → the tg_pt_gp_id a live LUN's {@code alua_tg_pt_gp} shows for it.
     */
    private final Set<String> exported = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> memberIds = new java.util.concurrent.ConcurrentHashMap<>();
    /** groups that read without an id ("" on the kernel until the first write of tg_pt_gp_id) */
    private final Set<String> idless = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public LiveReader(Configfs fs, LioState desired) {
        this.fs = fs;
        this.desired = desired;
        this.wantSo = desired == null ? Map.of() : Idx.sos(desired);
        this.wantTarget = desired == null ? Map.of() : Idx.targets(desired);
    }

    private boolean full() {
        return desired == null;
    }

    /** the state alone */
    public LioState readState() {
        return read().state();
    }

    Live read() {
        Map<String, String> hbaOf = new HashMap<>();
        Set<String> disabled = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Set<Integer> indexes = new HashSet<>();
        List<String> emptyHbas = new ArrayList<>();
        List<String[]> found = new ArrayList<>();
        List<String> hbas = fs.list(Paths.CORE).stream().filter(LiveReader::isHba).toList();
        // one listing per HBA (one storage object each): done in parallel, the order is kept
        List<List<String>> contents = hbas.parallelStream().map(h -> fs.list(Paths.CORE + "/" + h)).toList();
        for (int i = 0; i < hbas.size(); i++) {
            String hba = hbas.get(i);
            int us = hba.lastIndexOf('_');
            String plugin = hba.substring(0, us);
            indexes.add(Integer.valueOf(hba.substring(us + 1)));
            boolean any = false;
            for (String name : contents.get(i)) {
                if (HBA_FILES.contains(name)) {
                    continue;
                }
                any = true;
                if (!LioState.PLUGINS.contains(plugin)) {
                    continue; // pscsi and friends: not ours to model
                }
                hbaOf.put(plugin + "/" + name, hba);
                found.add(new String[] {hba, plugin, name});
            }
            if (!any) {
                emptyHbas.add(hba);
            }
        }
        // the fabric first: its LUNs tell which storage objects are exported (so enabled) and the ids of the
        // ALUA groups their ports are in, which the storage objects then need not read again
        boolean fabric = fs.exists(Paths.ISCSI);
        List<Target> targets = new ArrayList<>();
        DiscoveryAuth discovery = null;
        if (fabric) {
            for (String iqn : fs.list(Paths.ISCSI)) {
                if (isTargetName(iqn)) { // besides targets: discovery_auth, lio_version, cpus_allowed_list
                    targets.add(target(iqn));
                }
            }
            if (full() || desired.discoveryAuth() != null) {
                discovery = discoveryAuth();
            }
        }
        // storage objects are independent: read them in parallel (the order of the result is kept)
        List<StorageObject> sos = found.parallelStream()
                .map(f -> storageObject(f[0], f[1], f[2], disabled)).toList();
        return new Live(new LioState(sos, targets, discovery), hbaOf, disabled, indexes, emptyHbas, fabric, idless);
    }

    private StorageObject storageObject(String hba, String plugin, String name, Set<String> disabled) {
        String p = Paths.CORE + "/" + hba + "/" + name;
        StorageObject want = wantSo.get(plugin + "/" + name);
        if (!full() && want == null) {
            List<AluaGroup> groups = new ArrayList<>(); // to be removed: its groups go first
            for (String g : fs.list(p + "/alua")) {
                if (!g.equals("default_tg_pt_gp")) {
                    groups.add(new AluaGroup(g, 1, Map.of()));
                }
            }
            return new StorageObject(plugin, name, null, List.of(), Map.of(), groups);
        }
        // The kernel takes only "1" for enable and refuses a LUN link to a device not enabled
        // (target_dev_enable_store, target_fabric_port_link): a storage object a live LUN links to is enabled
        // for good, so only the others are asked (an apply interrupted between mkdir and enable).
        if ((full() || !exported.contains(plugin + "/" + name)) && !"1".equals(fs.read(p + "/enable"))) {
            disabled.add(plugin + "/" + name);
        }
        String wwn = UnitSerialNode.parse(fs.read(p + "/wwn/vpd_unit_serial"));
        // TCMU's size is attrib/dev_size: read with the attributes (in a scoped read only when the size is managed)
        boolean sized = plugin.equals("user") && (full() || want.size() >= 0);
        Collection<String> attribKeys = null;
        if (!full()) {
            attribKeys = want.attributes().keySet();
            if (sized) {
                attribKeys = new ArrayList<>(attribKeys);
                attribKeys.add("dev_size");
            }
        }
        Map<String, String> attrs = values(p + "/attrib/", attribKeys);
        long size = -1;
        if (plugin.equals("user")) {
            String ds = attrs.remove("dev_size");
            if (sized) {
                size = parseSize(ds);
            }
        }
        List<AluaGroup> groups = new ArrayList<>();
        Map<String, AluaGroup> wantGroups = Idx.groups(want);
        for (String g : fs.list(p + "/alua")) {
            if (g.equals("default_tg_pt_gp")) {
                continue;
            }
            AluaGroup wg = wantGroups.get(g);
            String gp = p + "/alua/" + g;
            // The kernel sets a group's id once (core_alua_set_tg_pt_gp_id: EINVAL when it has one) and a LUN
            // joins only a group with an id; the LUN's alua_tg_pt_gp shows the group's live id. When a member
            // LUN already showed the desired id, the group's own tg_pt_gp_id need not be read.
            Integer shown = full() || wg == null ? null : memberIds.get(plugin + "/" + name + "/" + g);
            boolean idKnown = shown != null && shown == wg.id();
            List<String> keys = null;
            if (!full()) {
                keys = new ArrayList<>(1 + (wg == null ? 0 : wg.attributes().size()));
                if (!idKnown) {
                    keys.add("tg_pt_gp_id");
                }
                if (wg != null) {
                    keys.addAll(wg.attributes().keySet());
                }
            }
            Map<String, String> raw = fs.readAll(gp, keys);
            int id = idKnown ? wg.id() : parseInt(raw.get("tg_pt_gp_id"));
            if (wg != null && id == wg.id() && same(raw, wg.attributes())) {
                groups.add(wg); // every managed value agrees: the desired group stands for the live one
                continue;
            }
            Map<String, String> ga = new LinkedHashMap<>();
            raw.forEach((k, v) -> {
                if (!UNREADABLE.contains(k) && !k.equals("tg_pt_gp_id")) {
                    ga.put(k, AluaGroupNode.normalize(k, v));
                }
            });
            // no id (the kernel reads "" until the first write) is a group left without one (an apply interrupted
            // after its mkdir): the record needs 1–65535, so it gets an id the desired group does not have, and
            // the plan writes the right one (a group with an id never gets another: the kernel sets it once)
            if (id < 1) {
                idless.add(plugin + "/" + name + "/" + g);
            }
            int liveId = id >= 1 ? id : (full() || wg == null || wg.id() != 1 ? 1 : 2);
            groups.add(new AluaGroup(g, liveId, ga));
        }
        return new StorageObject(plugin, name, wwn, List.of(), attrs, groups, size);
    }

    /** {@code attrib/dev_size} as bytes; -1 (unknown) when absent or not a number */
    static long parseSize(String value) {
        if (value == null) {
            return -1;
        }
        try {
            long v = Long.parseLong(value.strip());
            return v < 0 ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Target target(String iqn) {
        String p = Paths.ISCSI + "/" + iqn;
        Target want = wantTarget.get(iqn);
        List<Tpg> tpgs = new ArrayList<>();
        Map<Integer, Tpg> wantTpgs = Idx.tpgs(want);
        for (String t : fs.list(p)) {
            if (t.startsWith("tpgt_")) {
                int tag = Integer.parseInt(t.substring(5));
                tpgs.add(tpg(p + "/" + t, tag, wantTpgs.get(tag), full() || want != null));
            }
        }
        return new Target(iqn, tpgs);
    }

    private Tpg tpg(String p, int tag, Tpg want, boolean deep) {
        if (!deep || (!full() && want == null)) {
            return new Tpg(tag, false, Map.of(), Map.of(), null, List.of(), List.of(), List.of()); // to be removed
        }
        boolean enabled = "1".equals(fs.read(p + "/enable"));
        Map<String, String> attrs = values(p + "/attrib/", want == null ? null : want.attributes().keySet());
        Map<String, String> params = values(p + "/param/", want == null ? null : want.params().keySet());
        Chap chap = full() || want.chap() != null ? chap(p + "/auth/") : null;
        List<String> portals = fs.list(p + "/np");
        Map<Integer, Lun> wantLuns = Idx.luns(want);
        Map<String, NodeAcl> wantAcls = Idx.acls(want);
        List<Lun> luns = fs.list(p + "/lun").parallelStream().map(l -> {
            int idx = Integer.parseInt(l.substring(4));
            Lun wl = wantLuns.get(idx);
            return lun(p + "/lun/" + l, idx, full() || (wl != null && wl.aluaGroup() != null));
        }).toList();
        List<NodeAcl> acls = fs.list(p + "/acls").parallelStream()
                .map(a -> acl(p + "/acls/" + a, a, wantAcls.get(a))).toList();
        return new Tpg(tag, enabled, attrs, params, chap, portals, luns, acls);
    }

    private Lun lun(String p, int index, boolean readAlua) {
        List<String> t = fs.readlinkTail(p + "/" + Paths.LUN_LINK, 2);
        if (t.isEmpty()) { // made by someone else: find the link among the entries
            for (String name : fs.list(p)) {
                if (!LunNode.DEFAULTS.contains(name)) {
                    t = fs.readlinkTail(p + "/" + name, 2);
                    break;
                }
            }
        }
        String so = "?/?"; // a LUN without a link (an interrupted create): never equal to a desired one
        if (t.size() == 2 && t.get(0).lastIndexOf('_') > 0) {
            so = t.get(0).substring(0, t.get(0).lastIndexOf('_')) + "/" + t.get(1);
            if (!full()) {
                exported.add(so);
            }
        }
        String group = null;
        if (readAlua) {
            String raw = fs.read(p + "/alua_tg_pt_gp");
            group = AluaGroupNode.memberGroup(raw);
            int id = AluaGroupNode.memberGroupId(raw);
            if (!full() && group != null && id > 0 && !so.equals("?/?")) {
                memberIds.put(so + "/" + group, id);
            }
        }
        return new Lun(index, so, group);
    }

    private NodeAcl acl(String p, String initiator, NodeAcl want) {
        if (!full() && want == null) {
            return new NodeAcl(initiator, Map.of(), 0, null, List.of()); // to be removed
        }
        Map<String, String> attrs = values(p + "/attrib/", want == null ? null : want.attributes().keySet());
        int depth = full() || want.cmdsnDepth() > 0 ? parseInt(fs.read(p + "/cmdsn_depth")) : 0;
        Chap chap = full() || want.chap() != null ? chap(p + "/auth/") : null;
        List<MappedLun> mapped = new ArrayList<>();
        for (String m : fs.list(p)) {
            if (NodeAclNode.isMappedLun(m)) {
                String mp = p + "/" + m;
                mapped.add(new MappedLun(Integer.parseInt(m.substring(4)), tpgLunOf(mp),
                        "1".equals(fs.read(mp + "/write_protect"))));
            }
        }
        return new NodeAcl(initiator, attrs, Math.max(0, depth), chap, mapped);
    }

    private int tpgLunOf(String mp) {
        List<String> t = fs.readlinkTail(mp + "/" + Paths.MAPPED_LUN_LINK, 1);
        if (t.isEmpty()) {
            for (String name : fs.list(mp)) {
                if (!MappedLunNode.DEFAULTS.contains(name)) {
                    t = fs.readlinkTail(mp + "/" + name, 1);
                    break;
                }
            }
        }
        // 65535 stands for "no link" (an interrupted create): it differs from any desired mapping
        return t.isEmpty() || !t.get(0).startsWith("lun_") ? 65535 : Integer.parseInt(t.get(0).substring(4));
    }

    private DiscoveryAuth discoveryAuth() {
        String p = Paths.DISCOVERY_AUTH + "/";
        return new DiscoveryAuth("1".equals(fs.read(p + "enforce_discovery_auth")), chap(p));
    }

    private Chap chap(String dir) {
        Map<String, String> a = fs.readAll(dir.substring(0, dir.length() - 1),
                List.of("userid", "password", "userid_mutual", "password_mutual"));
        return new Chap(auth(a.get("userid")), auth(a.get("password")), auth(a.get("userid_mutual")),
                auth(a.get("password_mutual")));
    }

    /** the kernel shows an unset credential as "NULL" (or nothing) */
    private static String auth(String v) {
        return v == null || v.equals("NULL") ? "" : v.strip();
    }

    private Map<String, String> values(String dir, Collection<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        fs.readAll(dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir, keys).forEach((k, v) -> {
            if (!UNREADABLE.contains(k)) {
                out.put(k, v.strip());
            }
        });
        return out;
    }

    /** the live values read for a group (raw, as configfs shows them) equal the desired ones, key for key */
    private static boolean same(Map<String, String> raw, Map<String, String> want) {
        for (Map.Entry<String, String> e : want.entrySet()) {
            String v = raw.get(e.getKey());
            if (v == null || !e.getValue().equals(AluaGroupNode.normalize(e.getKey(), v))) {
                return false;
            }
        }
        return true;
    }

    /** "alua" (the LU groups) sits beside the HBAs, which are {@code <plugin>_<n>} */
    private static boolean isHba(String name) {
        int us = name.lastIndexOf('_');
        return us > 0 && us < name.length() - 1 && name.substring(us + 1).chars().allMatch(Character::isDigit);
    }

    private static boolean isTargetName(String name) {
        return name.startsWith("iqn.") || name.startsWith("eui.") || name.startsWith("naa.");
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
