package io.cephiscsi.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cephiscsi.gateway.ClientInfo;
import io.cephiscsi.gateway.TargetAuthAction;
import io.cephiscsi.model.ConfigException;

public class RequestParamsTest {

    private static ConfigException refused(Runnable parse) {
        try {
            parse.run();
        } catch (ConfigException e) {
            return e;
        }
        fail("expected a ConfigException");
        return null;
    }

    private static void assertRefused(int status, String field, String message, Runnable parse) {
        ConfigException e = refused(parse);
        assertEquals(message, e.getMessage());
        assertEquals(field, e.field());
        assertEquals(status, e.status());
    }

    @Test
    public void targetModeIsAbsentOrReconfigure() {
        assertFalse(RequestParams.reconfigureTarget("iqn.2003-01.com.example:t", null));
        assertTrue(RequestParams.reconfigureTarget("iqn.2003-01.com.example:t", "reconfigure"));
        assertRefused(400, "mode", "Unexpected mode provided for iqn.2003-01.com.example:t - create",
                () -> RequestParams.reconfigureTarget("iqn.2003-01.com.example:t", "create"));
    }

    @Test
    public void diskModeCountAndCreateImage() {
        assertEquals(RequestParams.DiskMode.CREATE, RequestParams.DiskMode.of("create"));
        assertEquals(RequestParams.DiskMode.RESIZE, RequestParams.DiskMode.of("resize"));
        assertEquals(RequestParams.DiskMode.RECONFIGURE, RequestParams.DiskMode.of("reconfigure"));
        assertRefused(400, "mode", "disk operation mode 'grow' is invalid", () -> RequestParams.DiskMode.of("grow"));
        assertRefused(400, "mode", "disk operation mode 'None' is invalid", () -> RequestParams.DiskMode.of(null));
        assertEquals(1, RequestParams.count(null));
        assertEquals(5, RequestParams.count("5"));
        assertRefused(400, "count", "invalid count specified, must be an integer (1-10)",
                () -> RequestParams.count("two"));
        assertRefused(400, "count", "invalid count specified, must be an integer (1-10)",
                () -> RequestParams.count("-1"));
        assertTrue(RequestParams.createImage(null));
        assertTrue(RequestParams.createImage("true"));
        assertFalse(RequestParams.createImage("false"));
        assertRefused(400, "create_image", "Invalid 'create_image' value yes", () -> RequestParams.createImage("yes"));
        assertRefused(400, "create_image", "Invalid 'create_image' value True",
                () -> RequestParams.createImage("True"));
    }

    @Test
    public void lunIdIsAbsentOrANumber() {
        assertEquals(Optional.empty(), RequestParams.lunId(null));
        assertEquals(Optional.empty(), RequestParams.lunId(""));
        assertEquals(Optional.of(7), RequestParams.lunId("7"));
        assertRefused(400, "lun_id", "Lun id must be a number", () -> RequestParams.lunId("seven"));
        assertRefused(400, "lun_id", "Lun id must be a number", () -> RequestParams.lunId("1.5"));
    }

    @Test
    public void controlsAreAJsonObjectKeptRaw() {
        assertEquals(Map.of(), RequestParams.controls(null));
        assertEquals(Map.of(), RequestParams.controls(" "));
        assertEquals(Map.of("cmdsn_depth", 64, "immediate_data", "No"),
                RequestParams.controls("{\"cmdsn_depth\": 64, \"immediate_data\": \"No\"}"));
        ConfigException broken = refused(() -> RequestParams.controls("{cmdsn_depth=128}"));
        assertEquals("controls", broken.field());
        assertEquals(400, broken.status());
        assertTrue(broken.getMessage(), broken.getMessage().startsWith("Unexpected or invalid controls - "));
        ConfigException list = refused(() -> RequestParams.controls("[1, 2]"));
        assertTrue(list.getMessage(), list.getMessage().contains("expected a JSON object"));
    }

