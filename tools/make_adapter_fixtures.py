"""Writes the parity fixtures of the bottleneck adapters (AdapterH, AdapterL) with a small PyTorch reference.

Run from the package root: python3 tools/make_adapter_fixtures.py
Output (committed, about 60 kB): Tests/GPT2Tests/Fixtures/methods/adapters.json.

The reference here is an independent implementation of the papers' definitions, attached to HF's GPT2LMHeadModel by
forward hooks (AdapterHub's `adapters` package itself, which pins transformers ~=4.57, is the reference of the forward
pass and gradients in tools/make_adapterhub_fixtures.py, which also checks it against these hooks):
- AdapterH (Houlsby et al. 2019): x + up(gelu_new(down(x))) on the output of attn.c_proj and of mlp.c_proj (before
  the residual add), in every block. The model is in eval mode, so the residual dropout plays no part (in training
  lorabook, as adapter-bert and AdapterHub, runs the adapter after that dropout).
- AdapterL (Lin et al. 2020): h + up(relu(down(LayerNorm(h)))) on each block's output (after the MLP residual add).
Weights as Conv1D stores them ([in, out]). The initial adapter values are random (all of them, up-projections too,
so the first step's gradients reach every tensor) and are written into the fixture for the Swift side to load.
The tiny model of tools/make_gpt2_fixtures.py (Fixtures/tiny) on its reference batch, eval mode, base frozen:
torch.optim.AdamW over the adapter tensors only, STEPS steps, constant learning rate, label-smoothed cross-entropy.
Seeded and single-threaded: reruns give identical numbers.
"""

import torch
import torch.nn.functional as F

from make_method_fixtures import load_tiny, summary, train, write_fixture

BOTTLENECK = 4


def gelu_new(x):
    return 0.5 * x * (1 + torch.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3)))


def points(kind):
    """(tensor-name prefix within a block, module path within the block) of each adapter, as lorabook names them."""
    return [("attn_adapter", "attn.c_proj"), ("mlp_adapter", "mlp.c_proj")] if kind == "houlsby" else [("adapter", "")]


def make_adapters(kind, config, generator):
    d, m = config.n_embd, BOTTLENECK
    tensors = {}
    for layer in range(config.n_layer):
        for name, _ in points(kind):
            prefix = f"transformer.h.{layer}.{name}."
            if kind == "lin":
                tensors[prefix + "ln.weight"] = 1 + 0.1 * torch.randn(d, generator=generator)
                tensors[prefix + "ln.bias"] = 0.1 * torch.randn(d, generator=generator)
            tensors[prefix + "down.weight"] = 0.3 * torch.randn(d, m, generator=generator)
            tensors[prefix + "down.bias"] = 0.1 * torch.randn(m, generator=generator)
            tensors[prefix + "up.weight"] = 0.3 * torch.randn(m, d, generator=generator)
            tensors[prefix + "up.bias"] = 0.1 * torch.randn(d, generator=generator)
    return {name: value.requires_grad_(True) for name, value in tensors.items()}


def attach(kind, model, adapters, eps):
    def hook(prefix):
        def apply(module, inputs, output):
            if isinstance(output, tuple):  # a block's output in transformers 4.x (a tensor in 5.x)
                return (apply(module, inputs, output[0]),) + output[1:]
            x = output
            z = F.layer_norm(x, (x.shape[-1],), adapters[prefix + "ln.weight"], adapters[prefix + "ln.bias"], eps) \
                if kind == "lin" else x
            hidden = z @ adapters[prefix + "down.weight"] + adapters[prefix + "down.bias"]
            hidden = gelu_new(hidden) if kind == "houlsby" else torch.relu(hidden)
            return x + hidden @ adapters[prefix + "up.weight"] + adapters[prefix + "up.bias"]
        return apply

    for layer, block in enumerate(model.transformer.h):
        for name, path in points(kind):
            module = block.get_submodule(path) if path else block
            module.register_forward_hook(hook(f"transformer.h.{layer}.{name}."))


def run(kind, seed):
    model, input_ids, labels = load_tiny()
    generator = torch.Generator().manual_seed(seed)
    adapters = make_adapters(kind, model.config, generator)
    initial = {name: value.detach().reshape(-1).tolist() for name, value in adapters.items()}
    attach(kind, model, adapters, model.config.layer_norm_epsilon)
    base_before = {name: p.detach().clone() for name, p in model.named_parameters()}
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    names = sorted(adapters)
    losses, first_gradients = train(model, adapters, names, input_ids, labels)
    for name, parameter in model.named_parameters():
        assert torch.equal(base_before[name], parameter), f"{kind}: base {name} changed"
    trainable = sum(adapters[n].numel() for n in names)
    print(f"{kind}: {len(names)} tensors, {trainable} values, losses {losses}")
    return {"bottleneck": BOTTLENECK, "trainable_count": trainable, "initial": initial,
            "shapes": {n: list(adapters[n].shape) for n in names}, "losses": losses,
            "first_gradients": first_gradients, "after": {n: summary(adapters[n]) for n in names}}


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    write_fixture("adapters.json", "tools/make_adapter_fixtures.py", {"houlsby": run("houlsby", 1), "lin": run("lin", 2)})


if __name__ == "__main__":
    main()
