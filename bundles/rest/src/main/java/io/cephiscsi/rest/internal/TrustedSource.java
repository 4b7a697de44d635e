package io.cephiscsi.rest.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import javax.ws.rs.NameBinding;

/**
 * Routes that only an allowed source address may call: localhost, the gateways and {@code trusted_ip_list}
 * (with {@link BasicAuth}, upstream's {@code requires_restricted_auth}).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TrustedSource {
}
