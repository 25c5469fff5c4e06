# Generates fixtures/softmax-pool-torch.json with PyTorch (Debian's python3-torch 1.13):
#   /usr/bin/python3 packages/core/tests/scripts/softmax-pool-torch.py > packages/core/tests/fixtures/softmax-pool-torch.json
# Shapes are large enough (64+ elements in and out) for the CPU backend's WASM kernels to run.
# Tensors are stored as base64 of their little-endian float32 (argmax: int32) bytes.
import base64
import json
import torch

torch.manual_seed(9)


def b64(t):
    return base64.b64encode(t.detach().contiguous().numpy().astype('<f4').tobytes()).decode()


cases = []
for rows, cols in [(64, 1), (67, 5), (64, 17), (2, 1023)]:
    x = (torch.randn(rows, cols) * 8).requires_grad_()
    with torch.no_grad():
        # A row of -inf but one value, and a dominant value.
        x[rows // 2] = float('-inf')
        x[rows // 2, 0] = 2.0
        x[rows - 1, 0] = 80.0
    g = torch.randn(rows, cols)
    out = {}
    for name, fn in [('softmax', torch.softmax), ('log_softmax', torch.log_softmax)]:
        y = fn(x, dim=-1)
        (grad,) = torch.autograd.grad(y, x, g)
        out[name] = b64(y)
        out[name + '_grad'] = b64(grad)
    cases.append({'kind': 'softmax', 'shape': [rows, cols], 'x': b64(x), 'g': b64(g), **out})

for shape, kernel, stride, padding in [([2, 3, 14, 14], 2, 2, 0), ([2, 2, 12, 21], 3, 1, 1), ([2, 4, 10, 9], 3, 2, 1)]:
    x = torch.randn(*shape).requires_grad_()
    mp, idx = torch.nn.functional.max_pool2d(x, kernel, stride, padding, return_indices=True)
    g = torch.randn(mp.shape)
    (mgrad,) = torch.autograd.grad(mp, x, g)
    ap = torch.nn.functional.avg_pool2d(x, kernel, stride, padding)
    (agrad,) = torch.autograd.grad(ap, x, g)
    cases.append({
        'kind': 'pool', 'shape': shape, 'kernel': kernel, 'stride': stride, 'padding': padding,
        'x': b64(x), 'g': b64(g), 'max': b64(mp), 'argmax': base64.b64encode(idx.to(torch.int32).numpy().astype('<i4').tobytes()).decode(), 'max_grad': b64(mgrad),
        'avg': b64(ap), 'avg_grad': b64(agrad),
    })

print(json.dumps({'torch': torch.__version__, 'cases': cases}))
