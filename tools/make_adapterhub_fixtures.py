"""Writes the AdapterHub parity fixtures of the bottleneck adapters (AdapterH, AdapterL) with the `adapters` package.

`adapters` 1.3.0 pins transformers ~=4.57 while the other fixture tools use 5.x, so it runs in a venv of its own
(never the Python that `make test` uses; the tests read only the committed fixtures). From the package root:

    python3 -m venv /work/venv-adapterhub
    /work/venv-adapterhub/bin/pip install torch==2.13.0 adapters==1.3.0 safetensors
    /work/venv-adapterhub/bin/python tools/make_adapterhub_fixtures.py

Output (committed, about 40 kB): Tests/GPT2Tests/Fixtures/tiny-adapterhub/{houlsby,lin}.safetensors.

The tiny model of tools/make_gpt2_fixtures.py (Fixtures/tiny) gets AdapterHub bottleneck adapters configured as
lorabook's (Sources/GPT2/Adapters/BottleneckAdapter.swift), bottleneck 4 (reduction factor 32 / 4 = 8):
- AdapterH = DoubleSeqBnConfig (Houlsby) with non_linearity "gelu_new" (the tanh GELU of adapter-bert and of lorabook;
  AdapterHub's default is swish). On GPT-2, AdapterHub's block passes the attention output (after attn.c_proj and its
  dropout) and the MLP output to the adapters with no LayerNorm to reuse, and original_ln_after adds the block's
  residual: h + a + up(gelu(down(a))) for each branch output a, as lorabook.
- AdapterL = SeqBnConfig (Pfeiffer) with ln_before=True. On a post-LN model (BERT) Pfeiffer's adapter reuses the
  model's LayerNorm; GPT-2 is pre-LN, so original_ln_before only adds the residual (the block output h) and the
  adapter's own LayerNorm gives Lin et al.'s h + up(relu(down(LN(h)))) on each block's output, as lorabook.
- init_weights "mam_adapter" (Kaiming-uniform down, zero up, as lorabook), then every adapter tensor is overwritten
  with seeded random non-zero values (a zero up-projection would make the comparison vacuous).
The model is in eval mode (no dropout), base frozen by `train_adapter`. Each file holds `logits` F32 [2, 12, 96],
`loss` (label smoothing 0.1) and `loss_unsmoothed` on Fixtures/tiny's reference batch, and per adapter tensor, under
lorabook's name and layout (`transformer.h.{i}.{attn_adapter|mlp_adapter|adapter}.{ln,down,up}.{weight,bias}`,
weights [in, out]): `adapter.<name>` (the values) and `grad.adapter.<name>` (the gradient of the smoothed loss).
The metadata key "fixture" (JSON) gives the AdapterHub config, versions and each tensor's AdapterHub parameter name.
As a check, the logits are compared with tools/make_adapter_fixtures.py's hook-based PyTorch reference of the two
papers' definitions on the same values; the script stops if they differ by more than 1e-5.
Seeded and single-threaded: reruns give identical files.
"""

import json
import os
import shutil
import sys

import adapters
import torch
import transformers
from adapters import DoubleSeqBnConfig, SeqBnConfig
from safetensors.torch import save_file

from make_adapter_fixtures import attach
from make_method_fixtures import FIXTURES, LABEL_SMOOTHING, load_tiny

BOTTLENECK = 4
SEED = 31


def adapterhub_config(kind, width):
    """The AdapterHub bottleneck config that computes lorabook's AdapterH (houlsby) or AdapterL (lin)."""
    shared = dict(reduction_factor=width / BOTTLENECK, init_weights="mam_adapter", dropout=0.0, scaling=1.0)
    if kind == "houlsby":
        return DoubleSeqBnConfig(non_linearity="gelu_new", **shared)
    return SeqBnConfig(non_linearity="relu", ln_before=True, **shared)


def points(kind):
    """(lorabook point name, AdapterHub layer attribute) of each adapter in a block."""
    if kind == "houlsby":
        return [("attn_adapter", "attention_adapters"), ("mlp_adapter", "output_adapters")]
    return [("adapter", "output_adapters")]


def adapter_tensors(kind, model):
    """lorabook name -> (AdapterHub parameter, whether lorabook stores it transposed), for every adapter tensor."""
    names = {id(p): n for n, p in model.named_parameters()}
    result = {}
    for layer, block in enumerate(model.transformer.h):
        for point, attribute in points(kind):
            module = getattr(block, attribute).adapters[kind]
            linear = [m for m in module.adapter_down if isinstance(m, torch.nn.Linear)]
            assert len(linear) == 1, f"{kind}: expected one down-projection"
            prefix = f"transformer.h.{layer}.{point}."
            parts = [("down.weight", linear[0].weight, True), ("down.bias", linear[0].bias, False),
                     ("up.weight", module.adapter_up.weight, True), ("up.bias", module.adapter_up.bias, False)]
            if kind == "lin":
                norm = module.adapter_norm_before
                parts = [("ln.weight", norm.weight, False), ("ln.bias", norm.bias, False)] + parts
            for part, parameter, transposed in parts:
                assert id(parameter) in names, f"{kind}: {prefix + part} is not a model parameter"
                result[prefix + part] = (parameter, transposed)
    return result, names


