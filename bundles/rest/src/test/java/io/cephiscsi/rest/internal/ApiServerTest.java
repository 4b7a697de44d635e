package io.cephiscsi.rest.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.cephiscsi.gateway.ChangeResult;
import io.cephiscsi.gateway.ClientInfo;
import io.cephiscsi.gateway.DiskRequest;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.gateway.GatewayException;
import io.cephiscsi.gateway.GatewayStatus;
import io.cephiscsi.gateway.TargetAuthAction;
import io.cephiscsi.model.ConfigException;
import io.cephiscsi.model.GatewaySettings;
import io.cephiscsi.rbd.RbdException;

/**
 * The whole REST face (CXF, the filters, the error mapper) on plain HTTP with a hand-written recording gateway
 * service: each route calls the one service method it should, with the values parsed from upstream's form fields.
 */
public class ApiServerTest {

    private static final String IQN = "iqn.2003-01.com.example.iscsi-gw:t1";
    private static final String CLIENT = "iqn.1994-05.com.example:h1";

    private final List<String> calls = new ArrayList<>();
    private RuntimeException failure;
    private ApiServer server;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @Before
    public void start() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        GatewaySettings settings = GatewaySettings.of(Map.of(), Map.of("api_secure", "false", "api_host", "127.0.0.1",
                "api_port", Integer.toString(port), "api_password", "secret-password"), p -> false);
        GatewayAdmin gateway = (GatewayAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {GatewayAdmin.class}, (proxy, method, args) -> {
                    calls.add(method.getName() + (args == null ? "[]" : Arrays.deepToString(args)));
                    if (failure != null) {
                        throw failure;
                    }
                    switch (method.getName()) {
                        case "hostname": return "gw1.example.com";
                        case "ipAddresses": return List.of();
                        case "targetSessions": case "gatewaySessions": case "localTargetSessions": return 3;
                        case "status": case "syncToShared": return new GatewayStatus("gw1.example.com", 42,
                                List.of("LIO could not reach epoch 43: x refused"));
                        case "clientInfo": case "localClientInfo":
                            return new ClientInfo("h1", Map.of("LOGGED_IN", List.of("gw1.example.com")),
                                    List.of("192.0.2.5"));
                        default:
                            if (method.getReturnType() == ChangeResult.class) {
                                return new ChangeResult("done " + method.getName(), 9, List.of());
                            }
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        server = new ApiServer(settings, gateway);
    }

    @After
    public void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "admin:secret-password".getBytes(StandardCharsets.UTF_8)));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        request.method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(form));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String lastCall(String method, String path, String form) throws Exception {
        calls.clear();
        HttpResponse<String> reply = send(method, path, form);
        assertEquals(method + " " + path + ": " + reply.body(), 200, reply.statusCode());
        return calls.get(calls.size() - 1);
    }

    @Test
    public void everyChangeRouteCallsItsServiceMethodWithTheParsedForm() throws Exception {
        assertEquals("createTarget[" + IQN + ", {cmdsn_depth=64}]",
                lastCall("PUT", "/api/target/" + IQN, "controls=%7B%22cmdsn_depth%22%3A64%7D"));
        assertEquals("reconfigureTarget[" + IQN + ", {}]", lastCall("PUT", "/api/target/" + IQN, "mode=reconfigure"));
        assertEquals("deleteTarget[" + IQN + "]", lastCall("DELETE", "/api/target/" + IQN, null));
        assertEquals("addGateway[" + IQN + ", gw2.example.com, [192.0.2.1, 192.0.2.2], true]",
                lastCall("PUT", "/api/gateway/" + IQN + "/gw2.example.com",
                        "ip_address=192.0.2.1,192.0.2.2&skipchecks=true&nosync=true"));
        assertEquals("removeGateway[" + IQN + ", gw2.example.com, false]",
                lastCall("DELETE", "/api/gateway/" + IQN + "/gw2.example.com", null));
        assertEquals("addTargetLun[" + IQN + ", rbd/disk_1, Optional[3]]",
                lastCall("PUT", "/api/targetlun/" + IQN, "disk=rbd%2Fdisk_1&lun_id=3"));
        assertEquals("addTargetLun[" + IQN + ", rbd/disk_1, Optional.empty]",
                lastCall("PUT", "/api/targetlun/" + IQN, "disk=rbd/disk_1"));
        assertEquals("removeTargetLun[" + IQN + ", rbd/disk_1]",
                lastCall("DELETE", "/api/targetlun/" + IQN, "disk=rbd/disk_1"));
        assertEquals("createDisks[" + new DiskRequest("rbd", "disk_", Optional.of("1G"), 3, "user:rbd",
                Optional.empty(), false, Map.of("qfull_timeout", 10)) + "]",
                lastCall("PUT", "/api/disk/rbd/disk_", "mode=create&size=1G&count=3&create_image=false"
                        + "&controls=%7B%22qfull_timeout%22%3A10%7D"));
        assertEquals("resizeDisk[rbd, disk_1, 2G]", lastCall("PUT", "/api/disk/rbd/disk_1", "mode=resize&size=2G"));
        assertEquals("reconfigureDisk[rbd, disk_1, {max_data_area_mb=16}]", lastCall("PUT", "/api/disk/rbd/disk_1",
                "mode=reconfigure&controls=%7B%22max_data_area_mb%22%3A16%7D"));
        assertEquals("deleteDisk[rbd, disk_1, true]", lastCall("DELETE", "/api/disk/rbd/disk_1", "preserve_image=true"));
        assertEquals("createSnapshot[rbd, disk_1, s1]", lastCall("PUT", "/api/disksnap/rbd/disk_1/s1", "mode=create"));
        assertEquals("rollbackSnapshot[rbd, disk_1, s1]",
                lastCall("PUT", "/api/disksnap/rbd/disk_1/s1", "mode=rollback"));
        assertEquals("deleteSnapshot[rbd, disk_1, s1]", lastCall("DELETE", "/api/disksnap/rbd/disk_1/s1", null));
        assertEquals("setDiscoveryAuth[myiscsiusername, myiscsipassword, , ]", lastCall("PUT", "/api/discoveryauth",
                "username=myiscsiusername&password=myiscsipassword"));
        assertEquals("setTargetAuth[" + IQN + ", " + TargetAuthAction.DISABLE_ACL + ", , , , ]",
                lastCall("PUT", "/api/targetauth/" + IQN, "action=disable_acl"));
        assertEquals("createClient[" + IQN + ", " + CLIENT + "]", lastCall("PUT", "/api/client/" + IQN + "/" + CLIENT,
                null));
        assertEquals("deleteClient[" + IQN + ", " + CLIENT + "]",
                lastCall("DELETE", "/api/client/" + IQN + "/" + CLIENT, null));
        assertEquals("setClientAuth[" + IQN + ", " + CLIENT + ", myiscsiusername, myiscsipassword, , ]",
                lastCall("PUT", "/api/clientauth/" + IQN + "/" + CLIENT,
                        "username=myiscsiusername&password=myiscsipassword&mutual_username=&mutual_password="));
        assertEquals("addClientLun[" + IQN + ", " + CLIENT + ", rbd/disk_1]",
                lastCall("PUT", "/api/clientlun/" + IQN + "/" + CLIENT, "disk=rbd/disk_1"));
        assertEquals("removeClientLun[" + IQN + ", " + CLIENT + ", rbd/disk_1]",
                lastCall("DELETE", "/api/clientlun/" + IQN + "/" + CLIENT, "disk=rbd/disk_1"));
        assertEquals("updateHostGroup[" + IQN + ", g1, [" + CLIENT + "], [rbd/disk_1, rbd/disk_2], false]",
                lastCall("PUT", "/api/hostgroup/" + IQN + "/g1",
                        "members=" + CLIENT + "&disks=rbd/disk_1,rbd/disk_2&action=remove"));
        assertEquals("deleteHostGroup[" + IQN + ", g1]", lastCall("DELETE", "/api/hostgroup/" + IQN + "/g1", null));
    }

    @Test
    public void repliesAreUpstreamsShapesPlusTheEpoch() throws Exception {
        assertEquals("{\"message\":\"done createClient\",\"epoch\":9}",
                send("PUT", "/api/client/" + IQN + "/" + CLIENT, null).body());
        assertEquals("{\"num_sessions\":3}", send("GET", "/api/targetinfo/" + IQN, null).body());
        assertEquals("{\"num_sessions\":3}", send("GET", "/api/gatewayinfo", null).body());
        assertEquals("{\"alias\":\"h1\",\"state\":{\"LOGGED_IN\":[\"gw1.example.com\"]},\"ip_address\":[\"192.0.2.5\"]}",
                send("GET", "/api/clientinfo/" + IQN + "/" + CLIENT, null).body());
        assertEquals("{\"gateway\":\"gw1.example.com\",\"applied_epoch\":42,"
                + "\"problems\":[\"LIO could not reach epoch 43: x refused\"]}", send("GET", "/api/_status", null).body());
        assertEquals("{\"num_sessions\":3}", send("GET", "/api/_targetinfo/" + IQN, null).body());
        // an upstream gateway's fan-out call while this gateway's LIO cannot follow: its caller stops, naming why
        HttpResponse<String> fanOut = send("PUT", "/api/_targetlun/" + IQN, "disk=rbd/disk_1&owner=gw2.example.com"
                + "&allocating_host=gw2.example.com");
        assertEquals(500, fanOut.statusCode());
        assertEquals("{\"message\":\"gateway gw1.example.com could not bring its LIO to the shared configuration: "
                + "LIO could not reach epoch 43: x refused\"}", fanOut.body());
        assertEquals("{\"alias\":\"h1\",\"state\":\"LOGGED_IN\",\"ip_address\":[\"192.0.2.5\"]}",
                send("GET", "/api/_clientinfo/" + IQN + "/" + CLIENT, null).body());
    }

    @Test
    public void theServicesErrorsLeaveAsMessagesWithTheirStatus() throws Exception {
        failure = ConfigException.conflict("client_iqn", "A client with the name 'x' is already defined");
        HttpResponse<String> conflict = send("PUT", "/api/client/" + IQN + "/" + CLIENT, null);
        assertEquals(409, conflict.statusCode());
        assertEquals("{\"message\":\"A client with the name 'x' is already defined\"}", conflict.body());
        failure = new RbdException(RbdException.NOT_FOUND, "image", "Image rbd/x does not exist");
        HttpResponse<String> missing = send("PUT", "/api/disk/rbd/x", "mode=create&create_image=false");
        assertEquals(404, missing.statusCode());
        assertEquals("{\"message\":\"Image rbd/x does not exist\"}", missing.body());
        failure = new GatewayException(503, "the shared configuration cannot be read");
        HttpResponse<String> unavailable = send("DELETE", "/api/target/" + IQN, null);
        assertEquals(503, unavailable.statusCode());
        assertEquals("{\"message\":\"the shared configuration cannot be read\"}", unavailable.body());
        failure = null;
        HttpResponse<String> badForm = send("PUT", "/api/targetlun/" + IQN, "disk=rbd/x&lun_id=x");
        assertEquals(400, badForm.statusCode());
        assertEquals("{\"message\":\"Lun id must be a number\"}", badForm.body());
    }
}
