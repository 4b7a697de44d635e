package io.cephiscsi.lio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A folder that behaves enough like LIO's configfs for the engine: a mkdir creates the attribute files and
 * default groups the kernel would create (names and defaults from a Debian 6.1 kernel), an rmdir removes them
 * and refuses while user-made children remain, and a few kernel checks are imitated (LUN links need an enabled
 * storage object, ALUA state writes need an id, the implicit access bit and a supported state, enable=1 twice
 * is EEXIST, a linked storage object cannot be removed). ALUA groups as a Debian 6.1 kernel showed them in the
 * lab: a new group reads no id, {@code tg_pt_gp_id} is taken once (a second write, even of the same value, is
 * EINVAL, as is an id another group of the storage object holds; 0 picks a free one), a LUN joins only a group
 * with an id ({@code alua_tg_pt_gp}: ENODEV otherwise; "NULL" or "default_tg_pt_gp" leaves for the default group),
 * and removing a group moves its LUNs to {@code default_tg_pt_gp}. The embedded default's "kernel", and the tests'
 * one.
 */
public class EmulatedConfigfs extends Configfs {
    public EmulatedConfigfs(Path root) throws IOException {
        super(root);
        // what a 6.1 kernel shows once target_core_mod is loaded
        Files.createDirectories(root.resolve("target/core/alua/lu_gps/default_lu_gp"));
        file(root.resolve("target/dbroot"), "/var/target");
        file(root.resolve("target/version"), "Target Engine Core ConfigFS Infrastructure v5.0 on Linux/x86_64 on 6.1.0");
    }

    // ---- mkdir: what the kernel creates with each object

    @Override
    protected void mkdir(String rel) throws IOException {
        Path dir = resolve(rel);
        String[] s = rel.split("/");
        if (s.length > 1 && s[0].equals("target") && s[1].equals("iscsi") && s.length > 2 && !exists("target/iscsi")) {
            throw new FileSystemException(rel, null, "No such file or directory");
        }
        Files.createDirectory(dir);
        if (rel.equals("target/iscsi")) {
            files(dir.resolve("discovery_auth"), map("enforce_discovery_auth", "0", "userid", "", "password", "",
                    "userid_mutual", "", "password_mutual", "", "authenticate_target", "0"));
            file(dir.resolve("lio_version"), "Datera Inc. iSCSI Target v4.1.0");
            file(dir.resolve("cpus_allowed_list"), "0");
        } else if (s.length == 3 && s[1].equals("core")) {
            file(dir.resolve("hba_info"), "HBA Index: 1 plugin: " + plugin(s[2]) + " version: v5.0");
            file(dir.resolve("hba_mode"), "0");
        } else if (s.length == 4 && s[1].equals("core")) {
            storageObject(dir, plugin(s[2]));
        } else if (s.length == 6 && s[1].equals("core") && s[4].equals("alua")) {
            aluaGroup(dir);
        } else if (s.length == 3 && s[1].equals("iscsi")) {
            Files.createDirectories(dir.resolve("fabric_statistics"));
        } else if (s.length == 4 && s[1].equals("iscsi") && s[3].startsWith("tpgt_")) {
            tpg(dir);
        } else if (s.length == 6 && s[4].equals("lun")) {
            files(dir, map("alua_tg_pt_gp", "TG Port Alias: default_tg_pt_gp\nTG Port Group ID: 0\n",
                    "alua_tg_pt_offline", "0", "alua_tg_pt_status", "None", "alua_tg_pt_write_md", "0"));
            Files.createDirectories(dir.resolve("statistics"));
        } else if (s.length == 6 && s[4].equals("np")) {
            file(dir.resolve("iser"), "0");
            file(dir.resolve("cxgbit"), "0");
        } else if (s.length == 6 && s[4].equals("acls")) {
            acl(dir);
        } else if (s.length == 7 && s[4].equals("acls")) {
            file(dir.resolve("write_protect"), "0");
            // the kernel's per-initiator counters of this mapped LUN (what the Prometheus exporter reads)
            files(dir.resolve("statistics/scsi_auth_intr"), map("num_cmds", "0", "read_mbytes", "0",
                    "write_mbytes", "0", "hs_num_cmds", "0", "att_count", "0"));
        }
    }

