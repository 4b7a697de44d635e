package io.cephiscsi.model.internal;

import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.GatewaySettingsService;
import io.cephiscsi.model.SettingKey;
import io.cephiscsi.model.SettingsException;
import io.cephiscsi.model.UpstreamSettingsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the gateway's settings current: reads upstream's file and the {@code io.cephiscsi.gateway} PID, and while
 * they are valid publishes the {@link GatewaySettings} as a service with the property {@code backend}, so that
 * backend-specific components can select it with {@code (backend=ceph)} or {@code (backend=embedded)}.
 *
 * <p>The settings service is registered by hand rather than by DS because it must disappear while the settings
 * are invalid, and be replaced (not modified) when they change: dependants then rebind to the new value.
 */
// Declares the hand-registered service too, so that resolvers see who provides GatewaySettings.
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=io.cephiscsi.model.GatewaySettings", uses = GatewaySettings.class)
@Component(configurationPid = SettingsComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = GatewaySettingsService.class)
public class SettingsComponent implements GatewaySettingsService {

    public static final String PID = "io.cephiscsi.gateway";
    /** The service property that names the backend of the published settings. */
    public static final String BACKEND_PROPERTY = "backend";

    private static final Logger LOG = LoggerFactory.getLogger(SettingsComponent.class);

    private final Predicate<Path> fileExists;

    private BundleContext context;
    private GatewaySettings published;
    private ServiceRegistration<GatewaySettings> registration;
    private List<SettingsException> problems = List.of();

    /** Used by DS. */
    public SettingsComponent() {
        this(Files::exists);
    }

    /** Lets tests decide whether the Ceph conf exists. */
    public SettingsComponent(Predicate<Path> fileExists) {
        this.fileExists = fileExists;
    }

    @Activate
    public synchronized void activate(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        apply(properties);
    }

    @Modified
    public synchronized void modified(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        apply(properties);
    }

    @Deactivate
    public synchronized void deactivate() {
        withdraw();
        published = null;
        problems = List.of();
        context = null;
    }

    @Override
    public synchronized GatewaySettings current() {
        if (!problems.isEmpty()) {
            throw SettingsException.combined(problems);
        }
        if (published == null) {
            throw new IllegalStateException("the gateway settings component is not active");
        }
        return published;
    }

    @Override
    public synchronized Optional<String> problem() {
        return problems.isEmpty() ? Optional.empty() : Optional.of(SettingsException.combined(problems).getMessage());
    }

    private void apply(Map<String, Object> properties) {
        Path file = upstreamFilePath(properties);
        List<SettingsException> errors = new ArrayList<>();
        Map<String, String> upstream = Map.of();
        try {
            upstream = UpstreamSettingsFile.read(file);
        } catch (IOException e) {
            SettingsException unreadable = ValueParser.invalid(SettingKey.ISCSI_GATEWAY_CFG, file.toString(),
                    "a readable settings file (" + e.getMessage() + ")");
            unreadable.initCause(e);
            errors.add(unreadable);
        }
        errors.addAll(GatewaySettings.validate(upstream, properties, fileExists));
        if (errors.isEmpty()) {
            publish(GatewaySettings.of(upstream, properties, fileExists), file);
        } else {
            reject(errors, file);
        }
    }

    /** The PID may move upstream's file; a bad path is reported by validation, so fall back quietly here. */
    private static Path upstreamFilePath(Map<String, Object> properties) {
        Object raw = properties == null ? null : properties.get(SettingKey.ISCSI_GATEWAY_CFG.key());
        if (raw == null || ValueParser.isUnset(SettingKey.ISCSI_GATEWAY_CFG, raw)) {
            return UpstreamSettingsFile.DEFAULT_PATH;
        }
        try {
            return (Path) SettingKey.ISCSI_GATEWAY_CFG.parse(raw);
        } catch (SettingsException e) {
            return UpstreamSettingsFile.DEFAULT_PATH;
        }
    }

    private void publish(GatewaySettings settings, Path file) {
        problems = List.of();
        warnIgnored(settings, file);
        if (settings.equals(published) && registration != null) {
            return; // nothing effective changed: dependants keep their binding
        }
        withdraw();
        Dictionary<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put(BACKEND_PROPERTY, settings.backend().value());
        registration = context.registerService(GatewaySettings.class, settings, serviceProperties);
        published = settings;
        LOG.info("Gateway settings in effect: {}", settings);
    }

    private void reject(List<SettingsException> errors, Path file) {
        withdraw();
        published = null;
        problems = List.copyOf(errors);
        LOG.error("Gateway settings are invalid; the gateway stays stopped until {} or the {} configuration is fixed",
                file, PID);
        for (SettingsException error : errors) {
            LOG.error("Invalid setting {}: {}", error.key(), error.getMessage());
        }
    }

    private static void warnIgnored(GatewaySettings settings, Path file) {
        for (String key : settings.ignoredKeys()) {
            if (SettingKey.byKey(key).isPresent()) {
                LOG.warn("{}: '{}' is an appliance setting and is read only from the {} configuration; ignored",
                        file, key, PID);
            } else {
                LOG.warn("{}: '{}' is not a ceph-iscsi setting; ignored", file, key);
            }
        }
    }

    private void withdraw() {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework already removed it, e.g. while our bundle stops
        }
        registration = null;
    }
}
