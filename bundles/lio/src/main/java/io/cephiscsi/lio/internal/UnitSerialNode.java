package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.LioOp;

import java.util.List;

/**
 * The unit serial (the disk's wwn) in {@code <storage object>/wwn/vpd_unit_serial}. The kernel reads it back as
 * {@code "T10 VPD Unit Serial Number: <serial>"}; a folder root holds the bare value: both are understood.
 */
public final class UnitSerialNode extends CfsNode {
    private static final String PREFIX = "T10 VPD Unit Serial Number:";

    UnitSerialNode(StorageObjectNode so) {
        super(so.fs, so.path() + "/wwn");
    }

    public String serial() {
        return parse(get("vpd_unit_serial"));
    }

    public void setSerial(String serial) {
        fs.apply(setOp(serial));
    }

    LioOp setOp(String serial) {
        return writeOp("vpd_unit_serial", serial);
    }

    static String parse(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.startsWith(PREFIX) ? raw.substring(PREFIX.length()) : raw;
        s = s.strip();
        return s.isEmpty() ? null : s;
    }

    @Override
    protected List<LioOp> createOps() {
        return List.of(); // created by the kernel with its storage object
    }

    @Override
    protected List<LioOp> deleteOps() {
        return List.of();
    }
}
