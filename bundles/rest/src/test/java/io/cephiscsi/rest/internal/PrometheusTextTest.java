package io.cephiscsi.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.cephiscsi.gateway.GatewayMetrics;
import io.cephiscsi.gateway.GatewayMetrics.Family;
import io.cephiscsi.gateway.GatewayMetrics.Sample;

/**
 * The standard text exposition format, checked line by line and by Prometheus' own parser ({@code promtool check
 * metrics}, Debian package {@code prometheus}; skipped where it is not installed).
 */
public class PrometheusTextTest {

    static final String GW = "gw1.example.com";

    /** a scrape as the collector gives it, with label values that need escaping */
    static GatewayMetrics sample() {
        Map<String, String> lun = Map.of("gw_name", GW, "client_iqn", "iqn.1994-05.com.example:host1",
                "lun_name", "rbd.disk_1");
        return new GatewayMetrics(List.of(
                new Family("ceph_iscsi_client_login", "iscsi client session active (0=No, 1=Yes)", "gauge",
                        List.of(new Sample(ordered("gw_name", GW, "client_iqn", "iqn.1994-05.com.example:host1"), 1))),
                new Family("ceph_iscsi_gateway_tpg_total", "target portal groups defined within gateway group",
                        "gauge", List.of(new Sample(Map.of("gw_iqn", "iqn.2003-01.com.example:t"), 2))),
                new Family("ceph_iscsi_lun_iops", "IOPS per LUN per client", "counter",
                        List.of(new Sample(ordered("gw_name", GW, "client_iqn", "iqn.1994-05.com.example:host1",
                                "lun_name", "rbd.disk_1"), 42))),
                new Family("ceph_iscsi_lun_mapped", "LUN mapping state 0=unmapped, 1=mapped", "gauge",
                        List.of(new Sample(ordered("lun_name", "odd\"name\\with\nnewline", "gw_name", GW,
                                "gw_owner", "fe80::1"), 0))),
                new Family("ceph_iscsi_lun_read_bytes", "read bytes per LUN per client", "counter",
                        List.of(new Sample(lun, 5L << 40))),
                new Family("ceph_iscsi_scrape_duration_seconds", "time taken to scrape iscsi stats (secs)", "gauge",
                        List.of(new Sample(Map.of("gw_name", GW), 0.00123)))));
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    public void helpTypeAndSamplesInTheStandardFormat() {
        String text = PrometheusText.format(sample());
        assertTrue(text, text.startsWith("# HELP ceph_iscsi_client_login iscsi client session active (0=No, 1=Yes)\n"
                + "# TYPE ceph_iscsi_client_login gauge\n"
                + "ceph_iscsi_client_login{gw_name=\"gw1.example.com\",client_iqn=\"iqn.1994-05.com.example:host1\"} 1\n"
                + "# HELP ceph_iscsi_gateway_tpg_total target portal groups defined within gateway group\n"
                + "# TYPE ceph_iscsi_gateway_tpg_total gauge\n"
                + "ceph_iscsi_gateway_tpg_total{gw_iqn=\"iqn.2003-01.com.example:t\"} 2\n"
                + "# HELP ceph_iscsi_lun_iops IOPS per LUN per client\n"
                + "# TYPE ceph_iscsi_lun_iops counter\n"
                + "ceph_iscsi_lun_iops{gw_name=\"gw1.example.com\",client_iqn=\"iqn.1994-05.com.example:host1\","
                + "lun_name=\"rbd.disk_1\"} 42\n"));
        assertTrue(text, text.contains("ceph_iscsi_lun_mapped{lun_name=\"odd\\\"name\\\\with\\nnewline\","
                + "gw_name=\"gw1.example.com\",gw_owner=\"fe80::1\"} 0\n"));
        assertTrue(text, text.contains("} 5497558138880\n"));
        assertTrue(text, text.endsWith("ceph_iscsi_scrape_duration_seconds{gw_name=\"gw1.example.com\"} 0.00123\n"));
        assertEquals("+Inf", PrometheusText.value(Double.POSITIVE_INFINITY));
        assertEquals("NaN", PrometheusText.value(Double.NaN));
    }

    @Test
    public void promtoolParsesIt() throws Exception {
        assertValidExposition(PrometheusText.format(sample()));
    }

    /**
     * {@code promtool check metrics} must parse the text (exit 1 is a parse error) and may only remark on the
     * {@code _total} suffix of upstream's names (its counters lack it, its TPG gauge has it), kept on purpose.
     */
    static void assertValidExposition(String text) throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        assertTrue("promtool missing (Debian package prometheus): run the tests with itests/run-all-tests.sh",
                Files.isExecutable(promtool));
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("promtool hangs", p.waitFor(30, TimeUnit.SECONDS));
        List<String> problems = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank() && !line.matches("ceph_iscsi_lun_(iops|read_bytes|write_bytes) counter metrics should"
                    + " have \"_total\" suffix")
                    && !line.equals("ceph_iscsi_gateway_tpg_total non-counter metrics should not have \"_total\" suffix")) {
                problems.add(line);
            }
        }
        assertTrue("promtool: " + out, p.exitValue() == 0 || p.exitValue() == 3);
        assertEquals("promtool: " + out, List.of(), problems);
    }
}
