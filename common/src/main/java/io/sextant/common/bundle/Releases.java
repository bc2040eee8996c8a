package io.sextant.common.bundle;

import io.sextant.common.model.ModelRelease;
import java.time.Instant;

/** Between a {@link SignedBundle} and the {@link ModelRelease} message that carries it to a site. */
public final class Releases {
  private Releases() {}

  public static ModelRelease toRelease(SignedBundle signed, String site, Instant time) {
    ModelBundle b = signed.bundle();
    return new ModelRelease(null, site, time, b.modelId(), b.version(), signed.keyId(), b.canonicalBytes(),
        signed.signature());
  }

  /**
   * The signed bundle a release carries. Throws {@link IllegalArgumentException} when the bytes
   * are not a bundle, or when the release's own model id or version disagree with the bundle's
   * (the envelope fields are not signed, so they must not be believed over the bundle).
   */
  public static SignedBundle fromRelease(ModelRelease release) {
    ModelBundle b = ModelBundle.parse(release.bundle());
    if (!b.modelId().equals(release.modelId()) || b.version() != release.version()) {
      throw new IllegalArgumentException("release says " + release.modelId() + "@" + release.version()
          + " but carries " + b.modelId() + "@" + b.version());
    }
    return new SignedBundle(b, release.keyId(), release.signature());
  }
}
