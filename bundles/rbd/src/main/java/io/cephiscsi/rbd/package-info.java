/**
 * RBD images (create, attach, resize, delete, snapshots, info) and the cluster facts gwcli shows, on a real Ceph
 * cluster or on the embedded default's sparse files.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.cephiscsi.rbd;
