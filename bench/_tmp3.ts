import { simulate, pool, averageSpeedOfAnswer, probabilityOfWaiting } from "@moked/wfm";
const intervals = Array.from({ length: 48 }, (_, i) => ({ startOffsetSeconds: i * 1800, lengthSeconds: 1800, volume: 100 }));
const t0 = performance.now();
for (const n of [12, 14]) {
  const asas: number[] = [], pw: number[] = [];
  for (let seed = 1; seed <= 20; seed++) {
    const r = simulate({ seed, start: 0, intervals, ahtSeconds: 180, agents: Array.from({ length: n }, (_, i) => ({ id: `a${i}` })) });
    const p = pool(r.intervals.slice(2));
    asas.push(p.asaSeconds!); pw.push(p.probabilityOfWaiting!);
  }
  const m = (x: number[]) => x.reduce((a, b) => a + b) / x.length;
  const se = (x: number[]) => Math.sqrt(x.reduce((a, b) => a + (b - m(x)) ** 2, 0) / (x.length - 1) / x.length);
  console.log(n, m(asas), se(asas), averageSpeedOfAnswer(n, { volume: 100, ahtSeconds: 180, intervalSeconds: 1800 }), m(pw), se(pw), probabilityOfWaiting(n, 10));
}
console.log(performance.now() - t0);
