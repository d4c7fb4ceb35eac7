"""Independent NumPy (float64) reference for a small network: forward, backward and one Adam step.

Run: python3 make_golden.py (Debian python3-numpy: /usr/bin/python3) > small_net.json   (numpy only; the C# test GoldenNetworkTests reads the output).
Network: Linear(5,8) -> BatchNorm1d(8, train) -> LeakyReLU(0.2) -> Linear(8,6) -> LayerNorm(6) -> Tanh -> Linear(6,3)
Loss: softmax cross-entropy with integer labels, averaged over the 7 rows.
"""
import json
import numpy as np

rng = np.random.default_rng(20261121)
N, D0, D1, D2, D3 = 7, 5, 8, 6, 3
EPS = 1e-5

def lin(i, o):
    b = 1.0 / np.sqrt(i)
    return rng.uniform(-b, b, (o, i)), rng.uniform(-b, b, o)

W0, b0 = lin(D0, D1)
g1, be1 = rng.uniform(0.5, 1.5, D1), rng.uniform(-0.2, 0.2, D1)
W3, b3 = lin(D1, D2)
g4, be4 = rng.uniform(0.5, 1.5, D2), rng.uniform(-0.2, 0.2, D2)
W6, b6 = lin(D2, D3)
x = rng.normal(0, 1, (N, D0))
labels = rng.integers(0, D3, N)

# forward
h0 = x @ W0.T + b0
mu = h0.mean(0); var = h0.var(0)
inv1 = 1 / np.sqrt(var + EPS); xh1 = (h0 - mu) * inv1; h1 = g1 * xh1 + be1
run_mean = 0.9 * 0 + 0.1 * mu; run_var = 0.9 * 1 + 0.1 * var * N / (N - 1)
h2 = np.where(h1 > 0, h1, 0.2 * h1)
h3 = h2 @ W3.T + b3
m4 = h3.mean(1, keepdims=True); v4 = h3.var(1, keepdims=True)
inv4 = 1 / np.sqrt(v4 + EPS); xh4 = (h3 - m4) * inv4; h4 = g4 * xh4 + be4
h5 = np.tanh(h4)
out = h5 @ W6.T + b6
z = out - out.max(1, keepdims=True); p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
loss = -np.log(p[np.arange(N), labels]).mean()

# backward
d_out = p.copy(); d_out[np.arange(N), labels] -= 1; d_out /= N
dW6 = d_out.T @ h5; db6 = d_out.sum(0); d5 = d_out @ W6
d4 = d5 * (1 - h5 ** 2)
dg4 = (d4 * xh4).sum(0); dbe4 = d4.sum(0); dxh4 = d4 * g4
d3 = inv4 / D2 * (D2 * dxh4 - dxh4.sum(1, keepdims=True) - xh4 * (dxh4 * xh4).sum(1, keepdims=True))
dW3 = d3.T @ h2; db3 = d3.sum(0); d2 = d3 @ W3
d1 = np.where(h1 > 0, d2, 0.2 * d2)
dg1 = (d1 * xh1).sum(0); dbe1 = d1.sum(0); dxh1 = d1 * g1
d0 = inv1 / N * (N * dxh1 - dxh1.sum(0) - xh1 * (dxh1 * xh1).sum(0))
dW0 = d0.T @ x; db0 = d0.sum(0); dx = d0 @ W0

# one Adam step (lr 0.01, betas 0.9/0.999, eps 1e-8) on W0
m = 0.1 * dW0; v = 0.001 * dW0 ** 2
W0_adam = W0 - 0.01 * (m / 0.1) / (np.sqrt(v / 0.001) + 1e-8)

L = lambda a: np.asarray(a).ravel().tolist()
print(json.dumps({
    "shapes": {"n": N, "widths": [D0, D1, D2, D3]},
    "state": {"0.weight": L(W0), "0.bias": L(b0), "1.weight": L(g1), "1.bias": L(be1),
              "1.running_mean": [0.0] * D1, "1.running_var": [1.0] * D1,
              "3.weight": L(W3), "3.bias": L(b3), "4.weight": L(g4), "4.bias": L(be4),
              "6.weight": L(W6), "6.bias": L(b6)},
    "input": L(x), "labels": L(labels), "loss": float(loss), "output": L(out),
    "grad_input": L(dx),
    "grads": {"0.weight": L(dW0), "0.bias": L(db0), "1.weight": L(dg1), "1.bias": L(dbe1),
              "3.weight": L(dW3), "3.bias": L(db3), "4.weight": L(dg4), "4.bias": L(dbe4),
              "6.weight": L(dW6), "6.bias": L(db6)},
    "running_mean": L(run_mean), "running_var": L(run_var),
    "adam_0.weight": L(W0_adam),
}, indent=0))
