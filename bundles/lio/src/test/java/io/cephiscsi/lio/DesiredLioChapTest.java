package io.cephiscsi.lio;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.Test;

import io.cephiscsi.lio.LioState.Chap;
import io.cephiscsi.model.ChapCredentials;
import io.cephiscsi.model.ConfigChange;
import io.cephiscsi.model.ConfigTransaction;
import io.cephiscsi.model.GatewayConfig;
import io.cephiscsi.model.GatewaySettings;

/** Encrypted CHAP passwords reach LIO in plain; one that cannot be decrypted leaves only its own CHAP unmanaged. */
public class DesiredLioChapTest {

    private static final String IGW = DesiredLioTest.IGW;
    private static final String RH8 = DesiredLioTest.RH8;

    /** Stands in for the key pair: "enc:" + plain decrypts, anything else cannot. */
    private static final UnaryOperator<String> DECRYPT = stored -> {
        if (!stored.startsWith("enc:")) {
            throw new IllegalArgumentException("Problems decoding the encrypted password");
        }
        return stored.substring(4);
    };

    private final List<String> reported = new ArrayList<>();

    private LioState desired(GatewayConfig config) {
        GatewaySettings s = GatewaySettings.of(Map.of(), Map.of(), p -> false);
        return DesiredLio.of(config, DesiredLioTest.NODE1, new DesiredLio.Options(s, d -> 10L << 30, DECRYPT,
                (owner, error) -> reported.add(owner + ": " + error.getMessage())));
    }

    private static GatewayConfig with(ConfigChange... changes) throws Exception {
        return ConfigTransaction.of(changes).applyTo(DesiredLioTest.config());
    }

    private static ChapCredentials encrypted(String user, String stored, String mutualUser, String mutualStored) {
        return new ChapCredentials(user, stored, true, mutualUser, mutualStored, true);
    }

    @Test
    public void encryptedPasswordsReachLioInPlain() throws Exception {
        LioState s = desired(with(
                ConfigChange.setClientAuth(IGW, RH8, encrypted("rh8username", "enc:rh8password123",
                        "mutualusername", "enc:mutualpassword1")),
                ConfigChange.setDiscoveryAuth(encrypted("discoveryuser", "enc:discoverypass1", "", ""))));
        assertEquals(new Chap("rh8username", "rh8password123", "mutualusername", "mutualpassword1"),
                s.target(IGW).tpg(1).acl(RH8).chap());
        assertEquals(Chap.oneWay("discoveryuser", "discoverypass1"), s.discoveryAuth().chap());
        assertEquals(List.of(), reported);
    }

    @Test
    public void anUndecryptablePasswordLeavesOnlyThatChapUnmanagedAndIsReportedWithItsIqn() throws Exception {
        LioState s = desired(with(
                ConfigChange.setClientAuth(IGW, RH8, encrypted("rh8username", "garbage", "", "")),
                ConfigChange.setTargetAuth(IGW, encrypted("targetusername", "enc:targetpassword", "mutualusername",
                        "garbage")),
                ConfigChange.setDiscoveryAuth(encrypted("discoveryuser", "garbage", "", ""))));
        assertNotNull("the ACL is still there", s.target(IGW).tpg(1).acl(RH8));
        assertNull("its CHAP is left as LIO has it", s.target(IGW).tpg(1).acl(RH8).chap());
        assertEquals(1, s.target(IGW).tpg(1).acl(RH8).mappedLuns().size());
        assertNull(s.target(IGW).tpg(1).chap());
        assertNull(s.discoveryAuth());
        assertEquals(List.of(RH8 + ": Problems decoding the encrypted password",
                IGW + ": Problems decoding the encrypted password",
                "discovery_auth: Problems decoding the encrypted password"), reported.stream().sorted((a, b) ->
                Integer.compare(order(a), order(b))).toList());
    }

    private static int order(String line) {
        return line.startsWith(RH8) ? 0 : line.startsWith(IGW) ? 1 : 2;
    }

    @Test
    public void withoutAHookAnEncryptedPasswordIsNotWrittenAsCiphertext() throws Exception {
        GatewaySettings s = GatewaySettings.of(Map.of(), Map.of(), p -> false);
        LioState state = DesiredLio.of(with(ConfigChange.setClientAuth(IGW, RH8,
                encrypted("rh8username", "enc:rh8password123", "", ""))), DesiredLioTest.NODE1,
                new DesiredLio.Options(s, d -> -1, null));
        assertNull(state.target(IGW).tpg(1).acl(RH8).chap());
    }
}
