package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.config.internal.FileConfigStore;
import io.cephiscsi.gateway.ConfigDiff;
import io.cephiscsi.gateway.DiskRequest;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.rbd.internal.EmbeddedImageService;

/** {@code clearconfig} and {@code import}: whole-configuration changes, checked as a whole, one commit each. */
public class ConfigImportTest {

    private static final String GW = "gw1";
    private static final String TARGET = "iqn.2003-01.com.example:t1";
    private static final String CLIENT = "iqn.1994-05.com.example:c1";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final GatewaySettings settings = GatewaySettings.of(Map.of(), Map.of("backend", "embedded",
            "gateway_name", GW, "minimum_gateways", 1), p -> false);
    private EmbeddedImageService images;

    /** One gateway's operations over a store on {@code file}, sharing the image pool of the test. */
    private final class Gateway {
        final ConfigStore store;
        final TargetOperations targets;
        final DiskOperations disks;
        final ClientOperations clients;
        final ConfigImport whole;

        Gateway(Path file) {
            store = FileConfigStore.at(file, settings);
            ChangeCommitter committer = new ChangeCommitter(() -> store, () -> GW, (epoch, wait) -> false, () -> null,
                    Duration.ZERO);
            AdminContext context = new AdminContext(GatewayAdminReadTest.settings(settings), () -> GW,
                    new ConfigQueries(() -> store), () -> images, () -> null, new LocalHost() {
                        @Override
                        List<String> ipAddresses() {
                            return List.of("10.0.0.1");
                        }
                    }, committer);
            targets = new TargetOperations(context);
            disks = new DiskOperations(context);
            clients = new ClientOperations(context);
            whole = new ConfigImport(context);
        }
    }

    private Gateway source;
    private Gateway fresh;

    @Before
    public void setUp() throws Exception {
        images = EmbeddedImageService.at(folder.newFolder("images").toPath());
        source = new Gateway(folder.getRoot().toPath().resolve("source.conf"));
        fresh = new Gateway(folder.getRoot().toPath().resolve("fresh.conf"));
        source.targets.createTarget(TARGET, Map.of());
        source.targets.addGateway(TARGET, GW, List.of("10.0.0.1"), false);
        source.disks.createDisks(DiskRequest.of("rbd", "disk_1", "1G"));
        source.targets.addTargetLun(TARGET, "rbd/disk_1", Optional.empty());
        source.clients.createClient(TARGET, CLIENT);
        source.clients.setClientAuth(TARGET, CLIENT, "client1user", "client1secret", "", "");
        source.clients.addClientLun(TARGET, CLIENT, "rbd/disk_1");
    }

    @Test
    public void anExportedConfigurationShowsWhatItAddsAndImportsInOneCommit() {
        byte[] exported = source.store.current().toJson();
        long before = fresh.store.current().epoch();

        ConfigDiff diff = fresh.whole.preview(exported);

        assertEquals(before, diff.baseEpoch());
        assertEquals(List.of("+ disk rbd/disk_1", "+ gateway gw1", "+ target " + TARGET), diff.lines());
        assertEquals("a preview changes nothing", before, fresh.store.current().epoch());

        fresh.whole.apply(exported, diff.baseEpoch());

        GatewayConfig imported = fresh.store.current();
        assertEquals(before + 1, imported.epoch());
        assertEquals(source.store.current().targets(), imported.targets());
        assertEquals(source.store.current().disks(), imported.disks());
        assertEquals(List.of(), fresh.whole.preview(exported).lines());
    }

    @Test
    public void aChangeMadeAfterThePreviewIsNeverOverwritten() {
        byte[] exported = source.store.current().toJson();
        ConfigDiff diff = fresh.whole.preview(exported);
        fresh.targets.createTarget("iqn.2003-01.com.example:other", Map.of());
        long epoch = fresh.store.current().epoch();

        ConfigException refused = assertThrows(ConfigException.class,
                () -> fresh.whole.apply(exported, diff.baseEpoch()));

        assertEquals(409, refused.status());
        assertEquals("epoch", refused.field());
        assertEquals(epoch, fresh.store.current().epoch());
    }

    @Test
    public void aBrokenConfigurationIsRefusedNamingTheItemAndNothingChanges() {
        String good = new String(source.store.current().toJson(), StandardCharsets.UTF_8);
        long epoch = fresh.store.current().epoch();

        assertRefused("config", "{ not json", epoch);
        assertRefused("targets." + TARGET + ".clients." + CLIENT + ".luns",
                good.replace("\"rbd/disk_1\": {\n                            \"lun_id\"",
                        "\"rbd/nope\": {\n                            \"lun_id\""), epoch);
        // the first item naming the missing gateway is the disk it owns
        assertRefused("disks.rbd/disk_1", good.replace("\"gateways\": {\n        \"gw1\"",
                "\"gateways\": {\n        \"gw9\""), epoch);
        images.delete("rbd", "disk_1");
        assertRefused("disks.rbd/disk_1", good, epoch);
    }

    private void assertRefused(String field, String json, long epoch) {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> fresh.whole.preview(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(refused.getMessage(), field, refused.field());
        assertEquals(400, refused.status());
        assertEquals(epoch, fresh.store.current().epoch());
    }

    @Test
    public void clearconfigNeedsClientsAndDisksGoneFirstThenRemovesTargetsAndGateways() {
        ConfigException refused = assertThrows(ConfigException.class, () -> source.whole.clearConfig());
        assertTrue(refused.getMessage(), refused.getMessage().endsWith(
                "Clients(1) must be removed first before clearing the gateway configuration"));

        source.clients.deleteClient(TARGET, CLIENT);
        refused = assertThrows(ConfigException.class, () -> source.whole.clearConfig());
        assertEquals("Disks(1) must be removed first before clearing the gateway configuration",
                refused.getMessage());

        source.targets.removeTargetLun(TARGET, "rbd/disk_1");
        source.disks.deleteDisk("rbd", "disk_1", false);
        source.whole.clearConfig();

        assertEquals(Map.of(), source.store.current().targets());
        assertEquals(Map.of(), source.store.current().gateways());
    }
}
