package io.cephiscsi.lio;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Prometheus exporter needs from LIO, read in one lean walk of configfs (names, links and the few files
 * it reports; no attribute maps): every backstore and its size, every TPG's first portal and LUNs with their ALUA
 * group, and every ACL's session and mapped LUNs with the kernel's {@code statistics/scsi_auth_intr} counters.
 * Upstream's {@code GatewayStats} reads the same through rtslib.
 *
 * @param backstores every storage object under {@code target/core}
 * @param tpgs       every TPG of every iSCSI target
 * @param acls       every node ACL of every TPG
 */
public record LioStatistics(List<Backstore> backstores, List<Tpg> tpgs, List<Acl> acls) {

    public LioStatistics {
        backstores = List.copyOf(backstores);
        tpgs = List.copyOf(tpgs);
        acls = List.copyOf(acls);
    }

    /** A storage object {@code target/core/<plugin>_<n>/<name>} and its size in bytes (0 when LIO shows none). */
    public record Backstore(String plugin, String name, long sizeBytes) {
    }

    /**
     * A TPG {@code target/iscsi/<iqn>/tpgt_<tag>}.
     *
     * @param portalIp the IP of its first network portal (IPv6 without brackets), "" without one
     */
    public record Tpg(String targetIqn, int tag, String portalIp, List<Lun> luns) {
        public Tpg {
            luns = List.copyOf(luns);
        }
    }

    /** A TPG LUN: its storage object's name ("" when unlinked) and ALUA group name ("" when none). */
    public record Lun(int index, String storageObject, String aluaGroup) {
    }

    /** A node ACL, whether it has a logged-in session, and its mapped LUNs. */
    public record Acl(String targetIqn, int tpg, String initiatorIqn, boolean loggedIn, List<MappedLunStats> luns) {
        public Acl {
            luns = List.copyOf(luns);
        }
    }

    /**
     * A mapped LUN {@code acls/<initiator>/lun_<index>} and its counters from
     * {@code statistics/scsi_auth_intr}: commands, and MiB read and written (the kernel counts whole MiB).
     */
    public record MappedLunStats(int index, String storageObject, long numCmds, long readMbytes, long writeMbytes) {
    }

    private static final Pattern SIZE = Pattern.compile("\\bSize: (\\d+)");
    private static final Pattern PAGES = Pattern.compile("PAGES/PAGE_SIZE: (\\d+)\\*(\\d+)");
    private static final List<String> COUNTERS = List.of("num_cmds", "read_mbytes", "write_mbytes");

    /** Reads everything under {@code fs}; a root without LIO gives empty lists. */
    public static LioStatistics read(Configfs fs) {
        List<Backstore> backstores = new ArrayList<>();
        for (String hba : fs.list("target/core")) {
            int us = hba.lastIndexOf('_');
            if (us <= 0 || !Files.isDirectory(fs.resolve("target/core/" + hba))) {
                continue; // "alua" (LU groups) sits beside the HBAs
            }
            for (String so : fs.list("target/core/" + hba)) {
                if (!so.equals("hba_info") && !so.equals("hba_mode")) { // an HBA's only files; the rest are objects
                    backstores.add(new Backstore(hba.substring(0, us), so, size(fs, "target/core/" + hba + "/" + so)));
                }
            }
        }
        List<Tpg> tpgs = new ArrayList<>();
        List<Acl> acls = new ArrayList<>();
        for (String target : fs.list("target/iscsi")) {
            if (!(target.startsWith("iqn.") || target.startsWith("naa.") || target.startsWith("eui."))) {
                continue;
            }
            for (String t : fs.list("target/iscsi/" + target)) {
                if (t.startsWith("tpgt_")) {
                    tpg(fs, target, t, tpgs, acls);
                }
            }
        }
        return new LioStatistics(backstores, tpgs, acls);
    }