    private void storageObject(Path dir, String plugin) throws IOException {
        Map<String, String> attrib = map("alua_support", "1", "pgr_support", "1", "block_size", "512", "emulate_3pc", "1", "emulate_caw", "1",
                "emulate_dpo", "1", "emulate_fua_read", "1", "emulate_fua_write", "1", "emulate_model_alias", "1",
                "emulate_pr", "1", "emulate_rest_reord", "0", "emulate_tas", "1", "emulate_tpu", "0",
                "emulate_tpws", "0", "emulate_ua_intlck_ctrl", "0", "emulate_write_cache", "0",
                "enforce_pr_isids", "1", "force_pr_aptpl", "0", "hw_block_size", "512", "hw_max_sectors", "1024",
                "hw_pi_prot_type", "0", "hw_queue_depth", "128", "is_nonrot", "0", "max_unmap_block_desc_count", "0",
                "max_unmap_lba_count", "0", "max_write_same_len", "0", "optimal_sectors", "1024", "pi_prot_format", "0",
                "pi_prot_type", "0", "pi_prot_verify", "0", "queue_depth", "128", "unmap_granularity", "0",
                "unmap_granularity_alignment", "0", "unmap_zeroes_data", "0");
        if (plugin.equals("user")) {
            attrib.putAll(map("cmd_time_out", "30", "qfull_time_out", "-1", "max_data_area_mb", "1024",
                    "data_pages_per_blk", "0", "cmd_ring_size_mb", "8", "dev_config", "", "dev_size", "0",
                    "nl_reply_supported", "0", "tmr_notification", "0"));
        }
        files(dir.resolve("attrib"), attrib);
        files(dir, map("alias", "", "alua_lu_gp", "LU Group Alias: default_lu_gp\nLU Group ID: 0", "control", "",
                "enable", "0", "info", "Status: DEACTIVATED  Max Queue Depth: 0", "lba_map", "", "udev_path", "",
                "action", ""));
        files(dir.resolve("wwn"), map("vpd_unit_serial", "T10 VPD Unit Serial Number: ", "vpd_protocol_identifier", "",
                "vpd_assoc_logical_unit", "", "vpd_assoc_scsi_target_device", "", "vpd_assoc_target_port", "",
                "company_id", "0x001405", "product_id", "", "revision", "", "vendor_id", "LIO-ORG"));
        Files.createDirectories(dir.resolve("pr"));
        Files.createDirectories(dir.resolve("statistics"));
        aluaGroup(Files.createDirectories(dir.resolve("alua/default_tg_pt_gp")));
        file(dir.resolve("alua/default_tg_pt_gp/tg_pt_gp_id"), "0");
    }

    private void aluaGroup(Path dir) throws IOException {
        files(dir, map("alua_access_state", "0", "alua_access_status", "None",
                "alua_access_type", "Implicit and Explicit", "alua_support_active_nonoptimized", "1",
                "alua_support_active_optimized", "1", "alua_support_lba_dependent", "0", "alua_support_offline", "1",
                "alua_support_standby", "1", "alua_support_transitioning", "1", "alua_support_unavailable", "1",
                "alua_write_metadata", "0", "implicit_trans_secs", "0", "members", "", "nonop_delay_msecs", "100",
                "preferred", "0", "tg_pt_gp_id", "", "trans_delay_msecs", "0")); // no id until the first write
    }

    private static final Map<String, String> PARAMS = map("AuthMethod", "CHAP,None", "DataDigest", "CRC32C,None",
            "DataPDUInOrder", "Yes", "DataSequenceInOrder", "Yes", "DefaultTime2Retain", "20", "DefaultTime2Wait", "2",
            "ErrorRecoveryLevel", "0", "FirstBurstLength", "65536", "HeaderDigest", "CRC32C,None", "IFMarkInt",
            "Reject", "IFMarker", "No", "ImmediateData", "Yes", "InitialR2T", "Yes", "MaxBurstLength", "262144",
            "MaxConnections", "1", "MaxOutstandingR2T", "1", "MaxRecvDataSegmentLength", "8192",
            "MaxXmitDataSegmentLength", "262144", "OFMarkInt", "Reject", "OFMarker", "No", "TargetAlias", "LIO Target");

    private void tpg(Path dir) throws IOException {
        for (String d : List.of("acls", "lun", "np")) {
            Files.createDirectories(dir.resolve(d));
        }
        files(dir.resolve("attrib"), map("authentication", "0", "cache_dynamic_acls", "0", "default_cmdsn_depth", "64",
                "default_erl", "0", "demo_mode_discovery", "1", "demo_mode_write_protect", "1", "fabric_prot_type", "0",
                "generate_node_acls", "0", "login_keys_workaround", "1", "login_timeout", "15", "netif_timeout", "2",
                "prod_mode_write_protect", "0", "t10_pi", "0", "tpg_enabled_sendtargets", "1"));
        files(dir.resolve("auth"), auth());
        files(dir.resolve("param"), PARAMS);
        files(dir, map("enable", "0", "dynamic_sessions", ""));
    }

