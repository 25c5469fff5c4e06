import { F32_INF, F32_NAN } from '../wgsl.js';

/**
 * `powf(a, b)` with the C/JS semantics WGSL's `pow` lacks (it is undefined for a < 0):
 * negative bases with integral exponents, zero bases, and b == 0 giving 1.
 */
export const POW_WGSL = `
fn powf(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (a != a || b != b) { return a + b; }
  if (a == 0.0) { return select(${F32_INF}, 0.0, b > 0.0); }
  if (a < 0.0) {
    if (floor(b) != b) { return ${F32_NAN}; }
    let m = pow(-a, b);
    return select(m, -m, (abs(b) % 2.0) == 1.0);
  }
  return pow(a, b);
}`;

/** Numerical Recipes' `erfcc` fit, as the CPU backend's `erf` (fractional error < 1.2e-7). */
export const ERF_WGSL = `
fn erff(x: f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
    t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  let erfc = t * exp(poly);
  return select(erfc - 1.0, 1.0 - erfc, x >= 0.0);
}`;

/** tanh that stays finite for large |x| (exp(2x) overflows in the textbook form). */
export const TANH_WGSL = `
fn tanhf(x: f32) -> f32 {
  let e = exp(-2.0 * abs(x));
  let r = (1.0 - e) / (1.0 + e);
  return select(-r, r, x >= 0.0);
}`;
