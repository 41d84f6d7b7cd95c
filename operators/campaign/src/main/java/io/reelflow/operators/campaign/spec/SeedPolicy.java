package io.reelflow.operators.campaign.spec;

import java.io.Serializable;

/** How an output's seed is chosen. Every policy gives the same seed on every run, so reruns reproduce outputs. */
public sealed interface SeedPolicy extends Serializable {

    long seedFor(OutputKey key);

    /** The same seed for every output. */
    record Fixed(long seed) implements SeedPolicy {
        @Override
        public long seedFor(OutputKey key) {
            return seed;
        }

        @Override
        public String toString() {
            return Long.toString(seed);
        }
    }

    /** One seed per template and variant, shared by its formats, so a variant's square and portrait match. */
    record PerVariant() implements SeedPolicy {
        @Override
        public long seedFor(OutputKey key) {
            return Fingerprints.seed("per-variant", key.template(), key.variant());
        }

        @Override
        public String toString() {
            return "per-variant";
        }
    }

    /** Each output its own seed, unrelated to the others' (derived from its key: random-looking, but stable). */
    record Random() implements SeedPolicy {
        @Override
        public long seedFor(OutputKey key) {
            return Fingerprints.seed("random", key.template(), key.variant(), key.format());
        }

        @Override
        public String toString() {
            return "random";
        }
    }
}
