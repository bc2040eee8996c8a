package io.sextant.common.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys in the usual PEM files ({@code openssl genpkey -algorithm ed25519} writes the
 * private key as PKCS#8 "PRIVATE KEY"; {@code openssl pkey -pubout} the public one as X.509
 * "PUBLIC KEY"). DER files without the PEM armour are read too.
 */
public final class KeyFiles {
  private KeyFiles() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no Ed25519: " + e.getMessage(), e);
    }
  }

  /** Writes a new key pair; the private file is readable by its owner only where POSIX allows. */
  public static KeyPair generate(Path privateFile, Path publicFile) throws IOException {
    KeyPair pair = generate();
    write(privateFile, "PRIVATE KEY", pair.getPrivate().getEncoded());
    try {
      Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing better to do than the platform default.
    }
    write(publicFile, "PUBLIC KEY", pair.getPublic().getEncoded());
    return pair;
  }

  public static PrivateKey readPrivate(Path file) throws IOException {
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(file, "PRIVATE KEY")));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": not an Ed25519 PKCS#8 private key (" + e.getMessage() + ")", e);
    }
  }

  public static PublicKey readPublic(Path file) throws IOException {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(file, "PUBLIC KEY")));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": not an Ed25519 X.509 public key (" + e.getMessage() + ")", e);
    }
  }

  /** A short stable name for a public key: "ed25519-" and the first 8 bytes of its SHA-256, in hex. */
  public static String keyId(PublicKey key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return "ed25519-" + HexFormat.of().formatHex(h, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path file, String type, byte[] der) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }

  private static byte[] der(Path file, String type) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    String text = new String(raw, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + type + "-----";
    int start = text.indexOf(begin);
    if (start < 0) {
      if (text.contains("-----BEGIN")) {
        throw new IOException(file + ": PEM file without a '" + begin + "' block");
      }
      return raw;
    }
    int end = text.indexOf("-----END " + type + "-----", start);
    if (end < 0) {
      throw new IOException(file + ": PEM block '" + type + "' is not closed");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": PEM body is not base64 (" + e.getMessage() + ")", e);
    }
  }
}
