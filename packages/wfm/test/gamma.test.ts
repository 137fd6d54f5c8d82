import { describe, expect, it } from "vitest";
import { logGamma, regularizedLowerGamma } from "../src/index";

// Independent reference for integer a: P(a, z) = 1 − e^{−z} Σ_{k<a} z^k/k!, summed in logs.
function integerP(a: number, z: number): number {
  let logTerm = -z;
  let q = 0;
  for (let k = 0; k < a; k++) {
    if (k > 0) logTerm += Math.log(z) - Math.log(k);
    q += Math.exp(logTerm);
  }
  return 1 - q;
}

// Abramowitz & Stegun 7.1.26 is too coarse; use a series for erf (converges for moderate z).
function erf(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 200; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

describe("incomplete gamma", () => {
  it("log-gamma matches factorials and Γ(1/2) = √π", () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 9);
  });

  it("P(1, z) = 1 − e^{−z}", () => {
    for (const z of [0.01, 0.5, 1, 3, 10, 40]) expect(regularizedLowerGamma(1, z)).toBeCloseTo(1 - Math.exp(-z), 13);
  });

  it("P(1/2, z) = erf(√z)", () => {
    for (const z of [0.1, 0.7, 2, 4]) expect(regularizedLowerGamma(0.5, z)).toBeCloseTo(erf(Math.sqrt(z)), 12);
  });

  it("matches the Poisson-sum identity for integer a, on both sides of a + 1", () => {
    expect(regularizedLowerGamma(3, 2)).toBeCloseTo(0.3233235838169366, 13);
    for (const [a, z] of [[5, 2], [5, 9], [100, 90], [100, 110], [1000, 1000], [1000, 950]] as const) {
      expect(regularizedLowerGamma(a, z)).toBeCloseTo(integerP(a, z), 10);
    }
  });

  it("stays finite for huge arguments", () => {
    const p = regularizedLowerGamma(1e6, 1e6);
    expect(p).toBeGreaterThan(0.49);
    expect(p).toBeLessThan(0.51);
  });
});
