/**
 * The gateway service: the one place the faces (REST, shell) call for every operation.
 */
@org.osgi.annotation.versioning.Version("0.5.0")
package io.cephiscsi.gateway;
