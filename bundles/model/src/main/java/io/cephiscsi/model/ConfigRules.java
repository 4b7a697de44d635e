package io.cephiscsi.model;

import io.cephiscsi.model.internal.IpLiteral;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules a config value must follow, as upstream checks them, for every face to use. Each check returns the
 * normalized value (what upstream would store) or throws a {@link ConfigException} (400) naming the field and the
 * rule. CHAP rules are in {@link ChapRules}, control names and values in {@link ControlRules}.
 */
public final class ConfigRules {

    /** Upstream maps at most 256 LUNs per client (ids 0..255), and allows at most 256 disks. */
    public static final int MAX_LUN_ID = 255;
    public static final int MAX_GROUP_NAME_LENGTH = 32;

    // rtslib: re.match, so anchored at the start only; cleansing trims and lower-cases first
    private static final Pattern IQN = Pattern.compile("iqn\\.[0-9]{4}-[0-1][0-9]\\..*\\..*");
    // RFC 3720 3.2.6: month 01-12, and after normalisation only letters, digits, '.', '-' and ':' (ASCII here)
    private static final Pattern IQN_STRICT = Pattern.compile("iqn\\.[0-9]{4}-(0[1-9]|1[0-2])\\.[a-z0-9.:-]+");
    /** RFC 3720: an iSCSI name is at most 223 bytes; LIO refuses longer ones. */
    public static final int MAX_IQN_LENGTH = 223;
    /** Pool and image names: {@code pool.image} is the backstore's configfs name, at most 255 bytes. */
    public static final int MAX_RBD_NAME_LENGTH = 127;
    private static final Pattern NAA = Pattern.compile("naa\\.[125][0-9a-f]{15}");
    private static final Pattern EUI = Pattern.compile("eui\\.[0-9a-f]{16}");
    private static final Pattern RBD_NAME = Pattern.compile("[a-zA-Z0-9\\-_.]+");
    private static final Pattern SIZE = Pattern.compile("([0-9]+)([MGTmgt])");

    /** The name types rtslib's normalize_wwn knows and the appliance uses. */
    public enum WwnType { IQN, NAA, EUI }

    private ConfigRules() {
    }

    /** An iSCSI target or initiator name: only IQNs, as upstream accepts. Returns it trimmed and lower-cased. */
    public static String iqn(String field, String value) {
        return wwn(field, value, WwnType.IQN);
    }

    /**
     * rtslib's normalize_wwn: trim and lower-case; for naa/eui drop a {@code 0x} prefix, '-' and ':' and add the
     * type prefix when missing. An IQN must start {@code iqn.YYYY-MM.} and hold one more '.', with no space and no
     * underscore. Unlike rtslib, control characters (a newline inside the name) are refused too: they cannot be
     * part of a configfs directory name that LIO and initiators agree on.
     */
    public static String wwn(String field, String value, WwnType... types) {
        if (value != null) {
            for (WwnType type : types) {
                String clean = cleanse(type, value);
                if (matches(type, clean) && clean.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
                    // stricter than rtslib, which takes month 13-19, any character but ' ' and '_' and any
                    // length: what LIO (223 bytes) and initiators agree on
                    if (type == WwnType.IQN && (!IQN_STRICT.matcher(clean).matches()
                            || clean.length() > MAX_IQN_LENGTH)) {
                        throw ConfigException.invalid(field, field + ": '" + shortened(value) + "' is not a valid"
                                + " name for iSCSI - an IQN is iqn.YYYY-MM.<reversed domain>[:<id>] with a month"
                                + " 01-12, only letters, digits, '.', '-' and ':', at most " + MAX_IQN_LENGTH
                                + " characters");
                    }
                    return clean;
                }
            }
        }
        StringBuilder names = new StringBuilder();
        for (WwnType t : types) {
            names.append(names.length() == 0 ? "" : ", ").append(t.name().toLowerCase(Locale.ROOT));
        }
        throw ConfigException.invalid(field, field + ": '" + shortened(value) + "' is not a valid name for iSCSI - WWN not"
                + " valid as: " + names + (types.length == 1 && types[0] == WwnType.IQN
                ? " (iqn.YYYY-MM.<reversed domain>[:<id>], no spaces or underscores)" : ""));
    }

    private static String cleanse(WwnType type, String value) {
        String wwn = value.strip().toLowerCase(Locale.ROOT);
        if (type != WwnType.IQN) {
            if (wwn.startsWith("0x")) {
                wwn = wwn.substring(2);
            }
            wwn = wwn.replace("-", "").replace(":", "");
            if (!wwn.startsWith("naa.") && !wwn.startsWith("eui.") && !wwn.startsWith("ib.")) {
                wwn = type.name().toLowerCase(Locale.ROOT) + "." + wwn;
            }
        }
        return wwn;
    }

