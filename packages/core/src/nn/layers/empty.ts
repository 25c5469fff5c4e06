import type { Shape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { zeros } from '../../ops/creation.js';

/** Storage for a parameter that an initialiser fills right after (`torch.empty`). */
export const empty = (shape: Shape): Tensor => zeros(shape);
