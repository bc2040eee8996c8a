package io.sextant.common.security;

import io.sextant.common.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A listener's TLS from PEM files, as operators get them from their CA or cert-manager: the
 * certificate chain (leaf first), its private key in PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA, EC
 * or Ed25519, unencrypted: the file's permissions protect it) and, optionally, the CA whose
 * certificates clients must then present (mutual TLS). Read at once, so a bad file fails the
 * node's start with the field's name rather than the first handshake.
 *
 * @param certificate the PEM certificate chain
 * @param privateKey the PEM PKCS#8 private key
 * @param clientCa the PEM CA certificates clients must present one of; null: no client certificate asked
 */
public record TlsFiles(Path certificate, Path privateKey, Path clientCa) {
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1PRIVATE KEY-----");
  private static final String ALIAS = "sextant";

  public TlsFiles {
    if (certificate == null || privateKey == null) {
      throw new ConfigException("tls: certificate and private-key are both required");
    }
  }

  /** The server's context: its key and chain, and the client CA when one is set. */
  public SSLContext sslContext() {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore(new char[0]), new char[0]);
      TrustManagerFactory trust = null;
      if (clientCa != null) {
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore());
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new ConfigException("tls: cannot build a TLS context from " + certificate + " and " + privateKey
          + ": " + e.getMessage(), e);
    }
  }

  /** The key and its chain in a PKCS#12 store under {@code password}. */
  public KeyStore keyStore(char[] password) {
    List<Certificate> chain = certificates(certificate, "tls.certificate");
    PrivateKey key = readPrivateKey();
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(ALIAS, key, password, chain.toArray(Certificate[]::new));
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException("tls.private-key: " + privateKey + " does not match the certificate " + certificate
          + ": " + e.getMessage(), e);
    }
  }

  /** The client CA's certificates as a PKCS#12 trust store; null without a client CA. */
  public KeyStore trustStore() {
    if (clientCa == null) {
      return null;
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      List<Certificate> cas = certificates(clientCa, "tls.client-ca");
      for (int i = 0; i < cas.size(); i++) {
        ks.setCertificateEntry("ca-" + i, cas.get(i));
      }
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException("tls.client-ca: " + e.getMessage(), e);
    }
  }

  /** A store written out as PKCS#12 bytes (for a server that reads its key store from a resource). */
  public static byte[] pkcs12(KeyStore store, char[] password) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password);
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("a PKCS#12 store in memory cannot fail to be written", e);
    }
  }

  private static List<Certificate> certificates(Path file, String field) {
    byte[] pem = read(file, field);
    try {
      List<Certificate> out = List.copyOf(CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem)));
      if (out.isEmpty()) {
        throw new ConfigException(field + ": " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      }
      return out;
    } catch (java.security.cert.CertificateException e) {
      throw new ConfigException(field + ": " + file + " is not a PEM certificate chain: " + e.getMessage(), e);
    }
  }

  private PrivateKey readPrivateKey() {
    String text = new String(read(privateKey, "tls.private-key"), StandardCharsets.US_ASCII);
    Matcher m = PRIVATE_KEY.matcher(text);
    if (!m.find()) {
      throw new ConfigException("tls.private-key: " + privateKey + " holds no PEM private key");
    }
    if (!m.group(1).isEmpty()) {
      throw new ConfigException("tls.private-key: " + privateKey + " is a '" + m.group(1).strip() + " PRIVATE KEY'; "
          + "write it as unencrypted PKCS#8: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(2)));
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm; try the next
      }
    }
    throw new ConfigException("tls.private-key: " + privateKey + " is not an RSA, EC or Ed25519 PKCS#8 key");
  }

  private static byte[] read(Path file, String field) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(field + ": cannot read " + file + ": " + e, e);
    }
  }
}
