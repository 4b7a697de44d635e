package io.cephiscsi.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The short load run of the default test run ({@link ApplianceLoad}: 10 clients for 40 s over two appliances on the
 * test Ceph; {@link LoadBenchmark} is the 50-client, 5-minute one), and the CHAP-secrets-in-logs check on the same
 * two appliances, which run with the appliance's own loggers at DEBUG.
 */
public class LoadIT {

    private static GatewayProcess gw1;
    private static GatewayProcess gw2;
    /** Everything this test class prints, to be searched for secrets too. */
    private static final ByteArrayOutputStream PRINTED = new ByteArrayOutputStream();
    private static PrintStream originalOut;

    @BeforeClass
    public static void startBoth() throws Exception {
        originalOut = System.out;
        PrintStream console = originalOut;
        System.setOut(new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                console.write(b);
                PRINTED.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                console.write(bytes, offset, length);
                PRINTED.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8));
        GatewayProcess[] both = ApplianceLoad.install(Files.createDirectories(Path.of("target/load")), "iscsi", true);
        gw1 = both[0];
        gw2 = both[1];
        gw1.start();
        gw2.start();
        new ApplianceLoad(gw1, gw2, "iscsi").setUp();
    }

    @AfterClass
    public static void stopBoth() throws Exception {
        if (originalOut != null) {
            System.setOut(originalOut);
        }
        for (GatewayProcess gw : new GatewayProcess[] {gw1, gw2}) {
            if (gw != null) {
                gw.close();
            }
        }
    }

    @Test
    public void tenClientsOverTwoGatewaysGetOnlyDocumentedErrorsAndLoseNoUpdate() throws Exception {
        ApplianceLoad.Result result = new ApplianceLoad(gw1, gw2, "iscsi").run(10, 40, "s" + System.nanoTime() % 10000);
        System.out.printf("short load: %d requests, by status %s, %d acknowledged writes, %d objects checked on "
                        + "both gateways, %d undocumented errors, %d lost updates%n%s%s%n", result.requests(),
                result.byStatus(), result.acknowledgedWrites(), result.checked(), result.errors().size(),
                result.lost().size(), result.table(), String.join("\n", result.heaps()));
        assertEquals("undocumented errors:\n" + String.join("\n", result.errors()), 0, result.errors().size());
        assertEquals("lost updates:\n" + String.join("\n", result.lost()), 0, result.lost().size());
        assertTrue("the run made changes: " + result.acknowledgedWrites(), result.acknowledgedWrites() >= 20);
        assertTrue("and checked them: " + result.checked(), result.checked() >= 20);
    }

    @Test
    public void chapSecretsAreNeverLogged() throws Exception {
        String target = "iqn.2003-01.com.example.iscsi-gw:chaplog";
        String client = "iqn.1994-05.com.example:chaplog-host";
        List<String> secrets = new ArrayList<>();
        gw1.ok("PUT", "/api/target/" + target, Map.of());
        gw1.ok("PUT", "/api/gateway/" + target + "/gw1", Map.of("ip_address", "127.0.0.1", "skipchecks", "true"));
        gw2.ok("PUT", "/api/gateway/" + target + "/gw2", Map.of("ip_address", "127.0.0.2", "skipchecks", "true"));
        gw2.ok("PUT", "/api/client/" + target + "/" + client, Map.of());
        long epoch = 0;
        for (int round = 0; round < 2; round++) { // create, then update, on each gateway
            for (GatewayProcess gw : List.of(gw1, gw2)) {
                String[] s = {secret(), secret(), secret(), secret()};
                secrets.addAll(List.of(s));
                gw.ok("PUT", "/api/clientauth/" + target + "/" + client, Map.of("username", "chapuser" + round,
                        "password", s[0], "mutual_username", "mutualuser" + round, "mutual_password", s[1]));
                GatewayProcess.Reply last = gw.ok("PUT", "/api/discoveryauth", Map.of("username", "discuser" + round,
                        "password", s[2], "mutual_username", "discmutual" + round, "mutual_password", s[3]));
                epoch = ((Number) last.json().get("epoch")).longValue();
            }
        }
        // both gateways applied the last epoch to their LIO (so every reconcile that saw a secret has logged)
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (((Number) gw.ok("GET", "/api/_status", Map.of()).json().get("applied_epoch")).longValue() < epoch
                    && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
        }
        String last = secrets.get(secrets.size() - 4);
        assertTrue("the secret reached LIO (so the search below is not vacuous)", Files.readString(
                gw1.configfs().resolve("target/iscsi/" + target + "/tpgt_1/acls/" + client + "/auth/password"))
                .contains(last));
        List<String> found = new ArrayList<>();
        int files = 0;
        for (GatewayProcess gw : List.of(gw1, gw2)) {
            List<Path> logs = new ArrayList<>(List.of(gw.home().resolve("console.out")));
            try (Stream<Path> walk = Files.walk(gw.home().resolve("data/log"))) {
                walk.filter(Files::isRegularFile).forEach(logs::add);
            }
            for (Path log : logs) {
                files++;
                String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    if (text.contains(secret)) {
                        found.add(secret + " in " + log);
                    }
                }
            }
        }
        String printed = PRINTED.toString(StandardCharsets.UTF_8);
        for (String secret : secrets) {
            if (printed.contains(secret)) {
                found.add(secret + " in the test output");
            }
        }
        System.out.printf("CHAP secrets searched: %d in %d log files of two appliances (DEBUG) and the test output:"
                + " %d found%n", secrets.size(), files, found.size());
        assertEquals("CHAP secrets in logs: " + found, List.of(), found);
    }

    /** 12-16 characters of upstream's CHAP password alphabet, unlikely to occur by chance. */
    private static String secret() {
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder out = new StringBuilder("Zq");
        for (int i = 0; i < 12; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
