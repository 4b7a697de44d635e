package io.cephiscsi.lio.internal;

import io.cephiscsi.lio.Configfs;
import io.cephiscsi.lio.LioOp;
import io.cephiscsi.lio.LioState.DiscoveryAuth;

import java.util.ArrayList;
import java.util.List;

/**
 * iSCSI discovery CHAP, {@code target/iscsi/discovery_auth}: created by the kernel with the fabric. Turning it
 * on writes the credentials before {@code enforce_discovery_auth=1}; turning it off writes enforce first.
 */
public final class DiscoveryAuthNode extends CfsNode {
    public DiscoveryAuthNode(Configfs fs) {
        super(fs, Paths.DISCOVERY_AUTH);
    }

    @Override
    protected List<LioOp> createOps() {
        return List.of();
    }

    @Override
    protected List<LioOp> deleteOps() {
        return List.of();
    }

    List<LioOp> configureOps(DiscoveryAuth spec, DiscoveryAuth live) {
        List<LioOp> ops = new ArrayList<>();
        boolean enforceDiffers = live == null || live.enforce() != spec.enforce();
        LioOp enforce = writeOp("enforce_discovery_auth", spec.enforce() ? "1" : "0");
        if (enforceDiffers && !spec.enforce()) {
            ops.add(enforce);
        }
        // discovery_auth's files sit directly in the directory, not under auth/
        for (LioOp op : chapOps(spec.chap(), live == null ? io.cephiscsi.lio.LioState.Chap.NONE : live.chap())) {
            ops.add(LioOp.write(op.path().replace("/auth/", "/"), op.value()));
        }
        if (enforceDiffers && spec.enforce()) {
            ops.add(enforce);
        }
        return ops;
    }
}
