/** Rows of the WebAssembly GEMM micro-kernel's register tile. */
export const GEMM_MR = 4;
/** Columns of the register tile: two f32x4 vectors. */
export const GEMM_NR = 8;
