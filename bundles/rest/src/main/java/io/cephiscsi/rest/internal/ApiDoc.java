package io.cephiscsi.rest.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What {@code GET /api} says about a route method: the first line is its description, the rest (parameters,
 * examples) follow as upstream lists a route's docstring.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ApiDoc {

    String[] value();
}
