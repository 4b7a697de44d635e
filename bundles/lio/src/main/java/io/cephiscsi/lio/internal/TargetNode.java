package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.Configfs;
import io.cephiscsi.lio.LioOp;
import io.cephiscsi.lio.LioState;

import java.util.ArrayList;
import java.util.List;

/** An iSCSI target {@code target/iscsi/<iqn>}; deleting it deletes its TPGs first. */
public final class TargetNode extends CfsNode {
    private final String iqn;

    public TargetNode(Configfs fs, String iqn) {
        super(fs, Paths.ISCSI + "/" + LioState.normalizeIqn(iqn));
        this.iqn = LioState.normalizeIqn(iqn);
    }

    public String iqn() {
        return iqn;
    }

    public TpgNode tpg(int tag) {
        return new TpgNode(this, tag);
    }

    @Override
    protected List<LioOp> createOps() {
        List<LioOp> ops = new ArrayList<>();
        if (!fs.exists(Paths.ISCSI)) {
            ops.add(LioOp.mkdir(Paths.ISCSI)); // the iSCSI fabric appears on the first mkdir
        }
        ops.add(LioOp.mkdir(path));
        return ops;
    }

    @Override
    protected List<LioOp> deleteOps() {
        List<LioOp> ops = new ArrayList<>();
        for (String name : fs.list(path)) {
            if (name.startsWith("tpgt_")) {
                ops.addAll(tpg(Integer.parseInt(name.substring(5))).deleteOps());
            }
        }
        ops.add(LioOp.rmdir(path));
        return ops;
    }
}
