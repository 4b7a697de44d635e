package io.cephiscsi.model.internal;

import java.util.regex.Pattern;

/**
 * Recognises IPv4 and IPv6 address literals without any name lookup (java.net.InetAddress would resolve names).
 * Entries are kept as written, because upstream compares the client address to them as text.
 */
public final class IpLiteral {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final int IPV6_GROUPS = 8;

    private IpLiteral() {
    }

    public static boolean isValid(String text) {
        return isIpv4(text) || isIpv6(text);
    }

    public static boolean isIpv4(String text) {
        return IPV4.matcher(text).matches();
    }

    public static boolean isIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap < 0) {
            return groups(text, true) == IPV6_GROUPS;
        }
        if (text.indexOf("::", gap + 1) >= 0) {
            return false; // at most one "::", and ":::" is not an address
        }
        int head = groups(text.substring(0, gap), false);
        int tail = groups(text.substring(gap + 2), true);
        // "::" stands for at least one zero group
        return head >= 0 && tail >= 0 && head + tail < IPV6_GROUPS;
    }

    /**
     * Counts the 16-bit groups of a colon-separated run, an embedded IPv4 tail counting as two; -1 when malformed.
     */
    private static int groups(String run, boolean ipv4TailAllowed) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] parts = run.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            if (HEX_GROUP.matcher(parts[i]).matches()) {
                count++;
            } else if (last && ipv4TailAllowed && isIpv4(parts[i])) {
                count += 2;
            } else {
                return -1;
            }
        }
        return count;
    }
}
