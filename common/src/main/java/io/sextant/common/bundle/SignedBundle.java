package io.sextant.common.bundle;

/** A bundle with the id of the signing key and its Ed25519 signature over {@link ModelBundle#canonicalBytes()}. */
public record SignedBundle(ModelBundle bundle, String keyId, byte[] signature) {
  public SignedBundle {
    if (bundle == null || keyId == null || keyId.isBlank() || signature == null) {
      throw new IllegalArgumentException("signed bundle: bundle, keyId and signature are required");
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
