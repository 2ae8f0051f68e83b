#!/usr/bin/env python3
"""Trajectories of PyTorch's own optimizers on a few of momentum's landscapes.

Run with PyTorch installed (Debian: apt-get install python3-torch):

    python3 scripts/torch_reference.py > sim/testdata/torch_reference.csv

Every tensor is float64 and every optimizer runs its single-tensor code path
(foreach=False), so the rows are what PyTorch computes to the last rounding.
sim/torch_test.go replays each case with momentum's methods and checks every
step to 1e-12 (relative). CI has no PyTorch: the committed output is the test.

Columns: case,landscape,method,lr,momentum,beta2,eps,step,x,y, where method is
momentum's name for the optimizer: damped = SGD(momentum), nesterov =
SGD(momentum, nesterov=True), adam = Adam(betas=(momentum, beta2)),
rmsprop = RMSprop(alpha=beta2, momentum=momentum), adagrad = Adagrad.
Step 0 is the start; gradients come from autograd on the same formulas as
landscapes/catalog.go.
"""
import sys

import torch

torch.set_default_dtype(torch.float64)


def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def beale(x, y):
    return ((1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2
            + (2.625 - x + x * y ** 3) ** 2)


def ravine(x, y):
    return (x * x + 20 * y * y) / 2


LANDSCAPES = {
    "rosenbrock": (rosenbrock, (-1.2, 1.0)),
    "himmelblau": (himmelblau, (-0.3, -0.9)),
    "beale": (beale, (4.2, 0.75)),
    "ravine": (ravine, (-4.5, 1.2)),
}


def optimizer(method, params, lr, momentum, beta2, eps):
    if method == "damped":
        return torch.optim.SGD(params, lr=lr, momentum=momentum, dampening=0, foreach=False)
    if method == "nesterov":
        return torch.optim.SGD(params, lr=lr, momentum=momentum, dampening=0, nesterov=True, foreach=False)
    if method == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(momentum, beta2), eps=eps, foreach=False)
    if method == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=beta2, eps=eps, momentum=momentum, foreach=False)
    if method == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=eps, foreach=False)
    raise ValueError(method)


# case, landscape, method, lr, momentum, beta2, eps, steps
CASES = [
    ("sgd", "rosenbrock", "damped", 1e-4, 0.9, 0, 0, 400),
    ("nesterov-rosenbrock", "rosenbrock", "nesterov", 2e-4, 0.9, 0, 0, 400),
    ("nesterov-himmelblau", "himmelblau", "nesterov", 0.005, 0.5, 0, 0, 300),
    ("nesterov-beale", "beale", "nesterov", 0.001, 0.8, 0, 0, 300),
    ("adam-rosenbrock", "rosenbrock", "adam", 0.01, 0.9, 0.999, 1e-8, 400),
    ("adam-rosenbrock-b", "rosenbrock", "adam", 0.002, 0.5, 0.99, 1e-6, 400),
    ("adam-himmelblau", "himmelblau", "adam", 0.05, 0.9, 0.999, 1e-8, 300),
    ("adam-beale", "beale", "adam", 0.01, 0.9, 0.999, 1e-8, 300),
    ("adam-ravine", "ravine", "adam", 0.1, 0.8, 0.9, 1e-8, 300),
    ("rmsprop-rosenbrock", "rosenbrock", "rmsprop", 0.001, 0, 0.99, 1e-8, 400),
    ("rmsprop-ravine", "ravine", "rmsprop", 0.01, 0.5, 0.99, 1e-8, 300),
    ("adagrad-rosenbrock", "rosenbrock", "adagrad", 0.05, 0, 0, 1e-10, 400),
    ("adagrad-himmelblau", "himmelblau", "adagrad", 0.3, 0, 0, 1e-10, 300),
]


def main(out):
    out.write("case,landscape,method,lr,momentum,beta2,eps,step,x,y\n")
    for case, land, method, lr, momentum, beta2, eps, steps in CASES:
        f, start = LANDSCAPES[land]
        p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        opt = optimizer(method, [p], lr, momentum, beta2, eps)
        head = f"{case},{land},{method},{lr!r},{momentum!r},{beta2!r},{eps!r}"
        for step in range(steps + 1):
            x, y = p.detach().tolist()
            out.write(f"{head},{step},{x!r},{y!r}\n")
            if step == steps:
                break
            opt.zero_grad()
            f(p[0], p[1]).backward()
            opt.step()


if __name__ == "__main__":
    main(sys.stdout)
