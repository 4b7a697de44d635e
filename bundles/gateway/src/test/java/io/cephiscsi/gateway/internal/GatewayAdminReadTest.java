package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.model.GatewaySettingsService;

/** The read operations against the v11 fixture shared with the model's tests. */
public class GatewayAdminReadTest {

    private static final String IGW = "iqn.2003-01.com.redhat.iscsi-gw:iscsi-igw";

    private final InMemoryConfigStore store = InMemoryConfigStore.fromResource("/gateway-conf/v11.json");
    private final GatewayAdminImpl gateway = new GatewayAdminImpl(settings(GatewaySettings.defaults(p -> false)),
            new LocalHost(), store);

    static GatewaySettingsService settings(GatewaySettings settings) {
        return new GatewaySettingsService() {
            @Override
            public GatewaySettings current() {
                return settings;
            }

            @Override
            public Optional<String> problem() {
                return Optional.empty();
            }

            @Override
            public void storeGeneratedApiPassword(String password) {
                throw new UnsupportedOperationException("settings fixed by the test");
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fixture() throws Exception {
        try (InputStream in = GatewayAdminReadTest.class.getResourceAsStream("/gateway-conf/v11.json")) {
            return new ObjectMapper().readValue(in, Map.class);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> tree, String... names) {
        for (String name : names) {
            tree = (Map<String, Object>) tree.get(name);
        }
        return tree;
    }

    @Test
    public void configIsTheStoredDocument() {
        assertArrayEquals(store.current().toJson(), gateway.config().toJson());
    }

    @Test
    public void targetsAreListedSorted() {
        assertEquals(List.of("iqn.2003-01.com.example.iscsi-gw:backup", IGW), gateway.targets());
    }

    @Test
    public void portalsAreTheStoredSubtree() throws Exception {
        assertEquals(at(fixture(), "targets", IGW, "portals"), gateway.portals(IGW));
        // rtslib normalises the IQN in the path: upper case finds the same target
        assertEquals(gateway.portals(IGW), gateway.portals(IGW.toUpperCase()));
    }

    @Test
    public void clientsAndGroups() throws Exception {
        assertEquals(List.copyOf(at(fixture(), "targets", IGW, "clients").keySet()), gateway.clients(IGW));
        assertEquals(List.of("mygroup"), gateway.groups(IGW));
        assertEquals(at(fixture(), "targets", IGW, "groups", "mygroup"), gateway.group(IGW, "mygroup"));
    }

    @Test
    public void missingItemsAre404WithUpstreamsTexts() {
        GatewayException target = assertThrows(GatewayException.class, () -> gateway.clients("iqn.2003-01.com.x:none"));
        assertEquals(404, target.status());
        assertEquals("Target iqn.2003-01.com.x:none does not exist", target.getMessage());
        assertEquals(404, assertThrows(GatewayException.class, () -> gateway.portals("iqn.2003-01.com.x:none")).status());
        GatewayException group = assertThrows(GatewayException.class, () -> gateway.group(IGW, "nogroup"));
        assertEquals("Group name does not exist", group.getMessage());
        GatewayException disk = assertThrows(GatewayException.class, () -> gateway.disk("rbd", "nodisk"));
        assertEquals(404, disk.status());
        assertEquals("rbd image rbd/nodisk not found", disk.getMessage());
    }

    @Test
    public void aMalformedIqnIs400NamingIt() {
        ConfigException error = assertThrows(ConfigException.class, () -> gateway.groups("not-an-iqn"));
        assertEquals(400, error.status());
        assertEquals("target_iqn", error.field());
    }

    @Test
    public void disksListAndEntries() throws Exception {
        assertEquals(List.of("iscsi-pool/db_vol", "rbd/disk_1", "rbd/disk_2"), gateway.diskIds());
        assertEquals(at(fixture(), "disks"), gateway.disks());
        Map<String, Object> disk = gateway.disk("rbd", "disk_1");
        assertEquals(Map.of("state", "Unknown"), disk.get("status"));
        disk.remove("status");
        assertEquals(at(fixture(), "disks", "rbd/disk_1"), disk);
        assertEquals("stored disks stay without a status", null, gateway.disks().get("rbd/disk_1") instanceof Map<?, ?> m
                ? m.get("status") : "missing");
    }

    @Test
    public void anUnreadableConfigIs503() {
        store.breakWith("RADOS is unreachable");
        GatewayException error = assertThrows(GatewayException.class, gateway::targets);
        assertEquals(503, error.status());
        assertEquals("RADOS is unreachable", error.getMessage());
    }

    @Test
    public void noStoreIs503AndTheServiceStaysUp() {
        GatewayAdminImpl withoutStore = new GatewayAdminImpl(settings(GatewaySettings.defaults(p -> false)),
                new LocalHost(), null);
        assertEquals(503, assertThrows(GatewayException.class, withoutStore::diskIds).status());
        assertEquals(2, withoutStore.settings().apiVersion()); // what needs no config still answers
    }

    @Test
    public void versionChecksFollowUpstreamsTable() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("os-release");
        Path file = dir.resolve("os-release");
        java.nio.file.Files.writeString(file, "ID=debian\nVERSION_ID=\"12\"\n");
        assertEquals(List.of(), OsRelease.problems(file));
        java.nio.file.Files.writeString(file, "ID=\"centos\"\nVERSION_ID=\"7.3.1611\"\n");
        assertEquals(List.of("OS version is unsupported"), OsRelease.problems(file));
        java.nio.file.Files.writeString(file, "ID=alpine\nVERSION_ID=3.19\n");
        assertEquals(List.of("OS is unsupported"), OsRelease.problems(file));
        assertEquals(List.of("OS is unsupported"), OsRelease.problems(dir.resolve("absent")));
    }
}
