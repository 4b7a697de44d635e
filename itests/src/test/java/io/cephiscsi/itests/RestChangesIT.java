package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Upstream's admin flow over REST on the embedded backend, in the order the Ceph Dashboard sends it: create a target,
 * add this gateway, create a disk, map it, create a client with CHAP, give it the LUN; {@code GET /api/config} then
 * holds all of it. Then the Dashboard's delete sequence takes it all away again. One gateway, so
 * {@code minimum_gateways = 1} (upstream's default 2 refuses LUN mapping and clients on one gateway).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestChangesIT extends ApplianceTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IQN = "iqn.2003-01.com.example.iscsi-gw:changes";
    private static final String CLIENT = "iqn.1994-05.com.example:changes-host";
    private static final String DISK = "rbd/disk_1";

    @Configuration
    public Option[] config() {
        return appliance(Map.of("backend", "embedded", "gateway_name", "gw-changes.example.com",
                "minimum_gateways", "1"));
    }


    /**
     * A change that must succeed with upstream's message ({@code ~regex} where the contract leaves the spelling
     * open); returns its epoch (which only grows).
     */
    private static long change(String password, long previousEpoch, String message, String method, String path,
                               Map<String, String> form) throws Exception {
        Reply reply = send(method, path, "admin", password, form);
        assertEquals(method + " " + path + ": " + reply.body(), 200, reply.status());
        JsonNode json = JSON.readTree(reply.body());
        String actual = json.path("message").asText();
        if (message.startsWith("~")) {
            assertTrue(method + " " + path + ": " + actual, actual.matches(message.substring(1)));
        } else {
            assertEquals(method + " " + path, message, actual);
        }
        long epoch = json.path("epoch").asLong(-1);
        assertTrue(path + " epoch " + epoch + " after " + previousEpoch, epoch > previousEpoch);
        assertTrue("catching_up only when some gateway is behind: " + reply.body(),
                !json.has("catching_up") || json.path("catching_up").size() > 0);
        return epoch;
    }

    private static JsonNode json(String path, String password) throws Exception {
        Reply reply = get(path, "admin", password);
        assertEquals(path + ": " + reply.body(), 200, reply.status());
        return JSON.readTree(reply.body());
    }

    @Test
    public void theDashboardsCreateFlowEndsInTheConfigAndItsDeleteFlowEmptiesItAgain() throws Exception {
        String pw = initialCredentials().getProperty("api_password");
        awaitApi("/api/_ping", "admin", pw, 200);
        String me = json("/api/sysinfo/hostname", pw).path("data").asText();
        assertEquals("gw-changes.example.com", me);

        long epoch = change(pw, -1, "Target defined successfully", "PUT", "/api/target/" + IQN, form("controls", "{}"));
        epoch = change(pw, epoch, "Gateway creation successful", "PUT", "/api/gateway/" + IQN + "/" + me,
                form("ip_address", "127.0.0.1", "skipchecks", "true"));
        epoch = change(pw, epoch, "~target auth (None|none) - successful", "PUT", "/api/targetauth/" + IQN,
                form("username", "", "password", "", "mutual_username", "", "mutual_password", ""));
        epoch = change(pw, epoch, "disk create/update successful", "PUT", "/api/disk/" + DISK,
                form("mode", "create", "size", "1G", "backstore", "user:rbd"));
        epoch = change(pw, epoch, "Target LUN mapping updated successfully", "PUT", "/api/targetlun/" + IQN,
                form("disk", DISK, "lun_id", "0"));
        epoch = change(pw, epoch, "client create/update successful", "PUT", "/api/client/" + IQN + "/" + CLIENT, null);
        epoch = change(pw, epoch, "client auth successful", "PUT", "/api/clientauth/" + IQN + "/" + CLIENT,
                form("username", "myiscsiusername", "password", "myiscsipassword", "mutual_username", "",
                        "mutual_password", ""));
        epoch = change(pw, epoch, "client masking update successful", "PUT", "/api/clientlun/" + IQN + "/" + CLIENT,
                form("disk", DISK));

        JsonNode config = json("/api/config?decrypt_passwords=True", pw);
        assertTrue(config.toString(), config.path("gateways").has(me));
        JsonNode target = config.path("targets").path(IQN);
        assertEquals("[\"127.0.0.1\"]", target.path("portals").path(me).path("portal_ip_addresses").toString());
        assertEquals("rbd", config.path("disks").path(DISK).path("pool").asText());
        assertEquals("disk_1", config.path("disks").path(DISK).path("image").asText());
        assertEquals("user:rbd", config.path("disks").path(DISK).path("backstore").asText());
        assertFalse(config.path("disks").path(DISK).path("wwn").asText().isEmpty());
        assertEquals(0, target.path("disks").path(DISK).path("lun_id").asInt(-1));
        JsonNode client = target.path("clients").path(CLIENT);
        assertTrue(client.toString(), client.path("luns").has(DISK));
        assertEquals("myiscsiusername", client.path("auth").path("username").asText());
        assertEquals("myiscsipassword", client.path("auth").path("password").asText());
        assertTrue(config.path("epoch").asLong() >= epoch);

        assertEquals(0, json("/api/targetinfo/" + IQN, pw).path("num_sessions").asInt(-1));
        assertEquals(0, json("/api/gatewayinfo", pw).path("num_sessions").asInt(-1));
        JsonNode info = json("/api/clientinfo/" + IQN + "/" + CLIENT, pw);
        assertEquals("{}", info.path("state").toString());
        assertTrue(info.path("ip_address").isArray());

        // the Dashboard's delete sequence
        epoch = change(pw, epoch, "client delete successful", "DELETE", "/api/client/" + IQN + "/" + CLIENT, null);
        epoch = change(pw, epoch, "Target LUN mapping updated successfully", "DELETE", "/api/targetlun/" + IQN,
                form("disk", DISK));
        epoch = change(pw, epoch, "disk map deletion successful", "DELETE", "/api/disk/" + DISK,
                form("preserve_image", "true"));
        epoch = change(pw, epoch, "Gateway deletion successful", "DELETE", "/api/gateway/" + IQN + "/" + me, null);
        change(pw, epoch, "Target deleted.", "DELETE", "/api/target/" + IQN, null);
        config = json("/api/config", pw);
        assertFalse(config.toString(), config.path("targets").has(IQN));
        assertFalse(config.toString(), config.path("disks").has(DISK));
    }
}
