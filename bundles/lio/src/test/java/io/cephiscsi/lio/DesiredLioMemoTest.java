package io.cephiscsi.lio;

import static io.cephiscsi.lio.DesiredLioTest.BACKUP;
import static io.cephiscsi.lio.DesiredLioTest.IGW;
import static io.cephiscsi.lio.DesiredLioTest.NODE1;
import static io.cephiscsi.lio.DesiredLioTest.NODE2;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.time.Instant;
import java.util.Map;

import org.junit.Test;

import io.cephiscsi.model.AluaFailoverType;
import io.cephiscsi.model.ChapCredentials;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;

/**
 * A gateway derives each epoch's LIO with a {@link DesiredLio.Memo}: only the targets whose config, disks or image
 * sizes changed are derived again. Whatever the change, the result must be the state a derivation from scratch
 * gives; the targets the change did not touch come back as the very same instances (what lets the planner skip
 * them).
 */
public class DesiredLioMemoTest {

    private final DesiredLio.Memo memo = new DesiredLio.Memo();
    private final DesiredLio.Options options = DesiredLioTest.options(AluaFailoverType.IMPLICIT);

    private LioState derive(GatewayConfig config, String gateway, DesiredLio.Options with) {
        LioState remembered = DesiredLio.of(config, gateway, with, memo);
        assertEquals("the memo changes nothing in the result", DesiredLio.of(config, gateway, with), remembered);
        return remembered;
    }

    private static GatewayConfig change(GatewayConfig config, ConfigChange change) {
        return ConfigTransaction.of(change).applyTo(config, Instant.parse("2026-11-24T05:00:00Z"));
    }

    @Test
    public void onlyTheChangedTargetIsDerivedAgain() throws Exception {
        GatewayConfig config = DesiredLioTest.config();
        LioState first = derive(config, NODE1, options);

        GatewayConfig newHost = change(config, ConfigChange.putClient(IGW, "iqn.1994-05.com.example:new-host",
                new ClientConfig(ChapCredentials.NONE, Map.of(), "")));
        LioState second = derive(newHost, NODE1, options);
        assertSame("a host added to the igw target leaves the other target as it was",
                first.target(BACKUP), second.target(BACKUP));
        assertNotSame(first.target(IGW), second.target(IGW));
        assertEquals(first.storageObjects().size(), second.storageObjects().size());

        // the owner of disk_3 (the backup target's LUN) moves to node1: its ALUA groups change
        GatewayConfig moved = change(newHost, ConfigChange.putDisk(newHost.disks().get("rbd/disk_3")
                .withOwner(NODE1)));
        LioState third = derive(moved, NODE1, options);
        assertNotSame(second.target(BACKUP), third.target(BACKUP));
        assertSame(second.target(IGW), third.target(IGW));

        // an image size learnt meanwhile is a new input of the target that maps the disk
        DesiredLio.Options sized = new DesiredLio.Options(options.settings(),
                d -> d.image().equals("disk_3") ? 20L << 30 : 10L << 30, null);
        LioState fourth = derive(moved, NODE1, sized);
        assertSame(third.target(IGW), fourth.target(IGW));
        assertNotSame(storageObject(third, "rbd.disk_3"), storageObject(fourth, "rbd.disk_3"));
        assertSame(storageObject(third, "rbd.disk_1"), storageObject(fourth, "rbd.disk_1"));
    }

    private static LioState.StorageObject storageObject(LioState state, String name) {
        return state.storageObjects().stream().filter(so -> so.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    public void removedTargetsGatewayNameAndSettingsAreNotServedFromTheMemo() throws Exception {
        GatewayConfig config = DesiredLioTest.config();
        derive(config, NODE1, options);

        GatewayConfig withoutHosts = change(change(config, ConfigChange.removeClient(BACKUP,
                "iqn.1998-01.com.vmware:esx1-4f1c2a3b")), ConfigChange.removeTargetDisk(BACKUP, "rbd/disk_3"));
        GatewayConfig withoutBackup = change(withoutHosts, ConfigChange.removeTarget(BACKUP));
        LioState gone = derive(withoutBackup, NODE1, options);
        assertNull(gone.target(BACKUP));

        LioState back = derive(config, NODE1, options); // the target comes back: derived afresh
        assertEquals(DesiredLio.of(config, NODE1, options), back);

        // the same memo asked for another gateway's LIO, or with other settings, starts afresh
        LioState node2 = derive(config, NODE2, options);
        assertEquals(DesiredLio.of(config, NODE2, options), node2);
        GatewaySettings explicit = GatewaySettings.of(Map.of(), Map.of("alua_failover_type",
                AluaFailoverType.EXPLICIT.value()), p -> false);
        derive(config, NODE2, new DesiredLio.Options(explicit, d -> 10L << 30, null));
    }
}
