package io.sextant.sim.rca;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated application: services in tiers, each calling some of the tiers below it, with
 * their own resource levels and noise. Service {@code i} only calls services with a larger index,
 * so the index order is a topological order (callers first).
 */
public final class ServiceApp {
  final String[] names;
  final boolean[] database;
  /** calls.get(i): the services i calls, with the share of i's requests that call each. */
  final List<int[]> calls = new ArrayList<>();
  final List<double[]> callShare = new ArrayList<>();
  final double[] cpu;
  final double[] mem;
  final double[] ownLatency;
  final double[] tail;
  final double[] errorRate;
  final double[] noise;
  final double[] disk;

  /** {@code size} services in total, 10–40. */
  public ServiceApp(int size, SplittableRandom rng) {
    if (size < 4) {
      throw new IllegalArgumentException("an application needs at least 4 services, got " + size);
    }
    names = new String[size];
    database = new boolean[size];
    cpu = new double[size];
    mem = new double[size];
    ownLatency = new double[size];
    tail = new double[size];
    errorRate = new double[size];
    noise = new double[size];
    disk = new double[size];
    int entries = size >= 20 ? 2 : 1;
    int dbs = Math.max(2, size / 5);
    int middle = size - entries - dbs;
    int[] tier = new int[size];
    for (int i = 0; i < size; i++) {
      if (i < entries) {
        names[i] = i == 0 ? "frontend" : "gateway";
        tier[i] = 0;
      } else if (i < entries + middle) {
        names[i] = String.format("svc-%02d", i - entries + 1);
        tier[i] = 1 + (int) ((i - entries) * 3L / middle); // tiers 1..3
      } else {
        names[i] = String.format("db-%02d", i - entries - middle + 1);
        database[i] = true;
        tier[i] = 4;
      }
      cpu[i] = 5 + rng.nextDouble() * 40;               // percent of a core at the mean load
      mem[i] = 100 + rng.nextDouble() * 900;             // MiB
      ownLatency[i] = database[i] ? 1 + rng.nextDouble() * 5 : 2 + rng.nextDouble() * 20; // ms
      tail[i] = 1.6 + rng.nextDouble() * 1.6;            // p90 / p50
      errorRate[i] = rng.nextDouble() < 0.5 ? 0 : rng.nextDouble() * 0.005;
      noise[i] = 0.01 + rng.nextDouble() * rng.nextDouble() * 0.12; // a few services are very noisy
      disk[i] = database[i] ? 50 + rng.nextDouble() * 500 : 0;    // IOPS
    }
    for (int i = 0; i < size; i++) {
      List<Integer> below = new ArrayList<>();
      for (int j = i + 1; j < size; j++) {
        if (tier[j] > tier[i]) {
          below.add(j);
        }
      }
      int want = database[i] ? 0 : Math.min(below.size(), 1 + rng.nextInt(tier[i] == 0 ? 5 : 3));
      List<Integer> chosen = new ArrayList<>();
      // prefer the next tier down, as real call graphs mostly step one tier at a time
      while (chosen.size() < want) {
        int j = below.get(rng.nextDouble() < 0.7 ? rng.nextInt(Math.min(below.size(), 6)) : rng.nextInt(below.size()));
        if (!chosen.contains(j)) {
          chosen.add(j);
        }
      }
      int[] c = chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
      double[] share = new double[c.length];
      for (int k = 0; k < c.length; k++) {
        share[k] = 0.3 + rng.nextDouble() * 0.7;
      }
      calls.add(c);
      callShare.add(share);
    }
    // every non-entry service is called by someone, or it would be unreachable from the front
    for (int j = entries; j < size; j++) {
      boolean called = false;
      for (int i = 0; i < j && !called; i++) {
        for (int c : calls.get(i)) {
          called |= c == j;
        }
      }
      if (!called) {
        int caller = pickCaller(tier, j, rng);
        int[] old = calls.get(caller);
        int[] c = Arrays.copyOf(old, old.length + 1);
        c[old.length] = j;
        double[] s = Arrays.copyOf(callShare.get(caller), old.length + 1);
        s[old.length] = 0.3 + rng.nextDouble() * 0.7;
        calls.set(caller, c);
        callShare.set(caller, s);
      }
    }
  }

  /** A random non-database service of a higher tier than {@code j} (the front end always qualifies). */
  private int pickCaller(int[] tier, int j, SplittableRandom rng) {
    List<Integer> above = new ArrayList<>();
    for (int i = 0; i < j; i++) {
      if (tier[i] < tier[j] && !database[i]) {
        above.add(i);
      }
    }
    return above.get(rng.nextInt(above.size()));
  }

  public int size() {
    return names.length;
  }

  public String name(int i) {
    return names[i];
  }

  /** {@code cause,effect} pairs: effect calls cause. */
  public List<String[]> edges() {
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < size(); i++) {
      for (int c : calls.get(i)) {
        out.add(new String[] {names[c], names[i]});
      }
    }
    return out;
  }

  /** Every service {@code j} calls, transitively (not {@code j} itself). */
  List<Integer> dependenciesOf(int j) {
    List<Integer> out = new ArrayList<>();
    List<Integer> todo = new ArrayList<>(List.of(j));
    while (!todo.isEmpty()) {
      for (int c : calls.get(todo.remove(todo.size() - 1))) {
        if (!out.contains(c)) {
          out.add(c);
          todo.add(c);
        }
      }
    }
    return out;
  }

  /** Service {@code j} and every service that calls it, transitively. */
  List<Integer> callersOf(int j) {
    List<Integer> out = new ArrayList<>(List.of(j));
    for (int k = 0; k < out.size(); k++) {
      int t = out.get(k);
      for (int i = 0; i < t; i++) {
        for (int c : calls.get(i)) {
          if (c == t && !out.contains(i)) {
            out.add(i);
          }
        }
      }
    }
    return out;
  }
}
