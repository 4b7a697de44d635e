package io.cephiscsi.lio;

import io.cephiscsi.lio.LioState.AluaGroup;
import io.cephiscsi.lio.LioState.StorageObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LIO objects exactly as ceph-iscsi 3.5 makes them (names, config and control strings, attributes, ALUA),
 * as values for a desired {@link LioState}. The rules come from upstream's lun.py, target.py, client.py and
 * alua.py; the mapping from the shared config uses these so the two stay in one place.
 */
public final class UpstreamLio {
    private UpstreamLio() {
    }

    /** upstream's {@code backstore_object_name} for a new disk: {@code <pool>.<image>} */
    public static String backstoreObjectName(String pool, String image) {
        return pool + "." + image;
    }

    /**
     * A {@code user:rbd} storage object as lun.py creates it: config string
     * {@code rbd/<pool>/<image>;osd_op_timeout=<n>[;conf=<cephconf>][;id=<client id>]}, the size, the control
     * string {@code max_data_area_mb=<n>,hw_max_sectors=<n>}, then cmd_time_out=0 and qfull_time_out.
     */
    public static StorageObject userRbd(String name, String pool, String image, long sizeBytes, String wwn,
                                        int osdOpTimeout, String cephConf, String clientName, int maxDataAreaMb,
                                        int hwMaxSectors, int qfullTimeout, List<AluaGroup> groups) {
        StringBuilder cfg = new StringBuilder("rbd/" + pool + "/" + image + ";osd_op_timeout=" + osdOpTimeout);
        if (cephConf != null && !cephConf.equals("/etc/ceph/ceph.conf")) {
            cfg.append(";conf=").append(cephConf);
        }
        if (clientName != null && !clientName.equals("client.admin")) {
            cfg.append(";id=").append(clientName.substring(clientName.indexOf('.') + 1));
        }
        List<String> control = List.of("dev_config=" + cfg, "dev_size=" + sizeBytes,
                "max_data_area_mb=" + maxDataAreaMb + ",hw_max_sectors=" + hwMaxSectors);
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("cmd_time_out", "0");
        attrs.put("qfull_time_out", Integer.toString(qfullTimeout));
        return new StorageObject("user", name, wwn, control, attrs, groups, sizeBytes < 0 ? -1 : sizeBytes);
    }

    /** a file-backed storage object (what the lab and the embedded default serve real blocks from) */
    public static StorageObject fileio(String name, String file, long sizeBytes, String wwn, List<AluaGroup> groups) {
        return new StorageObject("fileio", name, wwn, List.of("fd_dev_name=" + file + ",fd_dev_size=" + sizeBytes),
                Map.of(), groups);
    }

    /** a RAM disk of {@code sizeBytes} (4 KiB pages) */
    public static StorageObject ramdisk(String name, long sizeBytes, String wwn, List<AluaGroup> groups) {
        return new StorageObject("rd_mcp", name, wwn, List.of("rd_pages=" + (sizeBytes / 4096)), Map.of(), groups);
    }

    /** alua.py's group name: "ao" on the owner's TPG, else "ano<tag>" (implicit) or "standby<tag>" (explicit) */
    public static String aluaGroupName(int tpgTag, boolean owner, boolean explicit) {
        return owner ? "ao" : (explicit ? "standby" : "ano") + tpgTag;
    }