    @Test
    public void snapshotTargetAuthAndHostGroupActions() {
        assertFalse(RequestParams.snapshotRollback("create"));
        assertTrue(RequestParams.snapshotRollback("rollback"));
        assertRefused(400, "mode", "mode is invalid", () -> RequestParams.snapshotRollback("delete"));
        assertRefused(400, "mode", "mode is invalid", () -> RequestParams.snapshotRollback(null));

        assertEquals(TargetAuthAction.NONE, RequestParams.targetAuthAction(null));
        assertEquals(TargetAuthAction.NONE, RequestParams.targetAuthAction(""));
        assertEquals(TargetAuthAction.NONE, RequestParams.targetAuthAction("none"));
        assertEquals(TargetAuthAction.DISABLE_ACL, RequestParams.targetAuthAction("disable_acl"));
        assertEquals(TargetAuthAction.ENABLE_ACL, RequestParams.targetAuthAction("enable_acl"));
        assertRefused(400, "action", "Invalid auth chap", () -> RequestParams.targetAuthAction("chap"));

        assertTrue(RequestParams.hostGroupAdd(null));
        assertTrue(RequestParams.hostGroupAdd("Add"));
        assertFalse(RequestParams.hostGroupAdd("remove"));
        assertRefused(405, "action", "Invalid hostgroup action specified", () -> RequestParams.hostGroupAdd("drop"));
    }

    @Test
    public void commaListsFlagsAndRequiredFields() {
        assertEquals(List.of(), RequestParams.commaList(null));
        assertEquals(List.of(), RequestParams.commaList(""));
        assertEquals(List.of("192.0.2.1"), RequestParams.commaList("192.0.2.1"));
        assertEquals(List.of("iqn.1994-05.com.example:a", "iqn.1994-05.com.example:b"),
                RequestParams.commaList("iqn.1994-05.com.example:a, iqn.1994-05.com.example:b,"));
        assertTrue(RequestParams.flag("force", "true"));
        assertTrue(RequestParams.flag("force", "TRUE"));
        assertFalse(RequestParams.flag("force", null));
        assertFalse(RequestParams.flag("force", ""));
        assertFalse(RequestParams.flag("force", "False"));
        assertRefused(400, "force", "force must be true or false, not 'yes'", () -> RequestParams.flag("force", "yes"));
        assertEquals("rbd/disk_1", RequestParams.required("disk", "rbd/disk_1"));
        assertRefused(400, "disk", "Missing required parameter 'disk'", () -> RequestParams.required("disk", null));
        assertRefused(400, "ip_address", "Missing required parameter 'ip_address'",
                () -> RequestParams.required("ip_address", ""));
    }

    @Test
    public void aChangeReplyCarriesCatchingUpOnlyWhenSomeGatewayIsBehind() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("{\"message\":\"Target defined successfully\",\"epoch\":12}", json.writeValueAsString(
                ChangeReply.of(new io.cephiscsi.gateway.ChangeResult("Target defined successfully", 12, List.of()))));
        assertEquals("{\"message\":\"client create/update successful\",\"epoch\":13,\"catching_up\":[\"gw2\"]}",
                json.writeValueAsString(ChangeReply.of(new io.cephiscsi.gateway.ChangeResult(
                        "client create/update successful", 13, List.of("gw2")))));
    }

    @Test
    public void thePeerClientInfoIsTheStateThisGatewaySees() {
        ClientInfo info = new ClientInfo("host1", Map.of("LOGGED_IN", List.of("gw1")), List.of("192.0.2.5"));
        assertEquals(Map.of("alias", "host1", "state", "LOGGED_IN", "ip_address", List.of("192.0.2.5")),
                LocalClientInfoResource.render("gw1", info));
        assertEquals("", LocalClientInfoResource.render("gw2", info).get("state"));
        assertEquals("", LocalClientInfoResource.render("gw1", new ClientInfo("", Map.of(), List.of())).get("state"));
    }
}
