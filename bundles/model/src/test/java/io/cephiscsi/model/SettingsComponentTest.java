package io.cephiscsi.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.cephiscsi.model.internal.SettingsComponent;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The DS component, driven by hand with a fake BundleContext that records registrations. */
public class SettingsComponentTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    /** One registerService call and whether it was later unregistered. */
    private static final class Registration {
        final Object service;
        final Dictionary<String, ?> properties;
        boolean unregistered;

        Registration(Object service, Dictionary<String, ?> properties) {
            this.service = service;
            this.properties = properties;
        }
    }

    private final List<Registration> registrations = new ArrayList<>();

    private final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                if (!method.getName().equals("registerService") || !(args[0] instanceof Class<?>)) {
                    throw new UnsupportedOperationException(method.toString());
                }
                assertEquals(GatewaySettings.class, args[0]);
                @SuppressWarnings("unchecked")
                Registration r = new Registration(args[1], (Dictionary<String, ?>) args[2]);
                registrations.add(r);
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                        (p, m, a) -> {
                            if (!m.getName().equals("unregister")) {
                                throw new UnsupportedOperationException(m.toString());
                            }
                            if (r.unregistered) {
                                throw new IllegalStateException("already unregistered");
                            }
                            r.unregistered = true;
                            return null;
                        });
            });

    private Map<String, Object> pid(String upstreamText, Object... keyValues) throws IOException {
        Path file = temp.getRoot().toPath().resolve("iscsi-gateway.cfg");
        if (upstreamText != null) {
            Files.writeString(file, upstreamText);
        }
        Map<String, Object> pid = new HashMap<>();
        pid.put("service.pid", SettingsComponent.PID);
        pid.put("component.name", SettingsComponent.class.getName());
        pid.put("iscsi_gateway_cfg", file.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            pid.put((String) keyValues[i], keyValues[i + 1]);
        }
        return pid;
    }

    private List<Registration> live() {
        return registrations.stream().filter(r -> !r.unregistered).toList();
    }

    @Test
    public void validSettingsArePublishedWithTheBackendProperty() throws IOException {
        SettingsComponent component = new SettingsComponent(p -> true);
        component.activate(context, pid("[config]\napi_port = 5001\n"));

        assertEquals(1, live().size());
        GatewaySettings published = (GatewaySettings) live().get(0).service;
        assertEquals(5001, published.apiPort());
        assertEquals("ceph", live().get(0).properties.get("backend"));
        assertSame(published, component.current());
        assertFalse(component.problem().isPresent());
    }

    @Test
    public void missingUpstreamFileMeansDefaults() throws IOException {
        SettingsComponent component = new SettingsComponent(p -> false);
        component.activate(context, pid(null));
        assertEquals(5000, component.current().apiPort());
        assertEquals("embedded", live().get(0).properties.get("backend"));
    }

    @Test
    public void unchangedSettingsAreNotRegisteredAgain() throws IOException {
        SettingsComponent component = new SettingsComponent(p -> false);
        component.activate(context, pid("[config]\napi_port = 5001\n"));
        component.modified(context, pid("[config]\napi_port = 5001\n# only a comment changed\n"));
        assertEquals(1, registrations.size());
    }

    @Test
    public void changedSettingsReplaceTheRegistration() throws IOException {
        SettingsComponent component = new SettingsComponent(p -> false);
        component.activate(context, pid(null));
        GatewaySettings before = component.current();
        component.modified(context, pid(null, "backend", "ceph"));

        assertEquals(2, registrations.size());
        assertTrue(registrations.get(0).unregistered);
        assertEquals("ceph", live().get(0).properties.get("backend"));
        assertNotSame(before, component.current());
    }

    @Test
    public void invalidSettingsWithdrawTheServiceAndExplainWhy() throws IOException {
        SettingsComponent component = new SettingsComponent(p -> false);
        component.activate(context, pid(null));
        component.modified(context, pid("[config]\napi_port = 70000\n", "api_prot", "5001"));

        assertEquals(List.of(), live());
        String problem = component.problem().orElseThrow();
        assertEquals("api_port = '70000' is invalid: expected an integer from 1 to 65535\n"
                + "api_prot is not a known setting", problem);
        SettingsException thrown = assertThrows(SettingsException.class, component::current);
        assertEquals(problem, thrown.getMessage());
        assertEquals(2, thrown.problems().size());
    }

    @Test
    public void fixingTheSettingsPublishesThemAgain() throws IOException {
        SettingsComponent component = new SettingsComponent(p -> false);
        component.activate(context, pid(null, "api_port", "0"));
        assertEquals(List.of(), live());

        component.modified(context, pid(null, "api_port", 5001));
        assertEquals(1, live().size());
        assertEquals(5001, component.current().apiPort());
        assertFalse(component.problem().isPresent());
    }

    @Test
    public void unreadableUpstreamFileIsAProblem() throws IOException {
        SettingsComponent component = new SettingsComponent(p -> false);
        Map<String, Object> pid = pid(null);
        pid.put("iscsi_gateway_cfg", temp.getRoot().toString()); // a directory
        component.activate(context, pid);

        assertEquals(List.of(), live());
        SettingsException thrown = assertThrows(SettingsException.class, component::current);
        assertEquals("iscsi_gateway_cfg", thrown.key());
        assertEquals(temp.getRoot().toString(), thrown.value());
    }

    @Test
    public void deactivateUnregisters() throws IOException {
        SettingsComponent component = new SettingsComponent(p -> false);
        component.activate(context, pid(null));
        component.deactivate();
        assertEquals(List.of(), live());
        assertThrows(IllegalStateException.class, component::current);
    }

    @Test
    public void aGeneratedApiPasswordIsInEffectWhenStoredAndAfterARestart() throws IOException {
        Path generated = temp.getRoot().toPath().resolve(SettingsComponent.GENERATED_API_PASSWORD);
        Map<String, Object> pid = pid(null, "api_port", 5001);
        SettingsComponent component = new SettingsComponent(p -> false, generated);
        component.activate(context, pid);
        assertEquals(Optional.empty(), component.current().apiPassword());

        component.storeGeneratedApiPassword("Generated2345");
        assertEquals(Optional.of("Generated2345"), component.current().apiPassword());
        assertEquals("dependants rebind to the settings with the password", 1, live().size());
        assertEquals(Optional.of("Generated2345"), ((GatewaySettings) live().get(0).service).apiPassword());
        assertEquals(5001, component.current().apiPort());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(generated)));
        assertEquals("no temporary file left", List.of(generated.getFileName().toString()),
                Files.list(temp.getRoot().toPath()).map(p -> p.getFileName().toString()).sorted().toList());
        assertTrue("the PID given is not touched", !pid.containsKey("api_password"));

        component.deactivate();
        SettingsComponent restarted = new SettingsComponent(p -> false, generated);
        restarted.activate(context, pid);
        assertEquals(Optional.of("Generated2345"), restarted.current().apiPassword());
    }

    @Test
    public void aPasswordSetByTheAdminWinsOverTheGeneratedOne() throws IOException {
        Path generated = temp.getRoot().toPath().resolve(SettingsComponent.GENERATED_API_PASSWORD);
        Files.writeString(generated, "Generated2345\n");
        SettingsComponent component = new SettingsComponent(p -> false, generated);

        component.activate(context, pid("[config]\napi_password = FromUpstreamFile\n"));
        assertEquals(Optional.of("FromUpstreamFile"), component.current().apiPassword());
        component.modified(context, pid("[config]\napi_password = FromUpstreamFile\n", "api_password", "FromPid"));
        assertEquals(Optional.of("FromPid"), component.current().apiPassword());
        // blank means none set, wherever it is: the generated one applies again
        component.modified(context, pid("[config]\napi_password =\n", "api_password", " "));
        assertEquals(Optional.of("Generated2345"), component.current().apiPassword());
    }

    @Test
    public void noGeneratedPasswordOutsideKaraf() throws IOException {
        SettingsComponent component = new SettingsComponent(p -> false);
        component.activate(context, pid(null));
        IOException e = assertThrows(IOException.class, () -> component.storeGeneratedApiPassword("x"));
        assertTrue(e.getMessage(), e.getMessage().contains("not in a Karaf container"));
        assertEquals(Optional.empty(), component.current().apiPassword());
    }
}