    private static void tpg(Configfs fs, String target, String t, List<Tpg> tpgs, List<Acl> acls) {
        String p = "target/iscsi/" + target + "/" + t;
        int tag = Integer.parseInt(t.substring(5));
        List<String> portals = fs.list(p + "/np");
        List<Lun> luns = new ArrayList<>();
        Map<Integer, String> soOfLun = new HashMap<>();
        for (String l : fs.list(p + "/lun")) {
            if (!l.startsWith("lun_")) {
                continue;
            }
            String lp = p + "/lun/" + l;
            List<String> link = link(fs, lp, "lio_port", 2);
            String so = link.size() == 2 ? link.get(1) : "";
            String group = group(fs.read(lp + "/alua_tg_pt_gp"));
            int index = Integer.parseInt(l.substring(4));
            luns.add(new Lun(index, so, group));
            soOfLun.put(index, so);
        }
        tpgs.add(new Tpg(target, tag, portals.isEmpty() ? "" : ip(portals.get(0)), luns));
        for (String initiator : fs.list(p + "/acls")) {
            String ap = p + "/acls/" + initiator;
            String info = fs.read(ap + "/info");
            boolean loggedIn = SessionFacts.parse(target, tag, initiator, info == null ? "" : info).loggedIn();
            List<MappedLunStats> mapped = new ArrayList<>();
            for (String m : fs.list(ap)) {
                if (!m.startsWith("lun_")) {
                    continue;
                }
                String mp = ap + "/" + m;
                List<String> link = link(fs, mp, "lio_lun", 1);
                String so = link.size() == 1 && link.get(0).startsWith("lun_")
                        ? soOfLun.getOrDefault(Integer.parseInt(link.get(0).substring(4)), "") : "";
                Map<String, String> c = fs.readAll(mp + "/statistics/scsi_auth_intr", COUNTERS);
                mapped.add(new MappedLunStats(Integer.parseInt(m.substring(4)), so, number(c.get("num_cmds")),
                        number(c.get("read_mbytes")), number(c.get("write_mbytes"))));
            }
            acls.add(new Acl(target, tag, initiator, loggedIn, mapped));
        }
    }

    /** the link's last segments: the engine's own link name first, else the first link among the entries */
    private static List<String> link(Configfs fs, String dir, String name, int segments) {
        List<String> t = fs.readlinkTail(dir + "/" + name, segments);
        if (t.isEmpty()) {
            for (String n : fs.list(dir)) {
                if (Files.isSymbolicLink(fs.resolve(dir + "/" + n))) {
                    return fs.readlinkTail(dir + "/" + n, segments);
                }
            }
        }
        return t;
    }

    /**
     * rtslib's {@code size}: "Size: n" in {@code info} (user, fileio), PAGES*PAGE_SIZE (rd_mcp), else TCMU's
     * {@code attrib/dev_size}; 0 when none says.
     */
    private static long size(Configfs fs, String so) {
        String info = fs.read(so + "/info");
        if (info != null) {
            Matcher m = SIZE.matcher(info);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
            m = PAGES.matcher(info);
            if (m.find()) {
                return Long.parseLong(m.group(1)) * Long.parseLong(m.group(2));
            }
        }
        return number(fs.read(so + "/attrib/dev_size"));
    }

    /** "TG Port Alias: ao\nTG Port Group ID: 1" → "ao" */
    private static String group(String raw) {
        if (raw == null) {
            return "";
        }
        int nl = raw.indexOf('\n');
        String s = raw.startsWith("TG Port Alias:") ? raw.substring(14, nl < 0 ? raw.length() : nl) : raw;
        return s.strip();
    }

    /** "10.0.0.1:3260" → "10.0.0.1", "[fe80::1]:3260" → "fe80::1" */
    static String ip(String portal) {
        int colon = portal.lastIndexOf(':');
        String ip = colon < 0 ? portal : portal.substring(0, colon);
        return ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    }

    private static long number(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
