package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.LioInvalidException;
import io.cephiscsi.lio.LioOp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A mapped LUN {@code acls/<initiator>/lun_<n>}: a directory, a symlink to the TPG's LUN, write_protect. */
public final class MappedLunNode extends CfsNode {
    static final Set<String> DEFAULTS = Set.of("write_protect", "statistics");

    private final NodeAclNode acl;
    private final int index;
    private int tpgLun = -1;
    private boolean writeProtect;

    MappedLunNode(NodeAclNode acl, int index) {
        super(acl.fs, acl.path() + "/lun_" + index);
        if (index < 0 || index > 65535) {
            throw new LioInvalidException("mapped LUN index " + index + " is outside 0–65535");
        }
        this.acl = acl;
        this.index = index;
    }

    public MappedLunNode to(int tpgLunIndex, boolean writeProtected) {
        this.tpgLun = tpgLunIndex;
        this.writeProtect = writeProtected;
        return this;
    }

    /** the TPG LUN the live link points at, or null */
    Integer liveTpgLun() {
        List<String> t = fs.readlinkTail(path + "/" + Paths.MAPPED_LUN_LINK, 1);
        if (t.isEmpty()) {
            for (String name : fs.list(path)) {
                if (!DEFAULTS.contains(name)) {
                    t = fs.readlinkTail(path + "/" + name, 1);
                    break;
                }
            }
        }
        return t.isEmpty() || !t.get(0).startsWith("lun_") ? null : Integer.valueOf(t.get(0).substring(4));
    }

    @Override
    protected List<LioOp> createOps() {
        if (tpgLun < 0) {
            throw new LioInvalidException("mapped LUN " + path + " needs a TPG LUN to be created");
        }
        List<LioOp> ops = new ArrayList<>();
        ops.add(LioOp.mkdir(path));
        ops.add(LioOp.symlink(path + "/" + Paths.MAPPED_LUN_LINK, acl.tpg().lun(tpgLun).path()));
        if (writeProtect) {
            ops.add(writeOp("write_protect", "1"));
        }
        return ops;
    }

    @Override
    protected List<LioOp> deleteOps() {
        List<LioOp> ops = new ArrayList<>();
        for (String name : fs.list(path)) {
            if (!DEFAULTS.contains(name)) {
                ops.add(LioOp.unlink(path + "/" + name));
            }
        }
        ops.add(LioOp.rmdir(path));
        return ops;
    }
}
