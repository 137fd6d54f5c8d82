import { describe, expect, it } from "vitest";
import { distributionMean, draw, fitLognormalSamples, fitPatience, seededRng, simulate, type Distribution } from "../src/index";

describe("distributions fitted to history", () => {
  it("a lognormal fitted to its own draws gives back μ, σ and the mean", () => {
    const truth: Distribution = { kind: "lognormal", mu: Math.log(150), sigma: 0.6 };
    const rng = seededRng(3);
    const fit = fitLognormalSamples(Array.from({ length: 20_000 }, () => draw(truth, rng)));
    expect(fit?.kind).toBe("lognormal");
    if (fit?.kind !== "lognormal") return;
    expect(fit.mu).toBeCloseTo(truth.mu, 1);
    expect(Math.abs(fit.sigma - 0.6)).toBeLessThan(0.02);
    // exp(μ + σ²/2): 150 · e^0.18 ≈ 179.6 s.
    expect(Math.abs(distributionMean(fit) - 179.6) / 179.6).toBeLessThan(0.03);
    expect(fitLognormalSamples([120])).toBeNull();
  });

  it("patience from abandons: answered callers' waits count as censored, so the fit is not fooled by who got answered", () => {
    // True patience exponential with mean 90 s; each caller would be answered after an exponential wait of mean 60 s.
    const rng = seededRng(11);
    let abandons = 0;
    let waits = 0;
    let naive = 0;
    for (let i = 0; i < 50_000; i++) {
      const patience = -Math.log(1 - rng()) * 90;
      const answerAfter = -Math.log(1 - rng()) * 60;
      if (patience < answerAfter) {
        abandons++;
        waits += patience;
        naive += patience;
      } else waits += answerAfter;
    }
    const fit = fitPatience(abandons, waits)!;
    expect(Math.abs(distributionMean(fit) - 90) / 90).toBeLessThan(0.03);
    // Averaging only the abandoners' waits would say callers hang up after about 36 s.
    expect(naive / abandons).toBeLessThan(40);
    expect(fitPatience(0, 1000)).toBeNull();
  });

  it("the simulator draws handling time and patience from fitted distributions", () => {
    const handle: Distribution = { kind: "lognormal", mu: Math.log(120), sigma: 0.8 };
    const r = simulate({
      seed: 5,
      start: Date.UTC(2026, 0, 4, 6),
      intervals: Array.from({ length: 8 }, (_, i) => ({ startOffsetSeconds: i * 1800, lengthSeconds: 1800, volume: 60 })),
      ahtSeconds: handle,
      patienceSeconds: { kind: "exponential", meanSeconds: 60 },
      agents: Array.from({ length: 6 }, (_, i) => ({ id: `a${i}` })),
    });
    // Busy time per answered contact is the mean handling time: exp(ln 120 + 0.32) ≈ 165 s.
    expect(Math.abs(r.total.busySeconds / r.total.answered - distributionMean(handle)) / distributionMean(handle)).toBeLessThan(0.1);
    expect(r.total.abandoned).toBeGreaterThan(0);
  });
});
