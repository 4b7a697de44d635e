package io.cephiscsi.gateway.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import java.net.InetAddress;

import org.junit.Test;

public class LocalHostTest {

    private static String format(String literal) throws Exception {
        return LocalHost.format(InetAddress.getByName(literal));
    }

    @Test
    public void ipv6IsWrittenCompressedAsPythonWritesIt() throws Exception {
        assertEquals("2001:db8::1", format("2001:0db8:0:0:0:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", format("2001:db8:0:1:1:1:1:1")); // a single zero group stays
        assertEquals("2001:0:0:1::1", format("2001:0:0:1:0:0:0:1")); // the longer run wins
        assertEquals("2001:db8::1:0:0:1", format("2001:db8:0:0:1:0:0:1")); // the first of equal runs wins
        assertEquals("::", format("::"));
        assertEquals("fd00::", format("fd00:0:0:0:0:0:0:0"));
    }

    @Test
    public void ipv4AsDottedQuad() throws Exception {
        assertEquals("192.0.2.10", format("192.0.2.10"));
    }

    @Test
    public void scopedAndLinkLocalAddressesAreLeftOut() throws Exception {
        assertNull(format("fe80::1"));
    }

    @Test
    public void localAddressesLeaveOutLoopback() {
        var addresses = new LocalHost().ipAddresses();
        assertFalse(addresses.contains("127.0.0.1"));
        assertFalse(addresses.contains("::1"));
        for (String address : addresses) {
            assertFalse(address, address.contains("%"));
        }
    }
}
