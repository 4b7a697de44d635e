package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.LioOp;
import io.cephiscsi.lio.LioState;

import java.util.ArrayList;
import java.util.List;

/**
 * A target portal group {@code tpgt_<tag>}. Configured as upstream: parameters (target controls), CHAP, then
 * attributes ({@code authentication=1} after the credentials); {@code enable} is written by the planner last,
 * after LUNs, ACLs and portals. Deleting it disables it first, then removes portals, ACLs and LUNs.
 */
public final class TpgNode extends CfsNode {
    private final TargetNode target;
    private final int tag;

    TpgNode(TargetNode target, int tag) {
        super(target.fs, target.path() + "/tpgt_" + tag);
        if (tag < 1 || tag > 65535) {
            throw new io.cephiscsi.lio.LioInvalidException("TPG tag " + tag + " is outside 1–65535");
        }
        this.target = target;
        this.tag = tag;
    }

    public int tag() {
        return tag;
    }

    public TargetNode target() {
        return target;
    }

    public LunNode lun(int index) {
        return new LunNode(this, index);
    }

    public NodeAclNode acl(String initiator) {
        return new NodeAclNode(this, initiator);
    }

    public NetworkPortalNode portal(String portal) {
        return new NetworkPortalNode(this, portal);
    }

    @Override
    protected List<LioOp> createOps() {
        return List.of(LioOp.mkdir(path));
    }

    List<LioOp> configureOps(LioState.Tpg spec, LioState.Tpg live) {
        List<LioOp> ops = new ArrayList<>();
        ops.addAll(attributeOps("param/", spec.params(), live == null ? null : live.params()));
        ops.addAll(chapOps(spec.chap(), live == null ? null : live.chap()));
        ops.addAll(attributeOps("attrib/", spec.attributes(), live == null ? null : live.attributes()));
        return ops;
    }

    LioOp enableOp(boolean on) {
        return writeOp("enable", on ? "1" : "0");
    }

    @Override
    protected List<LioOp> deleteOps() {
        List<LioOp> ops = new ArrayList<>();
        if ("1".equals(get("enable"))) {
            ops.add(enableOp(false));
        }
        for (String np : fs.list(path + "/np")) {
            ops.add(LioOp.rmdir(path + "/np/" + np));
        }
        for (String acl : fs.list(path + "/acls")) {
            ops.addAll(new NodeAclNode(this, acl).deleteOps());
        }
        for (String lun : fs.list(path + "/lun")) {
            ops.addAll(new LunNode(this, Integer.parseInt(lun.substring(4))).unlinkOps());
        }
        ops.add(LioOp.rmdir(path));
        return ops;
    }
}
