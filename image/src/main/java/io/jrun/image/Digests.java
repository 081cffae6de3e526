package io.jrun.image;

import io.jrun.api.JrunException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** sha256 digests as OCI writes them ("sha256:" and 64 lowercase hex digits), and checking blobs against them. */
final class Digests {
    private Digests() {}

    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");

    /**
     * {@code digest}, checked to be a well-formed sha256 digest: it names files (blobs/sha256/HEX),
     * so nothing else may pass.
     */
    static String check(String digest, String where) {
        if (digest == null || digest.isEmpty()) {
            throw new JrunException(where + ": no digest");
        }
        if (SHA256.matcher(digest).matches()) {
            return digest;
        }
        int colon = digest.indexOf(':');
        if (colon > 0 && !digest.startsWith("sha256:") && digest.substring(0, colon).matches("[a-z0-9+._-]+")) {
            throw new JrunException(where + ": unsupported digest algorithm in \"" + digest + "\" (jrun verifies sha256)");
        }
        throw new JrunException(where + ": malformed digest \"" + digest + "\"");
    }

    /** The hex part of a checked digest. */
    static String hex(String digest) {
        return digest.substring("sha256:".length());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The digest of {@code data}. */
    static String of(byte[] data) {
        return hexDigest(sha256().digest(data));
    }

    /** "sha256:" and the hash in hex. */
    static String hexDigest(byte[] hash) {
        return "sha256:" + HexFormat.of().formatHex(hash);
    }

    /**
     * Checks a blob read whole: its digest and, when known ({@code expectedSize} >= 0), its size.
     *
     * @param what what the blob is, for the message ("layer 2 of 3", "the image config")
     */
    static void verify(String expected, String actual, long expectedSize, long actualSize, String what) {
        if (!expected.equals(actual)) {
            throw new JrunException("blob " + expected + " (" + what + ") is corrupt: its content hashes to " + actual);
        }
        if (expectedSize >= 0 && expectedSize != actualSize) {
            throw new JrunException("blob " + expected + " (" + what + ") is corrupt: it has " + actualSize
                    + " bytes, its descriptor says " + expectedSize);
        }
    }

    /** A stream that hashes and counts what is read through it. */
    static final class Hashing extends FilterInputStream {
        private final MessageDigest md = sha256();
        private long count;
        private String digest;

        Hashing(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                md.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                md.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // every byte must be hashed: read what is skipped
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        /** Reads the rest of the stream, then the digest of all of it. */
        String finish() throws IOException {
            if (digest == null) {
                transferTo(java.io.OutputStream.nullOutputStream());
                digest = hexDigest(md.digest());
            }
            return digest;
        }

        long count() {
            return count;
        }
    }
}
