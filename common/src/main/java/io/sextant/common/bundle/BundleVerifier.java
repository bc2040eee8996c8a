package io.sextant.common.bundle;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;
import java.util.Set;

/**
 * The edge's checks before a bundle is loaded, in order: the key is one the edge trusts, the
 * Ed25519 signature verifies over the canonical bytes (any changed byte of any field fails), and
 * every declared input is a series this edge actually has. The first failing check is the reason.
 */
public final class BundleVerifier {
  private final Map<String, PublicKey> trustedKeys;

  public BundleVerifier(Map<String, PublicKey> trustedKeys) {
    this.trustedKeys = Map.copyOf(trustedKeys);
  }

  public Verdict verify(SignedBundle signed, Set<String> availableInputs) {
    PublicKey key = trustedKeys.get(signed.keyId());
    if (key == null) {
      return Verdict.refuse("untrusted key '" + signed.keyId() + "'");
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(signed.bundle().canonicalBytes());
      if (!s.verify(signed.signature())) {
        return Verdict.refuse("signature does not verify with key '" + signed.keyId() + "' (bundle tampered or wrong key)");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Verdict.refuse("signature unreadable: " + e.getMessage());
    }
    for (String input : signed.bundle().inputs()) {
      if (!availableInputs.contains(input)) {
        return Verdict.refuse("declared input '" + input + "' is not available at this edge");
      }
    }
    return Verdict.accept();
  }
}