    /**
     * alua.py's group for one (storage object, TPG), id = TPG tag. Implicit: access type 1, owner Active/Optimized
     * (0), others Active/Non-optimized (1), implicit_trans_secs = osd_op_timeout + 15. Explicit: access type 3,
     * every group starts in Standby (2) and the initiator moves it, the owner preferred. Both: AO and transitioning supported, offline and unavailable
     * not, nonop_delay_msecs 0.
     */
    public static AluaGroup aluaGroup(int tpgTag, boolean owner, boolean explicit, int osdOpTimeout) {
        Map<String, String> a = new LinkedHashMap<>();
        Map<String, String> initial = new LinkedHashMap<>();
        a.put("alua_support_active_optimized", "1");
        if (explicit) {
            if (owner) {
                a.put("preferred", "1");
            }
            a.put("alua_support_standby", "1");
            a.put("alua_access_type", "3");
            initial.put("alua_access_state", "2"); // from then on the initiator drives the state
        } else {
            a.put("alua_access_state", owner ? "0" : "1");
            a.put("alua_support_active_nonoptimized", "1");
            a.put("alua_access_type", "1");
            a.put("implicit_trans_secs", Integer.toString(osdOpTimeout + 15));
        }
        a.put("alua_support_offline", "0");
        a.put("alua_support_unavailable", "0");
        a.put("alua_support_transitioning", "1");
        a.put("nonop_delay_msecs", "0");
        return new AluaGroup(aluaGroupName(tpgTag, owner, explicit), tpgTag, a, initial);
    }

    /** target.py's TPG parameters from the target controls (defaults of the [target] settings) */
    public static Map<String, String> tpgParams(boolean immediateData, boolean initialR2t, int maxOutstandingR2t,
                                                int firstBurstLength, int maxBurstLength,
                                                int maxRecvDataSegmentLength, int maxXmitDataSegmentLength) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ImmediateData", immediateData ? "Yes" : "No");
        p.put("InitialR2T", initialR2t ? "Yes" : "No");
        p.put("MaxOutstandingR2T", Integer.toString(maxOutstandingR2t));
        p.put("FirstBurstLength", Integer.toString(firstBurstLength));
        p.put("MaxBurstLength", Integer.toString(maxBurstLength));
        p.put("MaxRecvDataSegmentLength", Integer.toString(maxRecvDataSegmentLength));
        p.put("MaxXmitDataSegmentLength", Integer.toString(maxXmitDataSegmentLength));
        return p;
    }

    /** the TPG parameters with upstream's defaults */
    public static Map<String, String> defaultTpgParams() {
        return tpgParams(true, true, 1, 262144, 524288, 262144, 262144);
    }

    /**
     * target.py/client.py's TPG attributes: ACL mode (generate_node_acls/demo_mode_write_protect), authentication
     * 1 when CHAP is set on the TPG or on any ACL, and tpg_enabled_sendtargets=0 on the other gateways' TPGs so
     * discovery through one gateway lists every portal.
     */
    public static Map<String, String> tpgAttributes(boolean thisGateway, boolean aclEnabled, boolean chapInUse) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("authentication", thisGateway && chapInUse ? "1" : "0");
        a.put("generate_node_acls", aclEnabled ? "0" : "1");
        a.put("demo_mode_write_protect", aclEnabled ? "1" : "0");
        a.put("tpg_enabled_sendtargets", thisGateway ? "1" : "0");
        return a;
    }

    /** client.py's node ACL attributes from the client controls */
    public static Map<String, String> aclAttributes(int dataoutTimeout, int nopinResponseTimeout, int nopinTimeout) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("dataout_timeout", Integer.toString(dataoutTimeout));
        a.put("nopin_response_timeout", Integer.toString(nopinResponseTimeout));
        a.put("nopin_timeout", Integer.toString(nopinTimeout));
        return a;
    }

    /** the ACL attributes with upstream's defaults (20, 5, 5); cmdsn_depth defaults to 128 */
    public static Map<String, String> defaultAclAttributes() {
        return aclAttributes(20, 5, 5);
    }

    public static final int DEFAULT_CMDSN_DEPTH = 128;

    /** the groups of one storage object over a target's TPG tags, given the owner's tag */
    public static List<AluaGroup> aluaGroups(List<Integer> tpgTags, int ownerTag, boolean explicit, int osdOpTimeout) {
        List<AluaGroup> out = new ArrayList<>();
        for (int tag : tpgTags) {
            out.add(aluaGroup(tag, tag == ownerTag, explicit, osdOpTimeout));
        }
        return out;
    }
}
