package io.cephiscsi.lio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LIO state of one gateway in LIO's own terms, both as desired (built from the config) and as read from
 * configfs. Identity is normalised in the constructors (IQNs lower-cased as rtslib's to_normalized_wwn does),
 * and each value validates its own ranges.
 *
 * <p>In a desired state the attribute maps name only the attributes this gateway manages: the plan compares
 * and writes those keys and leaves the kernel defaults of the others alone. A {@code null} {@link Chap} or
 * {@link DiscoveryAuth} means "not managed"; {@link Chap#NONE} means "no credentials".
 *
 * @param storageObjects backstores, in creation order
 * @param targets iSCSI targets, in creation order
 * @param discoveryAuth iSCSI discovery CHAP, or null when not managed
 */
public record LioState(List<StorageObject> storageObjects, List<Target> targets, DiscoveryAuth discoveryAuth) {

    public static final LioState EMPTY = new LioState(List.of(), List.of(), null);

    public LioState {
        storageObjects = List.copyOf(storageObjects);
        targets = List.copyOf(targets);
        unique(storageObjects.stream().map(StorageObject::key).toList(), "storage object");
        unique(targets.stream().map(Target::iqn).toList(), "target");
    }

    /** storage object plugins the engine creates; {@code user} is TCMU (ceph-iscsi's {@code user:rbd}) */
    public static final Set<String> PLUGINS = Set.of("user", "fileio", "rd_mcp", "iblock");

    private static final Pattern NAME = Pattern.compile("[^/\\s]+");
    private static final Pattern IQN = Pattern.compile("(iqn\\.\\d{4}-\\d{2}\\.[^\\s]+|naa\\.[0-9a-f]{16,32}|eui\\.[0-9a-f]{16})");

    /**
     * A backstore: {@code target/core/<plugin>_<n>/<name>}.
     *
     * @param plugin user | fileio | rd_mcp | iblock
     * @param name the storage object name (upstream: {@code <pool>.<image>})
     * @param wwn the unit serial ({@code wwn/vpd_unit_serial}); null = not managed
     * @param control strings written to {@code control} before {@code enable}, in order (only at creation:
     *                configfs cannot read them back, and TCMU refuses dev_config/dev_size once enabled)
     * @param attributes managed {@code attrib/*} values (e.g. cmd_time_out, qfull_time_out)
     * @param aluaGroups ALUA target port groups under {@code alua/}
     * @param size TCMU ({@code user}) only: the size in bytes the live object must have at least. An existing
     *             object that is smaller grows to it through {@code attrib/dev_size} (the kernel tells tcmu-runner,
     *             which the initiators then see: upstream's resize); a larger one is left as it is (never shrunk),
     *             an equal one is not written. -1: not managed. In a read state: {@code attrib/dev_size}.
     *             A new object gets its size from {@code control} ({@code dev_size=}), written before enable.
     */
    public record StorageObject(String plugin, String name, String wwn, List<String> control,
                                Map<String, String> attributes, List<AluaGroup> aluaGroups, long size) {
        public StorageObject {
            if (!PLUGINS.contains(plugin)) {
                throw new LioInvalidException("unknown backstore plugin '" + plugin + "', expected one of " + PLUGINS);
            }
            checkName(name, "storage object name");
            control = List.copyOf(control);
            attributes = map(attributes);
            if (attributes.containsKey("dev_size")) {
                throw new LioInvalidException("storage object " + name + ": dev_size is its size, not an attribute");
            }
            aluaGroups = List.copyOf(aluaGroups);
            unique(aluaGroups.stream().map(AluaGroup::name).toList(), "ALUA group of " + name);
            if (size < -1) {
                throw new LioInvalidException("storage object " + name + ": size " + size + " is negative");
            }
            if (size >= 0 && !plugin.equals("user")) {
                throw new LioInvalidException("storage object " + name + ": only a TCMU (user) backstore grows live, not "
                        + plugin);
            }
        }

        /** an object whose size is not managed */
        public StorageObject(String plugin, String name, String wwn, List<String> control,
                             Map<String, String> attributes, List<AluaGroup> aluaGroups) {
            this(plugin, name, wwn, control, attributes, aluaGroups, -1);
        }

        /** this object with another size (-1: not managed) */
        public StorageObject withSize(long bytes) {
            return bytes == size ? this : new StorageObject(plugin, name, wwn, control, attributes, aluaGroups, bytes);
        }

        /** "plugin/name", how LUNs refer to it */
        public String key() {
            return plugin + "/" + name;
        }

        public AluaGroup aluaGroup(String groupName) {
            return aluaGroups.stream().filter(g -> g.name().equals(groupName)).findFirst().orElse(null);
        }
    }

    /**
     * An ALUA target port group {@code alua/<name>} of a storage object.
     *
     * @param name e.g. "ao", "ano2", "standby2"
     * @param id {@code tg_pt_gp_id} (upstream: the TPG tag), 1–65535
     * @param attributes managed files of the group (alua_access_type, alua_access_state, alua_support_*, ...)
     * @param initial files written when the group is created and never compared afterwards: in explicit ALUA the
     *                initiator moves {@code alua_access_state} (SET TARGET PORT GROUPS), and a reconcile must not
     *                undo that
     */
    public record AluaGroup(String name, int id, Map<String, String> attributes, Map<String, String> initial) {
        public AluaGroup(String name, int id, Map<String, String> attributes) {
            this(name, id, attributes, Map.of());
        }

        public AluaGroup {
            checkName(name, "ALUA group name");
            if (name.equals("default_tg_pt_gp")) {
                throw new LioInvalidException("default_tg_pt_gp is the kernel's own group");
            }
            range(id, 1, 65535, "ALUA tg_pt_gp_id");
            attributes = map(attributes);
            initial = map(initial);
        }
    }

    /** An iSCSI target {@code target/iscsi/<iqn>} and its TPGs. */
    public record Target(String iqn, List<Tpg> tpgs) {
        public Target {
            iqn = normalizeIqn(iqn);
            tpgs = List.copyOf(tpgs);
            unique(tpgs.stream().map(t -> String.valueOf(t.tag())).toList(), "TPG of " + iqn);
        }

        public Tpg tpg(int tag) {
            return tpgs.stream().filter(t -> t.tag() == tag).findFirst().orElse(null);
        }
    }

    /**
     * A target portal group {@code tpgt_<tag>}.
     *
     * @param tag 1–65535; upstream: position in the target's ip_list, plus one
     * @param enabled the {@code enable} file; written last, after portals
     * @param attributes managed {@code attrib/*} (authentication, generate_node_acls, demo_mode_write_protect,
     *                   tpg_enabled_sendtargets, ...)
     * @param params managed {@code param/*} (ImmediateData=Yes, MaxBurstLength=..., from the target controls)
     * @param chap TPG CHAP ({@code auth/}), or null when not managed
     * @param portals network portals "ip:port", IPv6 as "[addr]:port"
     * @param luns LUNs
     * @param acls node ACLs
     */
    public record Tpg(int tag, boolean enabled, Map<String, String> attributes, Map<String, String> params,
                      Chap chap, List<String> portals, List<Lun> luns, List<NodeAcl> acls) {
        public Tpg {
            range(tag, 1, 65535, "TPG tag");
            attributes = map(attributes);
            params = map(params);
            portals = portals.stream().map(LioState::normalizePortal).toList();
            luns = List.copyOf(luns);
            acls = List.copyOf(acls);
            unique(portals, "portal of tpgt_" + tag);
            unique(luns.stream().map(l -> String.valueOf(l.index())).toList(), "LUN of tpgt_" + tag);
            unique(acls.stream().map(NodeAcl::initiator).toList(), "ACL of tpgt_" + tag);
        }

        public Lun lun(int index) {
            return luns.stream().filter(l -> l.index() == index).findFirst().orElse(null);
        }

        public NodeAcl acl(String initiator) {
            String iqn = normalizeIqn(initiator);
            return acls.stream().filter(a -> a.initiator().equals(iqn)).findFirst().orElse(null);
        }
    }

    /**
     * A TPG LUN {@code lun/lun_<index>} linked to a storage object.
     *
     * @param index 0–65535 (upstream: the target's lun_id for the disk)
     * @param storageObject {@link StorageObject#key()}
     * @param aluaGroup the storage object's ALUA group this LUN's port belongs to; null = not managed
     */
    public record Lun(int index, String storageObject, String aluaGroup) {
        public Lun {
            range(index, 0, 65535, "LUN index");
            Objects.requireNonNull(storageObject, "storageObject");
        }
    }

    /**
     * A node ACL {@code acls/<initiator>}.
     *
     * @param initiator the initiator IQN
     * @param attributes managed {@code attrib/*} (dataout_timeout, nopin_timeout, nopin_response_timeout)
     * @param cmdsnDepth the {@code cmdsn_depth} file (rtslib's tcq_depth); 0 = not managed
     * @param chap ACL CHAP ({@code auth/}), or null when not managed
     * @param mappedLuns what this initiator sees
     */
    public record NodeAcl(String initiator, Map<String, String> attributes, int cmdsnDepth, Chap chap,
                          List<MappedLun> mappedLuns) {
        public NodeAcl {
            initiator = normalizeIqn(initiator);
            attributes = map(attributes);
            range(cmdsnDepth, 0, 65535, "cmdsn_depth");
            mappedLuns = List.copyOf(mappedLuns);
            unique(mappedLuns.stream().map(m -> String.valueOf(m.index())).toList(), "mapped LUN of " + initiator);
        }

        public MappedLun mappedLun(int index) {
            return mappedLuns.stream().filter(m -> m.index() == index).findFirst().orElse(null);
        }
    }

    /**
     * A mapped LUN {@code acls/<initiator>/lun_<index>} linked to the TPG's {@code lun_<tpgLun>}.
     */
    public record MappedLun(int index, int tpgLun, boolean writeProtect) {
        public MappedLun {
            range(index, 0, 65535, "mapped LUN index");
            range(tpgLun, 0, 65535, "TPG LUN index");
        }
    }

    /** CHAP credentials as LIO stores them; empty strings mean unset (the kernel's "NULL"). */
    public record Chap(String userid, String password, String mutualUserid, String mutualPassword) {
        public static final Chap NONE = new Chap("", "", "", "");

        public Chap {
            userid = nz(userid);
            password = nz(password);
            mutualUserid = nz(mutualUserid);
            mutualPassword = nz(mutualPassword);
            for (String v : List.of(userid, password, mutualUserid, mutualPassword)) {
                if (v.length() > 255 || v.equals("NULL") || !v.equals(v.strip())) {
                    throw new LioInvalidException("CHAP values are at most 255 characters, not 'NULL', no outer spaces");
                }
            }
        }

        public static Chap oneWay(String userid, String password) {
            return new Chap(userid, password, "", "");
        }

        public boolean isSet() {
            return !userid.isEmpty() || !password.isEmpty();
        }

        @Override
        public String toString() {
            return "Chap[userid=" + userid + ", mutualUserid=" + mutualUserid + "]"; // never the passwords
        }
    }

    /** iSCSI discovery CHAP ({@code target/iscsi/discovery_auth}). */
    public record DiscoveryAuth(boolean enforce, Chap chap) {
        public DiscoveryAuth {
            Objects.requireNonNull(chap, "chap");
        }
    }

    public StorageObject storageObject(String key) {
        return storageObjects.stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
    }

    public Target target(String iqn) {
        String n = normalizeIqn(iqn);
        return targets.stream().filter(t -> t.iqn().equals(n)).findFirst().orElse(null);
    }

    /** IQN/EUI/NAA identity as LIO keeps it: lower case, validated. */
    public static String normalizeIqn(String iqn) {
        if (iqn == null) {
            throw new LioInvalidException("missing IQN");
        }
        String n = iqn.strip().toLowerCase(Locale.ROOT);
        if (!IQN.matcher(n).matches()) {
            throw new LioInvalidException("invalid iSCSI name '" + iqn + "'");
        }
        return n;
    }

    private static final Pattern V6 = Pattern.compile("\\[([0-9a-fA-F:.]+)](?::(\\d+))?");
    private static final Pattern V4 = Pattern.compile("([0-9.]+)(?::(\\d+))?");
    private static final Pattern BARE_V6 = Pattern.compile("[0-9a-fA-F]*:[0-9a-fA-F:.]*");

    /** "10.0.0.1" → "10.0.0.1:3260", "fe80::1" → "[fe80::1]:3260", "[fe80::1]:3261" kept */
    public static String normalizePortal(String portal) {
        if (portal == null) {
            throw new LioInvalidException("missing portal");
        }
        String p = portal.strip();
        Matcher m = V6.matcher(p);
        if (m.matches()) {
            return "[" + m.group(1).toLowerCase(java.util.Locale.ROOT) + "]:" + port(m.group(2), portal);
        }
        m = V4.matcher(p);
        if (m.matches() && m.group(1).split("\\.").length == 4) {
            return m.group(1) + ":" + port(m.group(2), portal);
        }
        if (BARE_V6.matcher(p).matches()) {
            return "[" + p.toLowerCase(java.util.Locale.ROOT) + "]:3260";
        }
        throw new LioInvalidException("invalid portal '" + portal + "'");
    }

    private static String port(String port, String portal) {
        if (port == null) {
            return "3260";
        }
        int n = Integer.parseInt(port);
        if (n < 1 || n > 65535) {
            throw new LioInvalidException("invalid port in portal '" + portal + "'");
        }
        return Integer.toString(n);
    }

    static void checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new LioInvalidException(what + " '" + name + "' must be non-empty, without '/' or whitespace");
        }
    }

    static void range(int v, int min, int max, String what) {
        if (v < min || v > max) {
            throw new LioInvalidException(what + " " + v + " is outside " + min + "–" + max);
        }
    }

    private static void unique(List<String> keys, String what) {
        if (Set.copyOf(keys).size() != keys.size()) {
            throw new LioInvalidException("duplicate " + what + " in " + keys);
        }
    }

    /** insertion-ordered (writes follow it), unmodifiable; equality ignores order as for any Map */
    private static Map<String, String> map(Map<String, String> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m == null ? Map.of() : m));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
