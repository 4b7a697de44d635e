package io.cephiscsi.model.internal;

import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.GatewaySettingsService;
import io.cephiscsi.model.SettingKey;
import io.cephiscsi.model.SettingsException;
import io.cephiscsi.model.UpstreamSettingsFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
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
 *
 * <p>A generated API password is kept in a file of its own ({@value #GENERATED_API_PASSWORD}) and never stored in
 * the PID: an update of a PID that FileInstall mirrors in {@code etc/} makes it rewrite that file in place, and its
 * own watcher can read the half-written file and empty the whole configuration.
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
    /** The file in Karaf's {@code etc/} that holds a generated API password. */
    public static final String GENERATED_API_PASSWORD = "generated-api-password";

    private static final Logger LOG = LoggerFactory.getLogger(SettingsComponent.class);

    private final Predicate<Path> fileExists;
    /** Where a generated API password is kept; null outside Karaf, where none is generated. */
    private final Path generatedPasswordFile;

    private BundleContext context;
    private Map<String, Object> properties;
    private GatewaySettings published;
    private ServiceRegistration<GatewaySettings> registration;
    private List<SettingsException> problems = List.of();

    /** Used by DS. */
    public SettingsComponent() {
        this(Files::exists, generatedPasswordFileIn(System.getProperty("karaf.etc")));
    }

    /** Lets tests decide whether the Ceph conf exists. */
    public SettingsComponent(Predicate<Path> fileExists) {
        this(fileExists, null);
    }

    /** Lets tests also place the generated API password. */
    public SettingsComponent(Predicate<Path> fileExists, Path generatedPasswordFile) {
        this.fileExists = fileExists;
        this.generatedPasswordFile = generatedPasswordFile;
    }

    private static Path generatedPasswordFileIn(String etc) {
        return etc == null ? null : Paths.get(etc).resolve(GENERATED_API_PASSWORD);
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
        properties = null;
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

    @Override
    public synchronized void storeGeneratedApiPassword(String password) throws IOException {
        if (generatedPasswordFile == null) {
            throw new IOException("not in a Karaf container: no etc/ to keep a generated API password in");
        }
        if (password.isBlank() || password.contains("\n")) {
            throw new IllegalArgumentException("a generated API password is one non-blank line");
        }
        // owner only from its creation, and replaced whole: a reader never sees part of it
        Path temp = Files.createTempFile(generatedPasswordFile.getParent(), GENERATED_API_PASSWORD, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, password + "\n", StandardCharsets.UTF_8);
            Files.move(temp, generatedPasswordFile, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        if (context != null) {
            apply(properties);
        }
    }

    private void apply(Map<String, Object> properties) {
        this.properties = properties;
        Path file = upstreamFilePath(properties);
        List<SettingsException> errors = new ArrayList<>();
        Map<String, String> upstream = Map.of();
        try {
            upstream = withGeneratedPassword(UpstreamSettingsFile.read(file));
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

    /**
     * Upstream's file with the generated API password under it: the lowest precedence but the default's. A
     * password is one line; an unreadable file counts as none (a new one is then generated).
     */
    private Map<String, String> withGeneratedPassword(Map<String, String> upstream) {
        if (generatedPasswordFile == null || !Files.isRegularFile(generatedPasswordFile)) {
            return upstream;
        }
        String generated;
        try {
            generated = Files.readString(generatedPasswordFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            LOG.warn("Cannot read the generated API password in {}: {}", generatedPasswordFile, e.toString());
            return upstream;
        }
        String key = SettingKey.API_PASSWORD.key();
        if (generated.isEmpty() || upstream.entrySet().stream()
                .anyMatch(e -> e.getKey().equalsIgnoreCase(key) && !e.getValue().isBlank())) {
            return upstream;
        }
        Map<String, String> merged = new HashMap<>(upstream); // a blank one there counts as not set (ValueParser)
        merged.put(key, generated);
        return merged;
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
