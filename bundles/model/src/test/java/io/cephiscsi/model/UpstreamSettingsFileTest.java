package io.cephiscsi.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Reading upstream's INI file as Python's ConfigParser would. */
public class UpstreamSettingsFileTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path write(String text) throws IOException {
        Path file = temp.newFile("iscsi-gateway.cfg").toPath();
        Files.writeString(file, text);
        return file;
    }

    @Test
    public void readsTheThreeSectionsAndSkipsComments() throws IOException {
        Path file = write(String.join("\n",
                "# written by the docs' sample",
                "[config]",
                "; the cluster",
                "cluster_name = ceph",
                "api_secure: false",
                "  # an indented comment",
                "trusted_ip_list = 192.168.0.10,192.168.0.11",
                "",
                "[target]",
                "cmdsn_depth=64",
                "",
                "[device_status]",
                "status_check_interval = 20",
                "",
                "[other]",
                "api_port = 1"));
        assertEquals(Map.of("cluster_name", "ceph", "api_secure", "false",
                        "trusted_ip_list", "192.168.0.10,192.168.0.11", "cmdsn_depth", "64",
                        "status_check_interval", "20"),
                UpstreamSettingsFile.read(file));
    }

    @Test
    public void keysAreLowerCasedAndValuesTrimmed() throws IOException {
        assertEquals(Map.of("api_port", "5001", "api_user", "Admin Name"),
                UpstreamSettingsFile.parse("[config]\n  API_Port   =   5001  \napi_user = Admin Name\n"));
    }

    @Test
    public void firstDelimiterSplitsKeyFromValue() throws IOException {
        assertEquals(Map.of("api_host", "::1", "api_password", "a=b:c"),
                UpstreamSettingsFile.parse("[config]\napi_host = ::1\napi_password: a=b:c\n"));
    }

    @Test
    public void emptyValueIsKept() throws IOException {
        assertEquals(Map.of("log_to_stderr_prefix", ""), UpstreamSettingsFile.parse("[config]\nlog_to_stderr_prefix =\n"));
    }

    @Test
    public void indentedLinesContinueTheValue() throws IOException {
        assertEquals(Map.of("trusted_ip_list", "10.0.0.1,\n10.0.0.2"),
                UpstreamSettingsFile.parse("[config]\ntrusted_ip_list = 10.0.0.1,\n    10.0.0.2\n"));
    }

    @Test
    public void defaultSectionAndInterpolation() throws IOException {
        Map<String, String> read = UpstreamSettingsFile.parse(String.join("\n",
                "[DEFAULT]",
                "dir = /srv/ceph",
                "[config]",
                "ceph_config_dir = %(dir)s/etc",
                "api_password = 100%%sure"));
        assertEquals("/srv/ceph/etc", read.get("ceph_config_dir"));
        assertEquals("100%sure", read.get("api_password"));
        assertEquals("/srv/ceph", read.get("dir")); // DEFAULT keys show up, and are then ignored as unknown
    }

    @Test
    public void lonePercentSignIsAnError() {
        IOException e = assertThrows(IOException.class, () -> UpstreamSettingsFile.parse("[config]\napi_password = 50%\n"));
        assertTrue(e.getMessage(), e.getMessage().contains("api_password"));
    }

    @Test
    public void missingFileIsEmpty() throws IOException {
        assertEquals(Map.of(), UpstreamSettingsFile.read(temp.getRoot().toPath().resolve("absent.cfg")));
    }

    @Test
    public void unreadableFileIsAnIoError() {
        // a directory cannot be read as a file, even by root
        assertThrows(IOException.class, () -> UpstreamSettingsFile.read(temp.getRoot().toPath()));
    }

    @Test
    public void settingBeforeAnySectionIsAnError() throws IOException {
        Path file = write("api_port = 5001\n[config]\n");
        IOException e = assertThrows(IOException.class, () -> UpstreamSettingsFile.read(file));
        assertTrue(e.getMessage(), e.getMessage().contains(file.toString()));
        assertTrue(e.getMessage(), e.getMessage().contains("line 1"));
    }

    @Test
    public void lineWithoutDelimiterIsAnError() {
        IOException e = assertThrows(IOException.class, () -> UpstreamSettingsFile.parse("[config]\n\napi_port 5001\n"));
        assertTrue(e.getMessage(), e.getMessage().contains("line 3"));
    }

    @Test
    public void duplicateKeyIsAnError() {
        assertThrows(IOException.class, () -> UpstreamSettingsFile.parse("[config]\npool = a\nPool = b\n"));
    }

    @Test
    public void fileFeedsTheSettings() throws IOException {
        Path file = write("[config]\napi_port = 5001\ngateway_keyring = ceph.client.admin.keyring\n"
                + "[target]\ninitial_r2t = No\n");
        GatewaySettings s = GatewaySettings.of(UpstreamSettingsFile.read(file), Map.of(), p -> false);
        assertEquals(5001, s.apiPort());
        assertEquals(Boolean.FALSE, s.targetDefaults().get("initial_r2t"));
        assertEquals(java.util.List.of("gateway_keyring"), s.ignoredKeys());
    }
}
