package io.cephiscsi.rbd;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Disk sizes as upstream accepts them: a whole number followed by M, G or T (either case; binary units), and the
 * binary human form gwcli prints. Unlike upstream, every bad form gets its own message naming the value.
 */
public final class DiskSize {

    /**
     * The largest image librbd creates with an object map (upstream's default features): 256,000,000 objects of
     * 4 MiB, exactly 1000000G. librbd refuses more with a bare EINVAL, so refuse it first with a clear message.
     */
    public static final long MAX_BYTES = 256_000_000L * 4 * 1024 * 1024;

    private static final Pattern FORM = Pattern.compile("(-?)(\\d*)(\\.\\d*)?([A-Za-z]*)");
    private static final String UNITS = "MGT";
    private static final String EXPECTED = "must be a whole number followed by M, G or T, e.g. 10G";

    private DiskSize() {
    }

    /**
     * Bytes of a size such as {@code 10G} or {@code 512m}.
     *
     * @throws RbdException 400, field {@code size}, naming the value and what is wrong with it
     */
    public static long parse(String text) {
        if (text == null || text.isEmpty()) {
            throw bad("A size is required: " + EXPECTED.replace("must be ", ""));
        }
        Matcher form = FORM.matcher(text);
        if (!form.matches()) {
            throw bad("Invalid size '" + text + "': " + EXPECTED);
        }
        String sign = form.group(1);
        String digits = form.group(2);
        String decimals = form.group(3);
        String unit = form.group(4);
        if (digits.isEmpty()) {
            throw bad("Invalid size '" + text + "': the number is missing before the unit, e.g. 10G");
        }
        if (decimals != null) {
            throw bad("Invalid size '" + text + "': decimals are not supported, use a smaller unit (e.g. 1536M, not 1.5G)");
        }
        if (!sign.isEmpty()) {
            throw bad("Invalid size '" + text + "': a size cannot be negative");
        }
        BigInteger number = new BigInteger(digits);
        if (number.signum() == 0) {
            throw bad("Invalid size '" + text + "': a size must be greater than zero");
        }
        if (unit.isEmpty()) {
            throw bad("Invalid size '" + text + "': the unit is missing, add M, G or T (bytes are not accepted)");
        }
        if (unit.length() != 1 || UNITS.indexOf(Character.toUpperCase(unit.charAt(0))) < 0) {
            throw bad("Invalid size '" + text + "': unknown unit '" + unit + "', use M, G or T");
        }
        int power = 2 + UNITS.indexOf(Character.toUpperCase(unit.charAt(0)));
        BigInteger bytes = number.shiftLeft(10 * power);
        if (bytes.compareTo(BigInteger.valueOf(MAX_BYTES)) > 0) {
            throw bad("Invalid size '" + text + "': larger than the largest image, " + human(MAX_BYTES));
        }
        return bytes.longValueExact();
    }

    /**
     * gwcli's binary form: the largest unit that divides the size exactly; b, K, M, G without decimals, T and P with
     * one, E and Z with two (so 1.5 GiB is {@code 1536M} and 0 is {@code 0b}). Rounds half to even as Python does.
     */
    public static String human(long bytes) {
        String[] units = {"b", "K", "M", "G", "T", "P", "E", "Z"};
        int[] precision = {0, 0, 0, 0, 1, 1, 2, 2};
        if (bytes == 0) {
            return "0b"; // upstream's loop divides 0 by 1024 to the end and prints 0.00Y
        }
        double number = bytes;
        for (int i = 0; i < units.length; i++) {
            if (number % 1024 != 0) {
                return format(number, precision[i]) + units[i];
            }
            number /= 1024.0;
        }
        return format(number, 2) + "Y";
    }

    private static String format(double number, int decimals) {
        return new BigDecimal(number).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static RbdException bad(String message) {
        return RbdException.badRequest("size", message);
    }

    /**
     * @throws RbdException 400 (field {@code size}) unless 0 < {@code bytes} <= {@link #MAX_BYTES}
     */
    public static void requireValid(long bytes) {
        if (bytes <= 0 || bytes > MAX_BYTES) {
            throw RbdException.badRequest("size", "Invalid size " + bytes + " bytes: must be between 1 and "
                    + MAX_BYTES + " (" + human(MAX_BYTES) + ")");
        }
    }
}
