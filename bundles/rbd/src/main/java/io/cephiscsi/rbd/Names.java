package io.cephiscsi.rbd;

import java.util.regex.Pattern;

/** The pool, image and snapshot names upstream accepts; each refusal names the value. */
public final class Names {

    private static final Pattern POOL_OR_IMAGE = Pattern.compile("[a-zA-Z0-9\\-_.]+");
    private static final String ALLOWED = "(use alphanumeric, '_', '.', or '-' characters)";

    private Names() {
    }

    /** @throws RbdException 400, field {@code pool} */
    public static void requireValidPool(String pool) {
        if (pool == null || !POOL_OR_IMAGE.matcher(pool).matches()) {
            throw RbdException.badRequest("pool", "Invalid pool name '" + pool + "' " + ALLOWED);
        }
    }

    /**
     * Upstream's rule, and also neither {@code .} nor {@code ..}: they would name folders of the embedded store, and
     * no real image is called so.
     *
     * @throws RbdException 400, field {@code image}
     */
    public static void requireValidImage(String image) {
        if (image == null || !POOL_OR_IMAGE.matcher(image).matches() || image.equals(".") || image.equals("..")) {
            throw RbdException.badRequest("image", "Invalid image name '" + image + "' " + ALLOWED);
        }
    }

    /** @throws RbdException 400, field {@code snapshot}: empty, or holding {@code /} or {@code @} */
    public static void requireValidSnapshot(String snapshot) {
        if (snapshot == null || snapshot.isEmpty() || snapshot.contains("/") || snapshot.contains("@")) {
            throw RbdException.badRequest("snapshot", "snapshot name is invalid: '" + snapshot
                    + "' (it must not be empty nor contain '/' or '@')");
        }
    }
}
