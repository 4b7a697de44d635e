package io.cephiscsi.gateway;

import java.util.Locale;
import java.util.Optional;

/** The {@code action} of upstream's {@code PUT /api/targetauth/<iqn>}. */
public enum TargetAuthAction {
    /** Only set (or clear, with an empty username) the target's CHAP credentials. */
    NONE,
    /** Turn ACLs off: any initiator may log in ({@code generate_node_acls}); refused while the target has clients. */
    DISABLE_ACL,
    /** Turn ACLs back on; refused while target CHAP is set. */
    ENABLE_ACL;

    /** Upstream's spelling: {@code none}, {@code disable_acl}, {@code enable_acl}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TargetAuthAction> fromWire(String action) {
        for (TargetAuthAction value : values()) {
            if (value.wireName().equals(action)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
