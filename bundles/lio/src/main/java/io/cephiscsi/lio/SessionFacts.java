package io.cephiscsi.lio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sessions as LIO reports them: each ACL's {@code info} (who is logged in, from where), and each target's session
 * count in {@code fabric_statistics/iscsi_instance/sessions}. What gwcli's LOGGED-IN, {@code targetinfo} and the
 * metrics need.
 */
public final class SessionFacts {

    private static final Pattern STATE = Pattern.compile("(?m)^Session State: (\\S+)");
    private static final Pattern ALIAS = Pattern.compile("(?m)^InitiatorAlias: ?(.*)$");
    private static final Pattern ADDRESS = Pattern.compile("(?m)^\\s*Address (\\S+) ");

    private SessionFacts() {
    }

    /** Every ACL of every TPG under {@code fs}, with its session. */
    public static List<AclSession> acls(Configfs fs) {
        List<AclSession> sessions = new ArrayList<>();
        for (String target : targets(fs)) {
            for (String tpg : fs.list("target/iscsi/" + target)) {
                if (!tpg.startsWith("tpgt_")) {
                    continue;
                }
                String acls = "target/iscsi/" + target + "/" + tpg + "/acls";
                for (String initiator : fs.list(acls)) {
                    String info = fs.read(acls + "/" + initiator + "/info");
                    sessions.add(parse(target, Integer.parseInt(tpg.substring(5)), initiator, info == null ? "" : info));
                }
            }
        }
        return sessions;
    }

    /** Logged-in sessions per target IQN, as the kernel counts them (ACL and demo-mode sessions alike). */
    public static Map<String, Integer> sessionCounts(Configfs fs) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String target : targets(fs)) {
            String count = fs.read("target/iscsi/" + target + "/fabric_statistics/iscsi_instance/sessions");
            counts.put(target, count == null || count.isBlank() ? 0 : Integer.parseInt(count.trim()));
        }
        return counts;
    }

    /** One ACL's {@code info}: "No active iSCSI Session …" or the session and its connections. */
    static AclSession parse(String target, int tpg, String initiator, String info) {
        Matcher state = STATE.matcher(info);
        if (!state.find()) {
            return new AclSession(target, tpg, initiator, "", false, "", List.of());
        }
        Matcher alias = ALIAS.matcher(info);
        List<String> addresses = new ArrayList<>();
        Matcher address = ADDRESS.matcher(info);
        while (address.find()) {
            addresses.add(address.group(1));
        }
        return new AclSession(target, tpg, initiator, alias.find() ? alias.group(1).trim() : "",
                "TARG_SESS_STATE_LOGGED_IN".equals(state.group(1)), state.group(1), addresses);
    }

    private static List<String> targets(Configfs fs) {
        List<String> targets = new ArrayList<>();
        for (String name : fs.list("target/iscsi")) {
            if (name.startsWith("iqn.") || name.startsWith("naa.") || name.startsWith("eui.")) {
                targets.add(name);
            }
        }
        return targets;
    }
}
