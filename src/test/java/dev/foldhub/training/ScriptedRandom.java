package dev.foldhub.training;

import java.util.Random;

/** A Random whose nextDouble returns the given values in turn, for tests that work a draw out by hand. */
public final class ScriptedRandom extends Random {

    private final double[] doubles;
    private int next;

    public ScriptedRandom(double... doubles) {
        this.doubles = doubles;
    }

    @Override
    public double nextDouble() {
        return doubles[next++];
    }
}
