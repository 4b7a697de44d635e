package io.cephiscsi.lio;

import io.cephiscsi.lio.LioState.AluaGroup;
import io.cephiscsi.lio.LioState.Chap;
import io.cephiscsi.lio.LioState.DiscoveryAuth;
import io.cephiscsi.lio.LioState.Lun;
import io.cephiscsi.lio.LioState.MappedLun;
import io.cephiscsi.lio.LioState.NodeAcl;
import io.cephiscsi.lio.LioState.StorageObject;
import io.cephiscsi.lio.LioState.Target;
import io.cephiscsi.lio.LioState.Tpg;
import io.cephiscsi.model.AluaFailoverType;
import io.cephiscsi.model.ChapCredentials;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.GroupConfig;
import io.cephiscsi.model.PortalConfig;
import io.cephiscsi.model.TargetConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * A gateway's desired LIO state as a pure function of the shared config and the gateway's name, with
 * upstream's rules (target.py, lun.py, client.py, alua.py):
 * <ul>
 * <li>a target is built on the gateways in its {@code portals} only;</li>
 * <li>one TPG per gateway, in the order of the target's {@code ip_list} (tag n is the same gateway everywhere),
 * with a portal per IP; this gateway's TPG is enabled and carries the target CHAP, the others are disabled with
 * {@code tpg_enabled_sendtargets=0};</li>
 * <li>each mapped disk is a {@code user:rbd} storage object named {@code backstore_object_name} with the disk's
 * {@code wwn}, a LUN {@code lun_id} on every TPG, and an ALUA group per TPG: active/optimized on the owner's TPG,
 * non-optimized elsewhere (implicit), standby everywhere with the owner preferred (explicit);</li>
 * <li>ACLs (attributes from the controls, CHAP, mapped LUNs; a group member gets its group's disks) on this
 * gateway's TPG only; {@code acl_enabled=false} gives {@code generate_node_acls=1};</li>
 * <li>discovery CHAP from {@code discovery_auth}.</li>
 * </ul>
 * Encrypted CHAP passwords are decrypted by {@link Options#decryptPassword()}; a TPG's, ACL's or discovery's CHAP
 * that cannot be decrypted is left out ("not managed"), so LIO keeps what it has there, and is reported (upstream
 * stops the whole gateway with "Unable to decode password for &lt;iqn&gt;").
 */
public final class DesiredLio {

    /**
     * What the config does not hold.
     *
     * @param settings the gateway settings (controls' defaults, ALUA failover type, ceph conf, client name)
     * @param imageSize an RBD image's size in bytes: {@code dev_size} at creation, and the size an existing
     *                  backstore grows to when it is smaller (a resize); a negative size leaves it out (an existing
     *                  backstore keeps its size)
     * @param decryptPassword turns a stored encrypted CHAP password into the plain one, or throws; null when this
     *                        gateway cannot decrypt
     * @param undecryptable told, with the owner's IQN (or {@code discovery_auth}) and the error, of each CHAP that
     *                      could not be decrypted: that TPG's, ACL's or discovery's CHAP is then left as LIO has
     *                      it, and everything else is still reconciled
     */
    public record Options(GatewaySettings settings, ToLongFunction<DiskConfig> imageSize,
                          UnaryOperator<String> decryptPassword, BiConsumer<String, RuntimeException> undecryptable) {
        public Options {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(imageSize, "imageSize");
            Objects.requireNonNull(undecryptable, "undecryptable");
        }

        /** Undecryptable CHAP is left as LIO has it, silently. */
        public Options(GatewaySettings settings, ToLongFunction<DiskConfig> imageSize,
                       UnaryOperator<String> decryptPassword) {
            this(settings, imageSize, decryptPassword, (owner, error) -> { });
        }

        /** upstream's default settings, no image sizes, no CHAP decryption */
        public static Options defaults() {
            return new Options(GatewaySettings.defaults(p -> false), d -> -1, null);
        }
    }

    /**
     * Each target's derived LIO with the inputs it came from (its config, its disks, their image sizes), kept from
     * one epoch to the next by a gateway so that only targets that changed are derived again: with a thousand LUNs
     * a change touches one target, and the unchanged ones come back as the same instances, which the planner
     * recognises without comparing them. Valid for one gateway name and one settings object (a different one
     * starts afresh); used by one thread at a time. A CHAP that cannot be decrypted is reported when its target
     * is derived, not again while the target stays as it is.
     */
    public static final class Memo {
        private record Derived(TargetConfig config, List<DiskConfig> disks, long[] sizes, Target target,
                               List<StorageObject> storageObjects) {
        }

        private Map<String, Derived> targets = new HashMap<>();
        private String gatewayName;
        private GatewaySettings settings;

        /** Forgets every target: the next derivation builds all of them. */
        public void clear() {
            targets.clear();
        }

        private void use(String name, GatewaySettings s) {
            if (!name.equals(gatewayName) || s != settings) {
                targets.clear();
                gatewayName = name;
                settings = s;
            }
        }
    }

    private final GatewayConfig config;
    private final String me;
    private final Options options;
    private final boolean explicit;
    private final Memo memo;
    private final Map<String, Memo.Derived> derived = new HashMap<>();

    private DesiredLio(GatewayConfig config, String gatewayName, Options options, Memo memo) {
        this.config = Objects.requireNonNull(config, "config");
        this.me = Objects.requireNonNull(gatewayName, "gatewayName");
        this.options = Objects.requireNonNull(options, "options");
        this.explicit = options.settings().aluaFailoverType() == AluaFailoverType.EXPLICIT;
        this.memo = memo;
        if (memo != null) {
            memo.use(gatewayName, options.settings());
        }
    }

    /** with upstream's default settings */
    public static LioState of(GatewayConfig config, String gatewayName) {
        return of(config, gatewayName, Options.defaults());
    }

    public static LioState of(GatewayConfig config, String gatewayName, Options options) {
        return new DesiredLio(config, gatewayName, options, null).build();
    }

    /**
     * The same state as {@link #of(GatewayConfig, String, Options)}, deriving again only the targets whose inputs
     * differ from those {@code memo} holds (and remembering them there).
     */
    public static LioState of(GatewayConfig config, String gatewayName, Options options, Memo memo) {
        return new DesiredLio(config, gatewayName, options, Objects.requireNonNull(memo, "memo")).build();
    }

    /** disk id → the target mapping it: upstream refuses a disk on two targets (ALUA ids would clash) */
    private final Map<String, String> mappedBy = new LinkedHashMap<>();

    private LioState build() {
        Map<String, StorageObject> sos = new LinkedHashMap<>();
        List<Target> targets = new ArrayList<>();
        config.targets().forEach((iqn, t) -> {
            if (t.portals().containsKey(me)) {
                targets.add(memo == null ? target(iqn, t, sos) : remembered(iqn, t, sos));
            } else {
                t.disks().keySet().forEach(d -> mappedBy.putIfAbsent(d, iqn));
            }
        });
        if (memo != null) {
            memo.targets = derived; // targets no longer served here are forgotten
        }
        ChapCredentials d = config.discoveryAuth();
        Chap discovery = chap(d, "discovery_auth");
        return new LioState(List.copyOf(sos.values()), targets,
                discovery == null ? null : new DiscoveryAuth(d.enabled(), discovery));
    }

    /** records that target {@code iqn} maps the disk, or refuses it when another target does ({@link #mappedBy}) */
    private void claim(String diskId, String iqn) {
        String other = mappedBy.putIfAbsent(diskId, iqn);
        if (other != null) {
            throw new LioInvalidException("disk " + diskId + " is mapped to " + other + " and " + iqn
                    + ": a disk can be mapped to one target only");
        }
    }

    /** the target as {@link #target} derives it, the remembered instances when its inputs did not change */
    private Target remembered(String iqn, TargetConfig t, Map<String, StorageObject> sos) {
        List<DiskConfig> disks = new ArrayList<>(t.disks().size());
        long[] sizes = new long[t.disks().size()];
        for (String diskId : t.disks().keySet()) {
            DiskConfig disk = config.disks().get(diskId);
            if (disk == null) {
                return target(iqn, t, sos); // refused there, with the reason
            }
            sizes[disks.size()] = options.imageSize().applyAsLong(disk);
            disks.add(disk);
        }
        Memo.Derived known = memo.targets.get(iqn);
        if (known != null && known.config().equals(t) && known.disks().equals(disks)
                && Arrays.equals(known.sizes(), sizes)) {
            for (String diskId : t.disks().keySet()) {
                claim(diskId, iqn);
            }
            known.storageObjects().forEach(so -> sos.putIfAbsent(so.key(), so));
            derived.put(iqn, known);
            return known.target();
        }
        Map<String, StorageObject> own = new LinkedHashMap<>();
        Target target = target(iqn, t, own);
        own.forEach(sos::putIfAbsent);
        derived.put(iqn, new Memo.Derived(t, List.copyOf(disks), sizes, target, List.copyOf(own.values())));
        return target;
    }

    private Target target(String iqn, TargetConfig t, Map<String, StorageObject> sos) {
        // one TPG per gateway, in the order its first IP appears in ip_list (target.py create_tpg)
        Map<String, List<String>> ipsOf = new LinkedHashMap<>();
        for (String ip : t.ipList()) {
            String gw = gatewayOf(t, ip);
            if (gw != null) {
                ipsOf.computeIfAbsent(gw, k -> new ArrayList<>()).add(ip);
            }
        }
        Map<String, Integer> tagOf = new LinkedHashMap<>();
        ipsOf.keySet().forEach(gw -> tagOf.put(gw, tagOf.size() + 1));
        List<Integer> tags = List.copyOf(tagOf.values());

        Map<String, Object> controls = new LinkedHashMap<>(options.settings().targetDefaults());
        t.controls().forEach((k, v) -> {
            if (controls.containsKey(k)) {
                controls.put(k, v);
            }
        });
        boolean chapInUse = t.auth().enabled() || t.clients().values().stream().anyMatch(c -> c.auth().enabled());

        // LUNs in lun_id order, one storage object per disk (upstream: a disk maps to one target only)
        List<Map.Entry<String, Integer>> disks = new ArrayList<>(t.disks().entrySet());
        disks.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        Map<String, Integer> ownerTag = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : disks) {
            DiskConfig disk = config.disks().get(e.getKey());
            if (disk == null) {
                throw new LioInvalidException("target " + iqn + " maps unknown disk " + e.getKey());
            }
            claim(e.getKey(), iqn);
            int owner = tagOf.getOrDefault(disk.owner(), -1);
            ownerTag.put(e.getKey(), owner);
            sos.putIfAbsent(soKey(disk), storageObject(disk, tags, owner));
        }

        List<Tpg> tpgs = new ArrayList<>();
        for (Map.Entry<String, Integer> gt : tagOf.entrySet()) {
            int tag = gt.getValue();
            boolean mine = gt.getKey().equals(me);
            List<Lun> luns = new ArrayList<>();
            for (Map.Entry<String, Integer> e : disks) {
                DiskConfig disk = config.disks().get(e.getKey());
                luns.add(new Lun(e.getValue(), soKey(disk),
                        UpstreamLio.aluaGroupName(tag, tag == ownerTag.get(e.getKey()), explicit)));
            }
            List<NodeAcl> acls = mine ? acls(iqn, t, controls) : List.of();
            tpgs.add(new Tpg(tag, mine, UpstreamLio.tpgAttributes(mine, t.aclEnabled(), chapInUse),
                    UpstreamLio.tpgParams(bool(controls, "immediate_data"), bool(controls, "initial_r2t"),
                            num(controls, "max_outstanding_r2t"), num(controls, "first_burst_length"),
                            num(controls, "max_burst_length"), num(controls, "max_recv_data_segment_length"),
                            num(controls, "max_xmit_data_segment_length")),
                    mine ? chap(t.auth(), iqn) : null, ipsOf.get(gt.getKey()), luns, acls));
        }
        return new Target(iqn, tpgs);
    }

    private List<NodeAcl> acls(String iqn, TargetConfig t, Map<String, Object> controls) {
        List<NodeAcl> acls = new ArrayList<>();
        t.clients().forEach((client, c) -> {
            List<MappedLun> mapped = new ArrayList<>();
            for (Map.Entry<String, Integer> e : lunMap(t, c).entrySet()) {
                Integer tpgLun = t.disks().get(e.getKey());
                if (tpgLun == null) {
                    throw new LioInvalidException("client " + client + " of " + iqn + " maps disk " + e.getKey()
                            + " that is not mapped to the target");
                }
                mapped.add(new MappedLun(e.getValue(), tpgLun, false));
            }
            mapped.sort(Comparator.comparingInt(MappedLun::index));
            acls.add(new NodeAcl(client, UpstreamLio.aclAttributes(num(controls, "dataout_timeout"),
                    num(controls, "nopin_response_timeout"), num(controls, "nopin_timeout")),
                    num(controls, "cmdsn_depth"), chap(c.auth(), client), mapped));
        });
        return acls;
    }

    /** a group member sees exactly its group's disks; others their own map */
    private static Map<String, Integer> lunMap(TargetConfig t, ClientConfig c) {
        GroupConfig g = c.groupName().isEmpty() ? null : t.groups().get(c.groupName());
        return g != null ? g.disks() : c.luns();
    }

    private StorageObject storageObject(DiskConfig disk, List<Integer> tags, int ownerTag) {
        if (!disk.backstore().equals("user:rbd")) {
            throw new LioInvalidException("disk " + disk.id() + ": backstore " + disk.backstore()
                    + " is not supported (upstream has user:rbd only)");
        }
        Map<String, Object> c = new LinkedHashMap<>(options.settings().diskDefaults());
        disk.controls().forEach((k, v) -> {
            if (c.containsKey(k)) {
                c.put(k, v);
            }
        });
        int osd = num(c, "osd_op_timeout");
        List<AluaGroup> groups = UpstreamLio.aluaGroups(tags, ownerTag, explicit, osd);
        GatewaySettings s = options.settings();
        Path conf = s.cephConf() != null ? s.cephConf() : Path.of(s.cephConfigDir(), s.clusterName() + ".conf");
        StorageObject so = UpstreamLio.userRbd(disk.backstoreObjectName(), disk.pool(), disk.image(),
                options.imageSize().applyAsLong(disk), disk.wwn().isEmpty() ? null : disk.wwn(), osd, conf.toString(),
                s.clusterClientName(), num(c, "max_data_area_mb"), num(c, "hw_max_sectors"), num(c, "qfull_timeout"),
                groups);
        if (options.imageSize().applyAsLong(disk) < 0) { // size unknown: leave dev_size out
            so = new StorageObject(so.plugin(), so.name(), so.wwn(),
                    so.control().stream().filter(x -> !x.startsWith("dev_size=")).toList(), so.attributes(),
                    so.aluaGroups());
        }
        return so;
    }

    private static String soKey(DiskConfig disk) {
        return "user/" + disk.backstoreObjectName();
    }

    private static String gatewayOf(TargetConfig t, String ip) {
        for (Map.Entry<String, PortalConfig> p : t.portals().entrySet()) {
            if (p.getValue().portalIpAddresses().contains(ip)) {
                return p.getKey();
            }
        }
        return null;
    }

    /** LIO's CHAP for stored credentials; null (not managed) when a password cannot be decrypted */
    private Chap chap(ChapCredentials c, String owner) {
        if (!c.enabled()) {
            return Chap.NONE;
        }
        String password;
        String mutualPassword;
        try {
            password = plain(c.password(), c.passwordEncryptionEnabled());
            mutualPassword = c.mutual() ? plain(c.mutualPassword(), c.mutualPasswordEncryptionEnabled()) : "";
        } catch (RuntimeException e) {
            options.undecryptable().accept(owner, e);
            return null;
        }
        return c.mutual() ? new Chap(c.username(), password, c.mutualUsername(), mutualPassword)
                : Chap.oneWay(c.username(), password);
    }

    private String plain(String stored, boolean encrypted) {
        if (!encrypted || stored.isEmpty()) {
            return stored;
        }
        if (options.decryptPassword() == null) {
            throw new LioInvalidException("an encrypted CHAP password needs the gateway's private key");
        }
        return options.decryptPassword().apply(stored);
    }

    private static int num(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v));
    }

    private static boolean bool(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v instanceof Boolean b ? b : "yes".equalsIgnoreCase(String.valueOf(v)) || "true".equalsIgnoreCase(String.valueOf(v));
    }
}
