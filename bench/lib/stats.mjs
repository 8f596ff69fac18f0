export function median(values) {
  return quantile(values, 0.5);
}

/** Linear interpolation between closest ranks, so p95 of 200 samples sits between the 190th and 191st. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export const ms = (v) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (kib) => `${(kib / 1024).toFixed(0)} MB`;
export const sleep = (millis) => new Promise((resolve) => setTimeout(resolve, millis));
