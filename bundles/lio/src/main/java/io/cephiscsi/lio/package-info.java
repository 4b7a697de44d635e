/**
 * The LIO configfs engine: the desired kernel state as a value ({@link io.cephiscsi.lio.LioState}),
 * {@link io.cephiscsi.lio.LioEngine#read()} of the live state, {@link io.cephiscsi.lio.LioEngine#plan} of the
 * minimal ordered writes and {@link io.cephiscsi.lio.LioEngine#apply}. The configfs root is always injected
 * ({@link io.cephiscsi.lio.Configfs}), so everything runs on a plain folder in tests.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.cephiscsi.lio;
