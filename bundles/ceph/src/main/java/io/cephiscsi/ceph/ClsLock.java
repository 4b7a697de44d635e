package io.cephiscsi.ceph;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Inputs of the OSD's {@code lock} object class, in Ceph's wire encoding, for calls folded into a write operation.
 * {@code cls_lock_unlock_op} is: ENCODE_START(1, 1) — version byte, compat byte, 32-bit little-endian length — then
 * the lock name and the cookie, each a 32-bit little-endian length and its bytes.
 */
final class ClsLock {

    private ClsLock() {
    }

    static byte[] unlockOp(String name, String cookie) {
        byte[] body = concat(string(name), string(cookie));
        ByteBuffer header = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 1).put((byte) 1).putInt(body.length);
        return concat(header.array(), body);
    }

    private static byte[] string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(4 + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(bytes.length).put(bytes);
        return buffer.array();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(first.length + second.length);
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
