/**
 * The appliance's model: its settings (the keys of upstream's {@code /etc/ceph/iscsi-gateway.cfg} plus the
 * appliance's own, their types, ranges and defaults, and the validated, immutable
 * {@link io.cephiscsi.model.GatewaySettings}), and the shared gateway.conf (schema 11 as an immutable
 * {@link io.cephiscsi.model.GatewayConfig}, migrations from every older version, item-level
 * {@link io.cephiscsi.model.ConfigChange}s and {@link io.cephiscsi.model.ConfigTransaction}s, and the validation
 * rules every face uses).
 */
@Version("0.5.0")
package io.cephiscsi.model;

import org.osgi.annotation.versioning.Version;
