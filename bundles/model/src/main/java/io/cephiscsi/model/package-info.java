/**
 * The appliance's settings: the keys of upstream's {@code /etc/ceph/iscsi-gateway.cfg} plus the appliance's own,
 * their types, ranges and defaults, and the validated, immutable {@link io.cephiscsi.model.GatewaySettings}.
 */
@Version("0.1.0")
package io.cephiscsi.model;

import org.osgi.annotation.versioning.Version;
