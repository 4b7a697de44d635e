package io.cephiscsi.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.ws.rs.Path;

import org.junit.Test;

public class ApiIndexResourceTest {

    @Path("/widgets")
    static class Widgets {
        @javax.ws.rs.GET
        @Path("/{pool}/{image: .+}")
        @ApiDoc({"Show a widget", ":param pool: the pool"})
        public String get() {
            return "";
        }

        @javax.ws.rs.DELETE
        @Path("{pool}/{image: .+}")
        public void delete() {
        }

        @javax.ws.rs.PUT
        @Path("/_internal")
        @ApiDoc("hidden")
        public void internal() {
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<Object>> index(List<Class<?>> resources) {
        List<List<Object>> api = (List<List<Object>>) new ApiIndexResource(resources).api().get("api");
        return api.stream().collect(Collectors.toMap(e -> ((String) e.get(0)).split(" : ")[0], e -> e));
    }

    @Test
    public void routesInFlasksSpellingWithTheirMethodsAndDocs() {
        Map<String, List<Object>> index = index(List.of(Widgets.class, ApiIndexResource.class));
        assertEquals(List.of("/api/widgets/<pool>/<image> : Show a widget", "Methods: GET,DELETE",
                List.of(":param pool: the pool", "**UNRESTRICTED**")), index.get("/api/widgets/<pool>/<image>"));
        assertEquals(List.of("/api : Display all the available API endpoints", "Methods: GET",
                List.of("**UNRESTRICTED**")), index.get("/api"));
        assertFalse("underscore routes are internal", index.keySet().stream().anyMatch(u -> u.contains("_")));
    }

    @Test
    public void theServedRoutesAreListedSortedWithTheirAuth() {
        List<Class<?>> served = List.of(PingResource.class, SysinfoResource.class, ConfigResource.class,
                TargetsResource.class, GatewaysResource.class, ClientsResource.class, HostGroupsResource.class,
                HostGroupResource.class, DisksResource.class, DiskResource.class, SettingsResource.class,
                ApiIndexResource.class);
        Map<String, List<Object>> index = index(served);
        assertEquals(List.of("/api", "/api/clients/<target_iqn>", "/api/config", "/api/disk/<pool>/<image>",
                "/api/disks", "/api/gateways/<target_iqn>", "/api/hostgroup/<target_iqn>/<group_name>",
                "/api/hostgroups/<target_iqn>", "/api/settings", "/api/sysinfo/<query_type>", "/api/targets"),
                index.keySet().stream().sorted().toList());
        assertEquals(List.of("**RESTRICTED**"), index.get("/api/targets").get(2));
        assertEquals("**BASIC AUTH**", ((List<?>) index.get("/api/sysinfo/<query_type>").get(2)).get(1));
    }

    @Test
    public void everyPublicRouteOfUpstreamIsListedWithItsMethods() {
        Map<String, List<Object>> index = index(ApiServer.documented(ApiServer.resources(null)));
        Map<String, String> expected = new java.util.TreeMap<>();
        expected.put("/api", "GET");
        expected.put("/api/openapi.json", "GET");
        expected.put("/api/sysinfo/<query_type>", "GET");
        expected.put("/api/targets", "GET");
        expected.put("/api/target/<target_iqn>", "PUT,DELETE");
        expected.put("/api/config", "GET");
        expected.put("/api/gateways/<target_iqn>", "GET");
        expected.put("/api/gateway/<target_iqn>/<gateway_name>", "PUT,DELETE");
        expected.put("/api/targetlun/<target_iqn>", "PUT,DELETE");
        expected.put("/api/disks", "GET");
        expected.put("/api/disk/<pool>/<image>", "GET,PUT,DELETE");
        expected.put("/api/disksnap/<pool>/<image>/<name>", "PUT,DELETE");
        expected.put("/api/discoveryauth", "PUT");
        expected.put("/api/targetauth/<target_iqn>", "PUT");
        expected.put("/api/targetinfo/<target_iqn>", "GET");
        expected.put("/api/gatewayinfo", "GET");
        expected.put("/api/clients/<target_iqn>", "GET");
        expected.put("/api/client/<target_iqn>/<client_iqn>", "PUT,DELETE");
        expected.put("/api/clientauth/<target_iqn>/<client_iqn>", "PUT");
        expected.put("/api/clientlun/<target_iqn>/<client_iqn>", "PUT,DELETE");
        expected.put("/api/clientinfo/<target_iqn>/<client_iqn>", "GET");
        expected.put("/api/hostgroups/<target_iqn>", "GET");
        expected.put("/api/hostgroup/<target_iqn>/<group_name>", "GET,PUT,DELETE");
        expected.put("/api/settings", "GET");
        Map<String, String> listed = new java.util.TreeMap<>();
        index.forEach((url, entry) -> listed.put(url, ((String) entry.get(1)).substring("Methods: ".length())));
        assertEquals(expected, listed);
        assertEquals("/api/targetlun/<target_iqn> : Coordinate the addition(PUT) and removal(DELETE) of a disk for a "
                + "target", index.get("/api/targetlun/<target_iqn>").get(0));
        assertEquals("**RESTRICTED**", ((List<?>) index.get("/api/clientlun/<target_iqn>/<client_iqn>").get(2))
                .get(((List<?>) index.get("/api/clientlun/<target_iqn>/<client_iqn>").get(2)).size() - 1));
        assertEquals(List.of("**UNRESTRICTED**"), index.get("/api/openapi.json").get(2));
    }
}