def randomise(tensors, generator):
    """Seeded non-zero values: LayerNorm gains near one, everything else N(0, 0.3) (biases N(0, 0.1))."""
    with torch.no_grad():
        for name in sorted(tensors):
            parameter, _ = tensors[name]
            noise = torch.randn(parameter.shape, generator=generator)
            if name.endswith("ln.weight"):
                parameter.copy_(1 + 0.1 * noise)
            elif name.endswith("bias"):
                parameter.copy_(0.1 * noise)
            else:
                parameter.copy_(0.3 * noise)


def native(parameter, transposed):
    """An AdapterHub tensor in lorabook's layout (nn.Linear's [out, in] weights as [in, out])."""
    value = parameter.detach()
    return (value.t() if transposed else value).contiguous().clone()


def losses(logits, labels):
    shifted_logits = logits[:, :-1, :].reshape(-1, logits.shape[-1])
    shifted_labels = labels[:, 1:].reshape(-1)
    smoothed = torch.nn.CrossEntropyLoss(label_smoothing=LABEL_SMOOTHING, ignore_index=-100)(shifted_logits, shifted_labels)
    plain = torch.nn.CrossEntropyLoss(ignore_index=-100)(shifted_logits, shifted_labels)
    return smoothed, plain


def independent_logits(kind, values, input_ids):
    """The same adapters through tools/make_adapter_fixtures.py's forward hooks (the papers' definitions)."""
    model, _, _ = load_tiny()
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    attach(kind, model, values, model.config.layer_norm_epsilon)
    with torch.no_grad():
        return model(input_ids=input_ids).logits


def run(kind, directory):
    model, input_ids, labels = load_tiny()
    adapters.init(model)
    config = adapterhub_config(kind, model.config.n_embd)
    model.add_adapter(kind, config=config)
    model.train_adapter(kind)
    model.eval()
    tensors, names = adapter_tensors(kind, model)
    randomise(tensors, torch.Generator().manual_seed(SEED + len(kind)))
    trainable = {n for n, p in model.named_parameters() if p.requires_grad}
    expected = {names[id(parameter)] for parameter, _ in tensors.values()}
    assert trainable == expected, f"{kind}: AdapterHub trains {sorted(trainable ^ expected)} beyond the mapped tensors"

    logits = model(input_ids=input_ids).logits
    loss, plain = losses(logits, labels)
    loss.backward()
    base, _, _ = load_tiny()
    with torch.no_grad():
        effect = (logits - base(input_ids=input_ids).logits).abs().max().item()
    assert effect > 1e-2, f"{kind}: the adapters barely change the logits ({effect})"
    values = {name: native(p, t) for name, (p, t) in tensors.items()}
    difference = (independent_logits(kind, values, input_ids) - logits.detach()).abs().max().item()
    print(f"{kind}: loss {loss.item():.6f} (unsmoothed {plain.item():.6f}), {len(tensors)} adapter tensors, "
          f"logits moved by up to {effect:.3f}, AdapterHub vs hook reference max |difference| {difference:.2e}")
    if difference > 1e-5:
        sys.exit(f"{kind}: AdapterHub's adapters do not compute the papers' definition")

    reference = {"logits": logits.detach(), "loss": loss.detach().reshape(()), "loss_unsmoothed": plain.detach().reshape(())}
    for name, (parameter, transposed) in tensors.items():
        reference[f"adapter.{name}"] = values[name]
        reference[f"grad.adapter.{name}"] = (parameter.grad.t() if transposed else parameter.grad).contiguous().clone()
    details = {
        "made_by": "tools/make_adapterhub_fixtures.py", "base": "../tiny", "batch": "../tiny/reference.safetensors",
        "bottleneck": str(BOTTLENECK), "label_smoothing": str(LABEL_SMOOTHING), "mode": "eval (no dropout)",
        "versions": f"adapters {adapters.__version__}, transformers {transformers.__version__}, torch {torch.__version__}",
        "adapterhub_config": config.to_dict(),
        "adapterhub_names": {n: names[id(p)] for n, (p, _) in sorted(tensors.items())},
    }
    # One metadata key (safetensors may write several in any order): reruns give identical files.
    metadata = {"fixture": json.dumps(details, sort_keys=True)}
    path = os.path.join(directory, f"{kind}.safetensors")
    save_file(reference, path + ".tmp", metadata=metadata)
    os.chmod(path + ".tmp", 0o644)
    os.replace(path + ".tmp", path)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    directory = os.path.join(FIXTURES, "tiny-adapterhub")
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    run("houlsby", directory)
    run("lin", directory)


if __name__ == "__main__":
    main()
