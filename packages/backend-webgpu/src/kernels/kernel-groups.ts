import type { KernelName } from '@flint/core';

// The kernel families of core's table (core does not export these unions by name).
export type BinaryKernelName = Extract<KernelName,
  | 'Add' | 'Sub' | 'Mul' | 'Div' | 'Maximum' | 'Minimum' | 'Pow'
  | 'Equal' | 'NotEqual' | 'Greater' | 'GreaterEqual' | 'Less' | 'LessEqual' | 'LogicalAnd' | 'LogicalOr'>;

export type UnaryKernelName = Extract<KernelName,
  | 'Neg' | 'Abs' | 'Exp' | 'Log' | 'Sqrt' | 'Rsqrt' | 'Tanh' | 'Sigmoid' | 'Relu' | 'Erf' | 'Sign'
  | 'Sin' | 'Cos' | 'Floor' | 'Ceil' | 'Round' | 'LogicalNot' | 'Copy'>;

export type ReduceKernelName = Extract<KernelName, 'Sum' | 'Max' | 'Min' | 'Prod'>;
