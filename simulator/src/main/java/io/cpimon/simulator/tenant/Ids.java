package io.cpimon.simulator.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** Identifier shapes of a real tenant (docs/cpi-api.md §2.1). Stateless. */
public final class Ids {
    private static final char[] BASE64URL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private Ids() {
    }

    /** 28 chars, base64url alphabet, starting with "AG" like real MPL guids. */
    public static String messageGuid(RandomGenerator random) {
        StringBuilder b = new StringBuilder(28).append("AG");
        for (int i = 0; i < 26; i++) {
            b.append(BASE64URL[random.nextInt(64)]);
        }
        return b.toString();
    }

    static String transactionId(String messageGuid) {
        return HexFormat.of().formatHex(sha256(messageGuid + "/tx"), 0, 16);
    }

    public static String hex(RandomGenerator random, int chars) {
        StringBuilder b = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) {
            b.append(Character.forDigit(random.nextInt(16), 16));
        }
        return b.toString();
    }

    /** One digest per thread: looking SHA-256 up in the providers costs more than hashing a guid. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    static byte[] sha256(String s) {
        // digest() resets the digest for the next call
        return SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A stable 64-bit seed derived from text. */
    static long seedOf(String s) {
        byte[] h = sha256(s);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        return v;
    }

    static long mix(long a, long b) {
        long x = a * 0x9E3779B97F4A7C15L + b;
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }
}
