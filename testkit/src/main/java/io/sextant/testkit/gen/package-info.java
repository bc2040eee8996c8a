/**
 * Seeded generators of test inputs for generated-input tests (codecs, parsers, the localization
 * math): a {@link io.sextant.testkit.gen.Gen} draws one value from a {@link java.util.Random},
 * and {@link io.sextant.testkit.gen.FixedSeeds} feeds a JUnit {@code @ParameterizedTest} a fixed
 * list of seeds, so a failure names its seed and every run replays the same inputs.
 *
 * <p>Generators mix fixed edge cases (empty strings and lists, lone surrogates, NaN, infinities,
 * -0.0, the ends of a range) into random values: one draw in six is an edge case, so 200 seeds
 * drawing ten values each meet every edge case of a generator ({@code GenCoverageTest} holds them
 * to it). A test that draws a value only once per seed from a generator with many edge cases
 * weights the ones it cares about itself, as the exposition round trip does for doubles.
 *
 * <p>It does not shrink a failing input, search adaptively or keep a database of failures: a
 * failing seed is reproduced by running its test again (or only it, with {@code
 * -Dtestkit.seeds=SEED}). Generators specific to one test stay in that test; the simulated cloud's
 * own seeded data lives in {@code io.sextant.testkit.sim}.
 */
package io.sextant.testkit.gen;
