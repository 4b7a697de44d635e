package io.cephiscsi.lio;

import java.util.Objects;

/**
 * One configfs operation. Paths are relative to the configfs root (e.g. {@code target/core/user_1/rbd.img}),
 * so a plan reads the same on a folder and on the kernel.
 *
 * @param kind what to do
 * @param path the object or attribute path
 * @param value the value written, or for a symlink the path (relative to the root) it points at; else null
 */
public record LioOp(Kind kind, String path, String value) {
    public enum Kind { MKDIR, RMDIR, WRITE, SYMLINK, UNLINK }

    public LioOp {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
    }

    public static LioOp mkdir(String path) {
        return new LioOp(Kind.MKDIR, path, null);
    }

    public static LioOp rmdir(String path) {
        return new LioOp(Kind.RMDIR, path, null);
    }

    public static LioOp write(String path, String value) {
        return new LioOp(Kind.WRITE, path, Objects.requireNonNull(value, "value"));
    }

    public static LioOp symlink(String link, String target) {
        return new LioOp(Kind.SYMLINK, link, target);
    }

    public static LioOp unlink(String link) {
        return new LioOp(Kind.UNLINK, link, null);
    }

    /** the value as it may appear in logs and errors: CHAP passwords are masked */
    public String shownValue() {
        if (value != null && kind == Kind.WRITE && path.contains("password") && !value.equals("NULL")) {
            return "****";
        }
        return value;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case MKDIR -> "mkdir " + path;
            case RMDIR -> "rmdir " + path;
            case WRITE -> "echo '" + shownValue() + "' > " + path;
            case SYMLINK -> "ln -s " + value + " " + path;
            case UNLINK -> "rm " + path;
        };
    }
}
