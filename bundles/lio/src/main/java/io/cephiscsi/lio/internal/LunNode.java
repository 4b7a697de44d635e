package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.LioInvalidException;
import io.cephiscsi.lio.LioOp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A TPG LUN {@code lun/lun_<n>}: a directory plus a symlink to the storage object. Deleting it first deletes
 * every mapped LUN that points at it (the cascade lives here, not in callers), then unlinks and removes it.
 */
public final class LunNode extends CfsNode {
    /** what the kernel puts in a LUN directory; anything else is the storage object link */
    static final Set<String> DEFAULTS = Set.of("alua_tg_pt_gp", "alua_tg_pt_offline", "alua_tg_pt_status",
            "alua_tg_pt_write_md", "statistics");

    private final TpgNode tpg;
    private final int index;
    private String storagePath;

    LunNode(TpgNode tpg, int index) {
        super(tpg.fs, tpg.path() + "/lun/lun_" + index);
        if (index < 0 || index > 65535) {
            throw new LioInvalidException("LUN index " + index + " is outside 0–65535");
        }
        this.tpg = tpg;
        this.index = index;
    }

    public int index() {
        return index;
    }

    /** sets the storage object (path relative to the root) this LUN is to be created with */
    public LunNode storage(String storageObjectPath) {
        this.storagePath = storageObjectPath;
        return this;
    }

    @Override
    protected List<LioOp> createOps() {
        if (storagePath == null) {
            throw new LioInvalidException("LUN " + path + " needs a storage object to be created");
        }
        return List.of(LioOp.mkdir(path), LioOp.symlink(path + "/" + Paths.LUN_LINK, storagePath));
    }

    LioOp aluaMembershipOp(String group) {
        return writeOp("alua_tg_pt_gp", group);
    }

    @Override
    protected List<LioOp> deleteOps() {
        List<LioOp> ops = new ArrayList<>();
        for (String acl : fs.list(tpg.path() + "/acls")) {
            NodeAclNode a = new NodeAclNode(tpg, acl);
            for (String m : fs.list(a.path())) {
                if (NodeAclNode.isMappedLun(m)) {
                    MappedLunNode ml = new MappedLunNode(a, Integer.parseInt(m.substring(4)));
                    if (Integer.valueOf(index).equals(ml.liveTpgLun())) {
                        ops.addAll(ml.deleteOps());
                    }
                }
            }
        }
        ops.addAll(unlinkOps());
        return ops;
    }

    /** unlink and rmdir only (the caller removed the mapped LUNs) */
    List<LioOp> unlinkOps() {
        return unlinkOps(null);
    }

    List<LioOp> unlinkOps(String knownLink) {
        List<LioOp> ops = new ArrayList<>();
        if (knownLink != null) {
            ops.add(LioOp.unlink(path + "/" + knownLink));
        } else {
            for (String name : fs.list(path)) {
                if (!DEFAULTS.contains(name)) {
                    ops.add(LioOp.unlink(path + "/" + name));
                }
            }
        }
        ops.add(LioOp.rmdir(path));
        return ops;
    }
}