    private void acl(Path dir) throws IOException {
        files(dir.resolve("attrib"), map("authentication", "-1", "dataout_timeout", "3", "dataout_timeout_retries", "5", "default_erl", "0",
                "nopin_response_timeout", "30", "nopin_timeout", "15", "random_datain_pdu_offsets", "0",
                "random_datain_seq_offsets", "0", "random_r2t_offsets", "0"));
        files(dir.resolve("auth"), auth());
        files(dir.resolve("param"), PARAMS);
        Files.createDirectories(dir.resolve("fabric_statistics"));
        files(dir, map("cmdsn_depth", "64", "info", "No active iSCSI Session for Initiator Endpoint", "tag", ""));
    }

    private static Map<String, String> auth() {
        return map("userid", "", "password", "", "userid_mutual", "", "password_mutual", "", "authenticate_target", "0");
    }

    // ---- writes with the kernel's checks that matter for ordering

    @Override
    protected void write(String rel, String value) throws IOException {
        Path p = resolve(rel);
        String name = p.getFileName().toString();
        String parent = p.getParent().getFileName().toString();
        if (!Files.isRegularFile(p)) {
            throw new java.nio.file.NoSuchFileException(rel);
        }
        String stored = value;
        if (name.equals("enable") && rel.startsWith("target/core/")) {
            if (readRaw(p).equals("1")) {
                throw new FileSystemException(rel, null, "File exists"); // target_dev_enable_store: -EEXIST
            }
        } else if (name.equals("control")) {
            controlSize(p.getParent(), value);
        } else if (name.equals("vpd_unit_serial")) {
            if (linked(p.getParent().getParent())) {
                throw new FileSystemException(rel, null, "Invalid argument"); // serial of an exported device
            }
            stored = "T10 VPD Unit Serial Number: " + value;
        } else if (name.equals("alua_access_type")) {
            stored = List.of("None", "Implicit", "Explicit", "Implicit and Explicit").get(Integer.parseInt(value));
        } else if (name.equals("tg_pt_gp_id")) {
            stored = Integer.toString(groupId(rel, p.getParent(), value));
        } else if (name.equals("alua_access_state")) {
            Path g = p.getParent();
            if (!hasId(g) || !readRaw(g.resolve("alua_access_type")).contains("Implicit")
                    || !readRaw(g.resolve("alua_support_" + List.of("active_optimized", "active_nonoptimized", "standby",
                    "unavailable").get(Integer.parseInt(value)))).equals("1")) {
                throw new FileSystemException(rel, null, "Invalid argument");
            }
        } else if (name.equals("alua_tg_pt_gp")) {
            Path so = soOfLun(p.getParent());
            if (so == null) {
                throw new FileSystemException(rel, null, "Invalid argument");
            }
            if (value.strip().equals("NULL")) {
                value = "default_tg_pt_gp"; // the kernel's way to leave a group
            }
            if (!Files.isDirectory(so.resolve("alua").resolve(value)) || !hasId(so.resolve("alua").resolve(value))) {
                throw new FileSystemException(rel, null, "No such device"); // core_alua_get_tg_pt_gp_by_name: none
            }
            stored = "TG Port Alias: " + value + "\nTG Port Group ID: " + readRaw(so.resolve("alua/" + value + "/tg_pt_gp_id")) + "\n";
            String[] s = rel.split("/"); // target/iscsi/<iqn>/tpgt_<n>/lun/lun_<m>/alua_tg_pt_gp
            String member = "iSCSI/" + s[2] + "/" + s[3] + "/" + s[5];
            members(so.resolve("alua").resolve(alias(readRaw(p))), member, false);
            members(so.resolve("alua").resolve(value), member, true);
        } else if (name.equals("dev_size") && rel.startsWith("target/core/user_")) {
            // tcmu_dev_size_store: a number (kstrtou64), shown by info as "Size: n"; on an enabled device the kernel
            // first asks tcmu-runner (TCMU_CMD_SET_CONFIG), whose refusal fails the write (not emulated)
            if (!value.strip().matches("\\d{1,19}")) {
                throw new FileSystemException(rel, null, "Invalid argument");
            }
            stored = value.strip();
            Path so = p.getParent().getParent();
            String info = readRaw(so.resolve("info")).replaceAll("\\s*Size: \\d+", "");
            file(so.resolve("info"), info + "  Size: " + stored);
        } else if (parent.equals("attrib") || parent.equals("param")) {
            if (value.isEmpty()) {
                throw new FileSystemException(rel, null, "Invalid argument");
            }
        }
        Files.writeString(p, stored);
    }

