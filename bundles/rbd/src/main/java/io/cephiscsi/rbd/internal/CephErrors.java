package io.cephiscsi.rbd.internal;

import io.cephiscsi.ceph.CephException;
import io.cephiscsi.rbd.ImageId;
import io.cephiscsi.rbd.RbdException;

/** Turns librbd return codes and connection failures into {@link RbdException}s the REST face can answer with. */
final class CephErrors {

    static final int ENOENT = -2;
    static final int EBUSY = -16;
    static final int EEXIST = -17;
    static final int ENOTEMPTY = -39;

    private CephErrors() {
    }

    /**
     * {@link io.cephiscsi.ceph.CephCluster#withIoCtx} reports a missing pool and an unreadable ceph.conf both with
     * ENOENT, so the message tells them apart.
     */
    static RbdException of(CephException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("pool '")) {
            return new RbdException(RbdException.NOT_FOUND, "pool", capitalized(message), e);
        }
        if (message.startsWith("cannot connect") || message.startsWith("cannot read the Ceph configuration")
                || unreachable(e.errno())) {
            return new RbdException(RbdException.UNAVAILABLE, "", message, e);
        }
        return new RbdException(RbdException.FAILED, "", message, e);
    }

    static RbdException imageMissing(ImageId id) {
        return new RbdException(RbdException.NOT_FOUND, "image", "Image " + id + " does not exist");
    }

    static RbdException failed(String what, ImageId id, int errno, Throwable cause) {
        return new RbdException(unreachable(errno) ? RbdException.UNAVAILABLE : RbdException.FAILED, "",
                "Cannot " + what + " image " + id + ": librbd error " + errno + " (" + errnoName(errno) + ")", cause);
    }

    /** Ceph did not answer in time or the connection is gone (e.g. the monitor restarts, an OSD is down): 503. */
    static boolean unreachable(int errno) {
        return errno == -110 || errno == -107 || errno == -108;
    }

    private static String errnoName(int errno) {
        return switch (-errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 5 -> "EIO";
            case 13 -> "EACCES";
            case 16 -> "EBUSY";
            case 17 -> "EEXIST";
            case 22 -> "EINVAL";
            case 28 -> "ENOSPC";
            case 30 -> "EROFS";
            case 39 -> "ENOTEMPTY";
            case 110 -> "ETIMEDOUT";
            case 122 -> "EDQUOT";
            default -> "errno " + (-errno);
        };
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
