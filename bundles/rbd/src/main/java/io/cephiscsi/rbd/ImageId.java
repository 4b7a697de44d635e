package io.cephiscsi.rbd;

/** An image by pool and name, written {@code pool/image} as in upstream's config and gwcli. */
public record ImageId(String pool, String image) {

    /**
     * @throws RbdException 400 when {@code id} is not {@code pool/image}
     */
    public static ImageId parse(String id) {
        int slash = id == null ? -1 : id.indexOf('/');
        if (slash <= 0 || slash == id.length() - 1 || id.indexOf('/', slash + 1) >= 0) {
            throw RbdException.badRequest("disk", "Invalid disk '" + id + "': expected <pool>/<image>");
        }
        return new ImageId(id.substring(0, slash), id.substring(slash + 1));
    }

    /**
     * An image whose pool and image names pass upstream's rules.
     *
     * @throws RbdException 400 naming the bad field
     */
    public static ImageId valid(String pool, String image) {
        Names.requireValidPool(pool);
        Names.requireValidImage(image);
        return new ImageId(pool, image);
    }

    @Override
    public String toString() {
        return pool + "/" + image;
    }
}