    @Override
    protected void symlink(String rel, String targetRel) throws IOException {
        Path target = resolve(targetRel);
        if (!Files.isDirectory(target)) {
            throw new java.nio.file.NoSuchFileException(targetRel);
        }
        if (targetRel.startsWith("target/core/") && !readRaw(target.resolve("enable")).equals("1")) {
            throw new FileSystemException(rel, null, "No such device"); // LUN link to an unconfigured device
        }
        super.symlink(rel, targetRel);
        if (exports != null && targetRel.startsWith("target/core/")) {
            exports.merge(target.normalize(), 1, Integer::sum);
        }
    }

    @Override
    protected void unlink(String rel) throws IOException {
        exports = null; // counted again when next asked
        super.unlink(rel);
    }

    @Override
    protected void rmdir(String rel) throws IOException {
        Path dir = resolve(rel);
        if (rel.startsWith("target/iscsi")) {
            exports = null; // LUN links may go with it: counted again when next asked
        }
        if (rel.startsWith("target/core/") && rel.split("/").length == 4 && linked(dir)) {
            throw new FileSystemException(rel, null, "Device or resource busy");
        }
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.NoSuchFileException(rel);
        }
        if (hasUserChildren(dir, rel)) {
            throw new DirectoryNotEmptyException(rel);
        }
        String[] s = rel.split("/");
        if (s.length == 6 && s[1].equals("core") && s[4].equals("alua")) {
            leaveGroup(dir); // core_alua_free_tg_pt_gp: its LUNs go to the default group
        }
        deleteTree(dir);
    }

    /**
     * A size given through {@code control} ({@code dev_size=} for TCMU, {@code fd_dev_size=} for fileio) shows in
     * the storage object's {@code info} as "Size: n", and in TCMU's {@code attrib/dev_size}; RAM disk pages
     * ({@code rd_pages=}) as "PAGES/PAGE_SIZE: n*4096", as the kernel shows them.
     */
    private static void controlSize(Path so, String value) throws IOException {
        for (String kv : value.split(",")) {
            if (kv.startsWith("dev_size=") || kv.startsWith("fd_dev_size=")) {
                String size = kv.substring(kv.indexOf('=') + 1).strip();
                String info = readRaw(so.resolve("info")).replaceAll("\\s*Size: \\d+", "");
                file(so.resolve("info"), info + "  Size: " + size);
                if (Files.isRegularFile(so.resolve("attrib/dev_size"))) {
                    file(so.resolve("attrib/dev_size"), size);
                }
            } else if (kv.startsWith("rd_pages=")) {
                file(so.resolve("info"), readRaw(so.resolve("info")) + "  PAGES/PAGE_SIZE: "
                        + kv.substring(9).strip() + "*4096");
            }
        }
    }

    /** what a user may create inside each kind of directory (the rest came with it) */
    private boolean hasUserChildren(Path dir, String rel) throws IOException {
        String[] s = rel.split("/");
        List<Path> kids;
        try (var st = Files.list(dir)) {
            kids = st.toList();
        }
        for (Path k : kids) {
            String n = k.getFileName().toString();
            if (Files.isSymbolicLink(k)) {
                return true;
            }
            if (s[1].equals("core") && s.length == 3 && Files.isDirectory(k)) {
                return true; // storage objects in an HBA
            }
            if (s[1].equals("core") && s.length == 4 && n.equals("alua")) {
                try (var st = Files.list(k)) {
                    if (st.anyMatch(g -> !g.getFileName().toString().equals("default_tg_pt_gp"))) {
                        return true;
                    }
                }
            }
            if (s[1].equals("iscsi") && s.length == 3 && n.startsWith("tpgt_")) {
                return true;
            }
            if (s[1].equals("iscsi") && s.length == 4 && List.of("acls", "lun", "np").contains(n)) {
                try (var st = Files.list(k)) {
                    if (st.findAny().isPresent()) {
                        return true;
                    }
                }
            }
            if (s[1].equals("iscsi") && s.length == 6 && s[4].equals("acls") && n.startsWith("lun_")) {
                return true;
            }
            if (rel.equals("target/iscsi") && n.startsWith("iqn.")) {
                return true;
            }
        }
        return false;
    }

    /** a group has an id once {@code tg_pt_gp_id} was written (the default group has 0 from the start) */
    private static boolean hasId(Path group) throws IOException {
        String id = readRaw(group.resolve("tg_pt_gp_id"));
        return !id.isEmpty() && (!id.equals("0") || group.getFileName().toString().equals("default_tg_pt_gp"));
    }

    /** core_alua_set_tg_pt_gp_id: once per group, unique in the storage object, 0 picks a free id */
    private static int groupId(String rel, Path group, String value) throws IOException {
        int id;
        try {
            id = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new FileSystemException(rel, null, "Invalid argument");
        }
        if (id < 0 || id > 0xffff || hasId(group)) {
            throw new FileSystemException(rel, null, "Invalid argument"); // "already has a valid ID"
        }
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        try (var st = Files.list(group.getParent())) {
            for (Path g : st.toList()) {
                if (!g.equals(group) && hasId(g)) {
                    taken.add(Integer.parseInt(readRaw(g.resolve("tg_pt_gp_id"))));
                }
            }
        }
        if (id == 0) {
            id = 1;
            while (taken.contains(id)) {
                id++;
            }
        } else if (taken.contains(id)) {
            throw new FileSystemException(rel, null, "Invalid argument"); // "ID: n already exists"
        }
        return id;
    }

    /** the LUNs in a group being removed fall back to the storage object's default group */
    private void leaveGroup(Path group) throws IOException {
        Path so = group.getParent().getParent().normalize();
        String name = group.getFileName().toString();
        for (String m : readRaw(group.resolve("members")).lines().toList()) {
            String[] s = m.strip().split("/"); // iSCSI/<iqn>/tpgt_<n>/lun_<m>, as the kernel lists them
            if (s.length != 4) {
                continue;
            }
            Path lun = resolve("target/iscsi/" + s[1] + "/" + s[2] + "/lun/" + s[3]);
            Path f = lun.resolve("alua_tg_pt_gp");
            Path linked = Files.isRegularFile(f) ? soOfLun(lun) : null;
            if (linked != null && linked.normalize().equals(so) && alias(readRaw(f)).equals(name)) {
                file(f, "TG Port Alias: default_tg_pt_gp\nTG Port Group ID: 0\n");
            }
        }
    }

    /** a group's {@code members} file (the default group's is not kept) */
    private static void members(Path group, String member, boolean add) throws IOException {
        if (group.getFileName().toString().equals("default_tg_pt_gp") || !Files.isRegularFile(group.resolve("members"))) {
            return;
        }
        List<String> list = new ArrayList<>(readRaw(group.resolve("members")).lines().filter(l -> !l.isBlank()
                && !l.strip().equals(member)).toList());
        if (add) {
            list.add(member);
        }
        file(group.resolve("members"), list.isEmpty() ? "" : String.join("\n", list) + "\n");
    }

    private static String alias(String raw) {
        String first = raw.lines().findFirst().orElse("");
        return first.startsWith("TG Port Alias:") ? first.substring(14).strip() : first.strip();
    }

    /**
     * Storage object → how many LUN links point at it, as the kernel keeps an export count: counted in one walk
     * when first asked, then kept up to date by this instance's links (a map-LUN plan asks for every new backstore;
     * a walk each time made the emulation, not the plan, the cost of a change at thousands of LUNs). Removals under
     * the fabric drop the count, to be walked again.
     */
    private java.util.Map<Path, Integer> exports;

    /** any LUN symlink in the tree points at this storage object */
    private boolean linked(Path so) throws IOException {
        if (exports == null) {
            java.util.Map<Path, Integer> counted = new java.util.HashMap<>();
            Path iscsi = resolve("target/iscsi");
            if (Files.isDirectory(iscsi)) {
                try (var st = Files.walk(iscsi, 7)) {
                    st.filter(Files::isSymbolicLink).forEach(l -> {
                        try {
                            counted.merge(Files.readSymbolicLink(l).normalize(), 1, Integer::sum);
                        } catch (IOException e) {
                            // gone meanwhile: not a link any more
                        }
                    });
                }
            }
            exports = counted;
        }
        return exports.getOrDefault(so.normalize(), 0) > 0;
    }

    private Path soOfLun(Path lunDir) throws IOException {
        try (var st = Files.list(lunDir)) {
            for (Path k : st.toList()) {
                if (Files.isSymbolicLink(k)) {
                    return Files.readSymbolicLink(k);
                }
            }
        }
        return null;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var st = Files.walk(dir)) {
            for (Path p : st.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String readRaw(Path p) throws IOException {
        return Files.isRegularFile(p) ? Files.readString(p).strip() : "";
    }

    private static String plugin(String hba) {
        return hba.substring(0, hba.lastIndexOf('_'));
    }

    private static void files(Path dir, Map<String, String> files) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : files.entrySet()) {
            file(dir.resolve(e.getKey()), e.getValue());
        }
    }

    private static void file(Path p, String content) throws IOException {
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

}
