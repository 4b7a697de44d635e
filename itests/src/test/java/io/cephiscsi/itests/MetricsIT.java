package io.cephiscsi.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.cephiscsi.config.ConfigStore;
import io.cephiscsi.gateway.GatewayAdmin;
import io.cephiscsi.model.ClientConfig;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.DiskConfig;
import io.cephiscsi.model.PortalConfig;
import io.cephiscsi.rbd.ImageService;

/** rbd-target-gw's exporter on the embedded default: {@code /metrics} on prometheus_host:prometheus_port. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsIT extends ApplianceTestSupport {

    private static final String GW = "gw-it-metrics.example.com";

    @Inject
    GatewayAdmin gateway; // waits until the gateway service is up

    @Inject
    ConfigStore configStore;

    @Inject
    ImageService images;

    @Configuration
    public Option[] config() {
        return appliance(Map.of("backend", "embedded", "gateway_name", GW, "prometheus_exporter", "true"));
    }

    record Page(int status, String contentType, String body) {
    }

    private static Page get(String path) throws IOException {
        URL url = new URL("http://127.0.0.1:" + System.getProperty("it.prometheus.port") + path);
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(10000);
        int status = c.getResponseCode();
        InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
        return new Page(status, c.getContentType(), in == null ? "" : new String(in.readAllBytes(),
                StandardCharsets.UTF_8));
    }

    /** the page once it contains {@code text} (the exporter starts with the bundle; LIO follows the config) */
    private static Page await(String path, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Page last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(path);
                if (last.status() == 200 && last.body().contains(text)) {
                    return last;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " did not show " + text + " within 60 s; last: " + last);
    }

    @Test
    public void metricsAnswerInTheStandardTextFormatAndFollowLio() throws Exception {
        Page empty = await("/metrics", "# TYPE ceph_iscsi_scrape_duration_seconds gauge");
        assertEquals(200, empty.status());
        assertThat(empty.contentType(), containsString("text/plain"));
        assertValid(empty.body());

        String iqn = "iqn.2003-01.com.example.iscsi-gw:metrics";
        String image = "metrics-disk";
        images.create("rbd", image, "1G");
        DiskConfig disk = DiskConfig.create("rbd", image, 1, "5fc1071d-7e2f-4df0-95c8-925a617e2d62", GW).withOwner(GW);
        configStore.update(ConfigTransaction.of(
                ConfigChange.putGateway(GW, 1),
                ConfigChange.createTarget(iqn),
                ConfigChange.putPortal(iqn, GW, new PortalConfig(List.of("192.0.2.9"), List.of("192.0.2.9"),
                        List.of(), 1)),
                ConfigChange.putDisk(disk),
                ConfigChange.putTargetDisk(iqn, disk.id(), 0),
                ConfigChange.putClient(iqn, "iqn.1994-05.com.example:it-metrics",
                        ClientConfig.EMPTY.withLuns(Map.of(disk.id(), 0)))));

        Page page = await("/metrics", "ceph_iscsi_client_lun{gw_name=\"" + GW
                + "\",client_iqn=\"iqn.1994-05.com.example:it-metrics\",lun_name=\"rbd." + image + "\"} 0\n");
        String body = page.body();
        assertThat(body, containsString("ceph_iscsi_gateway_tpg_total{gw_iqn=\"" + iqn + "\"} 1\n"));
        assertThat(body, containsString("ceph_iscsi_lun_mapped{lun_name=\"rbd." + image + "\",gw_name=\"" + GW
                + "\",gw_owner=\"192.0.2.9\"} 1\n"));
        assertThat(body, containsString("ceph_iscsi_lun_size_bytes{lun_name=\"rbd." + image + "\",gw_name=\"" + GW
                + "\"} 1073741824\n"));
        assertThat(body, containsString("ceph_iscsi_lun_iops{gw_name=\"" + GW
                + "\",client_iqn=\"iqn.1994-05.com.example:it-metrics\",lun_name=\"rbd." + image + "\"} 0\n"));
        assertThat(body, containsString("ceph_iscsi_client_login{gw_name=\"" + GW
                + "\",client_iqn=\"iqn.1994-05.com.example:it-metrics\"} 0\n"));
        assertValid(body);

        Page index = get("/");
        assertEquals(200, index.status());
        assertThat(index.body(), containsString("<a href='/metrics'>Metrics</a>"));
    }

    /** Prometheus' own parser, where the Debian package {@code prometheus} is installed; the line shape otherwise */
    private static void assertValid(String text) throws Exception {
        assertTrue(text, text.endsWith("\n"));
        for (String line : text.split("\n")) {
            assertTrue(line, line.startsWith("# HELP ceph_iscsi_") || line.startsWith("# TYPE ceph_iscsi_")
                    || line.matches("ceph_iscsi_[a-z_]+(\\{[^}]*})? [0-9.eE+-]+"));
        }
        Path promtool = Path.of("/usr/bin/promtool");
        assertTrue("promtool missing (Debian package prometheus): run the tests with itests/run-all-tests.sh",
                Files.isExecutable(promtool));
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        // exit 1 is a parse error; 3 are lint remarks, of which only upstream's names may be the cause: its
        // counters lack "_total", its TPG gauge has it
        assertTrue("promtool: " + out, p.exitValue() == 0 || p.exitValue() == 3);
        for (String line : out.split("\n")) {
            assertTrue("promtool: " + out, line.isBlank()
                    || line.matches("ceph_iscsi_lun_(iops|read_bytes|write_bytes) counter metrics should have \"_total\" suffix")
                    || line.equals("ceph_iscsi_gateway_tpg_total non-counter metrics should not have \"_total\" suffix"));
        }
    }
}
