/**
 * The shared gateway configuration ({@code gateway.conf}): read, changed by transactions under a lock, and
 * watched for changes made by any gateway.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.cephiscsi.config;
