/**
 * The appliance's connection to its Ceph cluster: health and JSON mon commands over one shared RADOS handle.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.cephiscsi.ceph;
