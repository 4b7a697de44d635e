package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.LioState;
import io.cephiscsi.lio.LioOp;

import java.util.List;

/**
 * A network portal {@code np/<ip>:<port>}; IPv6 in brackets as the kernel names it, port 3260 when omitted.
 * Creating it binds the listening socket, so the planner creates portals after everything else.
 */
public final class NetworkPortalNode extends CfsNode {
    NetworkPortalNode(TpgNode tpg, String portal) {
        super(tpg.fs, tpg.path() + "/np/" + LioState.normalizePortal(portal));
    }

    @Override
    protected List<LioOp> createOps() {
        return List.of(LioOp.mkdir(path));
    }
}
