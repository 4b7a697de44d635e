package io.cephiscsi.shell.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.internal.FixtureGateway;

/**
 * For the dispatch tests only: reads answer from the real gateway service on the v11 fixture, changes (every
 * method returning a {@link ChangeResult}) are recorded as {@code name(arg, ...)} and answer "committed".
 */
final class RecordingGateway {

    final List<String> calls = new ArrayList<>();
    final GatewayAdmin gateway;
    RuntimeException failWith;

    RecordingGateway() {
        GatewayAdmin real = FixtureGateway.v11();
        gateway = (GatewayAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {GatewayAdmin.class}, (proxy, method, args) -> {
                    if (method.getReturnType() == ChangeResult.class) {
                        calls.add(method.getName() + Arrays.deepToString(args == null ? new Object[0] : args).replaceFirst("^\\[", "(")
                                .replaceFirst("]$", ")"));
                        if (failWith != null) {
                            throw failWith;
                        }
                        return new ChangeResult("done", 2, List.of());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