    private static boolean matches(WwnType type, String wwn) {
        switch (type) {
            case IQN:
                // '.' in Python's re does not match a newline; lookingAt mirrors re.match's start anchor
                return IQN.matcher(wwn).lookingAt() && wwn.indexOf(' ') < 0 && wwn.indexOf('_') < 0;
            case NAA:
                return NAA.matcher(wwn).matches();
            default:
                return EUI.matcher(wwn).matches();
        }
    }

    /**
     * An IPv4 or IPv6 address literal; IPv6 may come in brackets, which are dropped (upstream's
     * normalize_ip_address). Kept as written otherwise, since upstream compares addresses as text.
     */
    public static String ipAddress(String field, String value) {
        String ip = value == null ? "" : value.strip();
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        if (!IpLiteral.isValid(ip)) {
            throw ConfigException.invalid(field, field + ": '" + value
                    + "' is not a valid IPv4 or IPv6 address");
        }
        return ip;
    }

    public static String poolName(String field, String value) {
        if (value == null || !RBD_NAME.matcher(value).matches()) {
            throw ConfigException.invalid(field,
                    "Invalid pool name (use alphanumeric, '_', '.', or '-' characters): '" + shortened(value) + "'");
        }
        if (value.length() > MAX_RBD_NAME_LENGTH) {
            throw ConfigException.invalid(field, "Invalid pool name (at most " + MAX_RBD_NAME_LENGTH
                    + " characters, so that pool.image fits a configfs name): '" + shortened(value) + "'");
        }
        return value;
    }

    public static String imageName(String field, String value) {
        if (value == null || !RBD_NAME.matcher(value).matches()) {
            throw ConfigException.invalid(field,
                    "Invalid image name (use alphanumeric, '_', '.', or '-' characters): '" + shortened(value) + "'");
        }
        if (value.length() > MAX_RBD_NAME_LENGTH) {
            throw ConfigException.invalid(field, "Invalid image name (at most " + MAX_RBD_NAME_LENGTH
                    + " characters, so that pool.image fits a configfs name): '" + shortened(value) + "'");
        }
        return value;
    }

    /** A value quoted in a message: at most 64 characters, control characters as '?'. */
    static String shortened(String value) {
        if (value == null) {
            return null;
        }
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }

    /** A disk id {@code pool/image}; both names as {@link #poolName} and {@link #imageName} require. */
    public static String diskId(String field, String value) {
        int slash = value == null ? -1 : value.indexOf('/');
        if (slash < 0) {
            throw ConfigException.invalid(field, field + ": '" + value + "' is not a disk id of the form pool/image");
        }
        poolName(field, value.substring(0, slash));
        imageName(field, value.substring(slash + 1));
        return value;
    }

    /**
     * A disk size: a whole number and one of M, G, T (either case), as upstream's valid_size; the result in bytes
     * (binary units). Stricter than upstream, which lets Python's int() take a sign, blanks and '_' too: the
     * number here is plain digits and above zero.
     */
    public static long sizeBytes(String field, String value) {
        var m = value == null ? null : SIZE.matcher(value);
        if (m == null || !m.matches()) {
            throw ConfigException.invalid(field, "Size is invalid: '" + value
                    + "' (expected a whole number followed by M, G or T)");
        }
        int power = "MGT".indexOf(Character.toUpperCase(m.group(2).charAt(0))) + 2;
        BigInteger bytes = new BigInteger(m.group(1)).shiftLeft(10 * power);
        if (bytes.signum() == 0 || bytes.bitLength() > 63) {
            throw ConfigException.invalid(field, "Size is invalid: '" + value + "' (must be above 0 and below 8E)");
        }
        return bytes.longValue();
    }

    /** A host group name: 1 to 32 word characters, '@', '-' or '_' (gwcli's rule). */
    public static String groupName(String field, String value) {
        int len = value == null ? 0 : value.codePointCount(0, value.length());
        if (len < 1 || len > MAX_GROUP_NAME_LENGTH || !value.codePoints().allMatch(
                c -> ChapRules.isWordChar(c) || c == '@' || c == '-')) {
            throw ConfigException.invalid(field, "Invalid group name '" + value + "' - max of "
                    + MAX_GROUP_NAME_LENGTH + " chars of alphanumeric and -,_,@ characters");
        }
        return value;
    }

    /** A LUN id: 0 to 255. */
    public static int lunId(String field, long value) {
        if (value < 0 || value > MAX_LUN_ID) {
            throw ConfigException.invalid(field, field + " " + value + " is out of range (0-" + MAX_LUN_ID + ")");
        }
        return (int) value;
    }
}
