// mulberry32: a tiny seeded PRNG, uniform in [0, 1), so a randomised test can be replayed
// from the seed it prints. Shared by the signer's property tests and the chaos soaks.
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
