package io.sextant.common.bundle;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/** Signs bundles with one Ed25519 private key (central side); the key id tells the edge which public key to use. */
public final class BundleSigner {
  private final String keyId;
  private final PrivateKey key;

  public BundleSigner(String keyId, PrivateKey key) {
    if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
      throw new IllegalArgumentException("key " + keyId + ": Ed25519 required, got " + key.getAlgorithm());
    }
    this.keyId = keyId;
    this.key = key;
  }

  public SignedBundle sign(ModelBundle bundle) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(bundle.canonicalBytes());
      return new SignedBundle(bundle, keyId, s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign bundle " + bundle.modelId() + ": " + e.getMessage(), e);
    }
  }
}
