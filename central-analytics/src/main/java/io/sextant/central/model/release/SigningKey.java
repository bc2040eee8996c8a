package io.sextant.central.model.release;

import io.sextant.common.bundle.BundleSigner;
import io.sextant.common.bundle.KeyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The centre's Ed25519 release key. Configured as a pair of PEM files (the public one is what the
 * edges trust, and names the key: {@link KeyFiles#keyId}), generated into a directory on first use
 * for the demo, or ephemeral for tests.
 */
public record SigningKey(String keyId, PrivateKey privateKey, PublicKey publicKey) {
  public static final String PRIVATE_FILE = "release.key";
  public static final String PUBLIC_FILE = "release.pub";

  public static SigningKey fromFiles(Path privateFile, Path publicFile) throws IOException {
    PublicKey pub = KeyFiles.readPublic(publicFile);
    return new SigningKey(KeyFiles.keyId(pub), KeyFiles.readPrivate(privateFile), pub);
  }

  /** The key in {@code dir}, generated there when the directory has none yet. */
  public static SigningKey inDirectory(Path dir) throws IOException {
    Path priv = dir.resolve(PRIVATE_FILE);
    Path pub = dir.resolve(PUBLIC_FILE);
    if (!Files.exists(priv) && !Files.exists(pub)) {
      KeyFiles.generate(priv, pub);
    }
    return fromFiles(priv, pub);
  }

  public static SigningKey ephemeral() {
    KeyPair pair = KeyFiles.generate();
    return new SigningKey(KeyFiles.keyId(pair.getPublic()), pair.getPrivate(), pair.getPublic());
  }

  public BundleSigner signer() {
    return new BundleSigner(keyId, privateKey);
  }

  @Override
  public String toString() {
    return "SigningKey[" + keyId + "]";
  }
}
