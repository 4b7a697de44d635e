package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.LioOp;
import io.cephiscsi.lio.LioState.AluaGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ALUA target port group {@code <storage object>/alua/<name>}. The kernel checks a state write against the
 * group's id, access type and supported states, so writes always go: {@code tg_pt_gp_id}, access type,
 * {@code alua_support_*}, then {@code alua_access_state}, then the rest (an existing group gets the same order).
 * The id is written once per group (the kernel refuses a second write, and an id another group of the storage
 * object holds); a LUN joins a group by name through its {@code alua_tg_pt_gp}, and only a group with an id.
 */
public final class AluaGroupNode extends CfsNode {
    /** the order the kernel needs; attributes not listed follow in the spec's order */
    static final List<String> ORDER = List.of("alua_access_type", "alua_support_active_optimized",
            "alua_support_active_nonoptimized", "alua_support_standby", "alua_support_unavailable",
            "alua_support_offline", "alua_support_transitioning", "alua_support_lba_dependent",
            "alua_access_state", "preferred", "implicit_trans_secs", "nonop_delay_msecs", "trans_delay_msecs");
    private static final List<String> TYPES = List.of("None", "Implicit", "Explicit", "Implicit and Explicit");

    private final AluaGroup spec;

    AluaGroupNode(StorageObjectNode so, AluaGroup spec) {
        super(so.fs, so.path() + "/alua/" + spec.name());
        this.spec = spec;
    }

    @Override
    protected List<LioOp> createOps() {
        List<LioOp> ops = new ArrayList<>();
        ops.add(LioOp.mkdir(path));
        ops.addAll(completeOps(null));
        return ops;
    }

    /**
     * What follows the mkdir: the id, then the attributes and the initial state ({@code live} null: a new group,
     * every value). Also what completes a group left without an id by an interrupted apply: its attributes that
     * differ and its initial state (the kernel takes the first id write only, and refuses a state or a member
     * before it, so the initial state was never set).
     */
    List<LioOp> completeOps(AluaGroup live) {
        List<LioOp> ops = new ArrayList<>();
        ops.add(writeOp("tg_pt_gp_id", Integer.toString(spec.id())));
        Map<String, String> all = new LinkedHashMap<>(spec.attributes());
        all.putAll(spec.initial());
        Map<String, String> have = null;
        if (live != null) {
            have = new LinkedHashMap<>(live.attributes());
            have.keySet().removeAll(spec.initial().keySet());
        }
        ops.addAll(attributeOps("", ordered(all), have));
        return ops;
    }

    /**
     * The attributes of a group that has the desired id. Never the id: the kernel sets it once
     * (core_alua_set_tg_pt_gp_id: EINVAL for any later write, even of the same value); a group with another id is
     * replaced by the planner instead.
     */
    List<LioOp> configureOps(AluaGroup live) {
        return attributeOps("", ordered(spec.attributes()), live == null ? null : live.attributes());
    }

    static Map<String, String> ordered(Map<String, String> attrs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : ORDER) {
            if (attrs.containsKey(k)) {
                out.put(k, attrs.get(k));
            }
        }
        attrs.forEach(out::putIfAbsent);
        return out;
    }

    /** the kernel shows the access type as words ("Implicit and Explicit"), it takes the number */
    static String normalize(String attribute, String raw) {
        if (raw != null && attribute.equals("alua_access_type")) {
            int i = TYPES.indexOf(raw.strip());
            return i >= 0 ? Integer.toString(i) : raw.strip();
        }
        return raw == null ? null : raw.strip();
    }

    /** the group id in a LUN's {@code alua_tg_pt_gp} ("TG Port Group ID: 1"), or 0 when it shows none */
    static int memberGroupId(String raw) {
        if (raw == null) {
            return 0;
        }
        int at = raw.indexOf("TG Port Group ID:");
        if (at < 0) {
            return 0;
        }
        int i = at + "TG Port Group ID:".length();
        int end = raw.indexOf('\n', i);
        try {
            return Integer.parseInt(raw.substring(i, end < 0 ? raw.length() : end).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** a LUN's {@code alua_tg_pt_gp} reads "TG Port Alias: ao\nTG Port Group ID: 1..." on the kernel */
    static String memberGroup(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw;
        int nl = s.indexOf('\n');
        if (s.startsWith("TG Port Alias:")) {
            s = s.substring("TG Port Alias:".length(), nl < 0 ? s.length() : nl);
        }
        s = s.strip();
        return s.isEmpty() ? null : s;
    }
}
