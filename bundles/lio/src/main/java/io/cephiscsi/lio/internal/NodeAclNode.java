package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.LioOp;
import io.cephiscsi.lio.LioState;

import java.util.ArrayList;
import java.util.List;

/**
 * A node ACL {@code acls/<initiator>}: attributes from the client controls, {@code cmdsn_depth} (upstream's
 * tcq_depth), CHAP and mutual CHAP. Deleting it removes its mapped LUNs first.
 */
public final class NodeAclNode extends CfsNode {
    private final TpgNode tpg;

    NodeAclNode(TpgNode tpg, String initiator) {
        super(tpg.fs, tpg.path() + "/acls/" + LioState.normalizeIqn(initiator));
        this.tpg = tpg;
    }

    public TpgNode tpg() {
        return tpg;
    }

    public MappedLunNode mappedLun(int index) {
        return new MappedLunNode(this, index);
    }

    static boolean isMappedLun(String name) {
        return name.startsWith("lun_") && name.length() > 4 && name.substring(4).chars().allMatch(Character::isDigit);
    }

    @Override
    protected List<LioOp> createOps() {
        return List.of(LioOp.mkdir(path));
    }

    List<LioOp> configureOps(LioState.NodeAcl spec, LioState.NodeAcl live) {
        List<LioOp> ops = new ArrayList<>(attributeOps("attrib/", spec.attributes(),
                live == null ? null : live.attributes()));
        if (spec.cmdsnDepth() > 0 && (live == null || live.cmdsnDepth() != spec.cmdsnDepth())) {
            ops.add(writeOp("cmdsn_depth", Integer.toString(spec.cmdsnDepth())));
        }
        ops.addAll(chapOps(spec.chap(), live == null ? null : live.chap()));
        return ops;
    }

    @Override
    protected List<LioOp> deleteOps() {
        List<LioOp> ops = new ArrayList<>();
        for (String m : fs.list(path)) {
            if (isMappedLun(m)) {
                ops.addAll(mappedLun(Integer.parseInt(m.substring(4))).deleteOps());
            }
        }
        ops.add(LioOp.rmdir(path));
        return ops;
    }
}
