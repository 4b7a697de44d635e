package io.cephiscsi.model;

import org.osgi.annotation.versioning.ProviderType;

import java.io.IOException;
import java.util.Optional;

/**
 * The gateway's settings as currently configured, valid or not. Components that need valid settings should
 * rather reference the {@link GatewaySettings} service, which exists only while the settings are valid; this
 * service is for surfaces that must explain why it is missing.
 */
@ProviderType
public interface GatewaySettingsService {

    /**
     * The effective settings.
     *
     * @throws SettingsException when the current settings are invalid; its message lists every problem, one per
     *                           line
     */
    GatewaySettings current() throws SettingsException;

    /** Why the current settings are invalid (one problem per line); empty when they are valid. */
    Optional<String> problem();

    /**
     * Keeps a generated API password, readable by the owner only, outside the settings an admin edits: it is the
     * {@code api_password} only while neither the PID nor upstream's file sets one, and it is in effect when this
     * returns.
     *
     * @throws IOException when it cannot be stored; the settings are then unchanged
     */
    void storeGeneratedApiPassword(String password) throws IOException;
}
