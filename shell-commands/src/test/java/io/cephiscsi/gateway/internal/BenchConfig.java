package io.cephiscsi.gateway.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The gwcli benchmarks' configuration (issue 7): {@value #DISKS} disks, {@value #TARGETS} targets, {@value #HOSTS}
 * hosts, as {@code gateway.conf} JSON. Upstream caps disks at 256; this is written directly, not through the API.
 * {@code itests}' {@code GwcliLsBenchmark} uses it too (through this module's test jar), so both measure the same
 * document.
 */
public final class BenchConfig {

    private BenchConfig() {
    }

    /** Disks in the benchmark configuration. */
    public static final int DISKS = 1000;
    /** Targets; disk {@code i} is a LUN of target {@code i % TARGETS} (15 or 16 LUNs each, ids 0..15). */
    public static final int TARGETS = 64;
    /** Hosts, 8 per target, each with 2 of its target's LUNs, every other one with CHAP. */
    public static final int HOSTS = 512;

    public static String image(int i) {
        return String.format("bench_%04d", i);
    }

    /** Disk {@code i}'s size in GiB (1..8): sizes differ as in a real configuration. */
    public static long sizeGib(int i) {
        return 1 + i % 8;
    }

    /**
     * {@code gateway.conf} v11 as upstream writes it: {@link #DISKS} disks in pool {@code rbd} (pool id
     * {@code poolId}), {@link #TARGETS} targets on gateways {@code gw1} and {@code gw2}, {@link #HOSTS} hosts.
     */
    public static String gatewayConf(String gw1, String gw2, int poolId) {
        String now = "2026/11/23 12:00:00";
        StringBuilder json = new StringBuilder();
        json.append("{\"created\":\"").append(now).append("\",\"discovery_auth\":").append(auth("", ""))
                .append(",\"disks\":{");
        for (int i = 0; i < DISKS; i++) {
            String owner = i % 2 == 0 ? gw1 : gw2;
            json.append(i == 0 ? "" : ",").append("\"rbd/").append(image(i)).append("\":{\"backstore\":\"user:rbd\","
                    + "\"backstore_object_name\":\"rbd.").append(image(i)).append("\",\"controls\":{},\"created\":\"")
                    .append(now).append("\",\"image\":\"").append(image(i)).append("\",\"owner\":\"").append(owner)
                    .append("\",\"pool\":\"rbd\",\"pool_id\":").append(poolId).append(",\"updated\":\"").append(now)
                    .append("\",\"wwn\":\"").append(String.format("6d1a0c4e-0000-4000-8000-%012d", i)).append("\"}");
        }
        json.append("},\"epoch\":1,\"gateways\":{\"").append(gw1).append("\":{\"active_luns\":").append(DISKS / 2)
                .append(",\"created\":\"").append(now).append("\",\"updated\":\"").append(now).append("\"},\"")
                .append(gw2).append("\":{\"active_luns\":").append(DISKS / 2).append(",\"created\":\"").append(now)
                .append("\",\"updated\":\"").append(now).append("\"}},\"targets\":{");
        int hostsPerTarget = HOSTS / TARGETS;
        for (int t = 0; t < TARGETS; t++) {
            List<Integer> disks = new ArrayList<>();
            for (int i = t; i < DISKS; i += TARGETS) {
                disks.add(i);
            }
            json.append(t == 0 ? "" : ",").append('"').append(target(t)).append("\":{\"acl_enabled\":true,\"auth\":")
                    .append(auth("", "")).append(",\"clients\":{");
            for (int h = 0; h < hostsPerTarget; h++) {
                boolean chap = h % 2 == 0;
                json.append(h == 0 ? "" : ",").append('"').append(host(t, h)).append("\":{\"auth\":")
                        .append(chap ? auth("benchuser" + h, "benchpassword" + h) : auth("", ""))
                        .append(",\"group_name\":\"\",\"luns\":{");
                for (int k = 0; k < 2; k++) {
                    int lun = (2 * h + k) % disks.size();
                    json.append(k == 0 ? "" : ",").append("\"rbd/").append(image(disks.get(lun)))
                            .append("\":{\"lun_id\":").append(lun).append('}');
                }
                json.append("}}");
            }
            json.append("},\"controls\":{},\"created\":\"").append(now).append("\",\"disks\":{");
            for (int lun = 0; lun < disks.size(); lun++) {
                json.append(lun == 0 ? "" : ",").append("\"rbd/").append(image(disks.get(lun)))
                        .append("\":{\"lun_id\":").append(lun).append('}');
            }
            // loopback addresses: the tree asks each other gateway's API at its portal IP (nothing listens there)
            String ip1 = "127.0.0.2";
            String ip2 = "127.0.0.3";
            json.append("},\"groups\":{},\"ip_list\":[\"").append(ip1).append("\",\"").append(ip2)
                    .append("\"],\"portals\":{")
                    .append(portal(gw1, ip1, ip2)).append(',').append(portal(gw2, ip2, ip1))
                    .append("},\"updated\":\"").append(now).append("\"}");
        }
        json.append("},\"updated\":\"").append(now).append("\",\"version\":11}");
        return json.toString();
    }

    public static String target(int t) {
        return String.format("iqn.2003-01.com.example.iscsi-gw:bench-%02d", t);
    }

    public static String host(int t, int h) {
        return String.format("iqn.1994-05.com.example:bench-%02d-%d", t, h);
    }

    private static String auth(String username, String password) {
        return "{\"mutual_password\":\"\",\"mutual_password_encryption_enabled\":false,\"mutual_username\":\"\","
                + "\"password\":\"" + password + "\",\"password_encryption_enabled\":false,\"username\":\"" + username
                + "\"}";
    }

    private static String portal(String gateway, String own, String other) {
        return "\"" + gateway + "\":{\"gateway_ip_list\":[\"127.0.0.2\",\"127.0.0.3\"],\"inactive_portal_ips\":[\""
                + other + "\"],\"portal_ip_addresses\":[\"" + own + "\"],\"tpgs\":2}";
    }
}
