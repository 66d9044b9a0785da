/// Attaching, exporting, loading, merging and unmerging the LoRA adapter of a model.
extension GPT2Model {
    /// Attaches a fresh adapter (A Kaiming-uniform from `seed`, B zero), replacing any previous one.
    public mutating func attachLoRA(_ options: LoRAOptions, seed: UInt64) throws {
        guard options.rank > 0, options.rank <= config.nEmbd else {
            throw GPT2Error.loRAMismatch(reason: "rank \(options.rank) must be in 1...\(config.nEmbd)")
        }
        guard !options.targets.isEmpty else { throw GPT2Error.loRAMismatch(reason: "no target among q, k, v, o, fc, proj") }
        guard options.dropout >= 0, options.dropout < 1 else {
            throw GPT2Error.loRAMismatch(reason: "dropout \(options.dropout) must be in [0, 1)")
        }
        if isLoRAMerged { unmerge() }
        lora = LoRAAdapter(config: config, options: options, seed: seed)
    }

    /// The adapter's tensors under native names (`transformer.h.{i}.attn.c_attn.lora_q.A`, `transformer.h.{i}.mlp.c_fc.lora_fc.A` ...); empty without one.
    public func loraTensors() -> [String: HostTensor] { lora?.tensors() ?? [:] }

    /// Loads A and B for every layer and target of the attached adapter.
    public mutating func loadLoRATensors(_ tensors: [String: HostTensor]) throws {
        guard var adapter = lora else { throw GPT2Error.loRANotAttached }
        let wasMerged = isLoRAMerged
        if wasMerged { unmerge() }
        try adapter.load(tensors)
        lora = adapter
        if wasMerged { merge() }
    }

    /// Folds scale * B A into the targeted weights (c_attn's slices, c_proj, c_fc, mlp c_proj), so inference costs exactly the base model.
    public mutating func merge() {
        guard !isLoRAMerged else { return }
        fold(sign: 1)
        isLoRAMerged = true
    }

    /// Subtracts what `merge()` added, restoring the base weights (up to float rounding), as loralib does.
    public mutating func unmerge() {
        guard isLoRAMerged else { return }
        fold(sign: -1)
        isLoRAMerged = false
    }

    private mutating func fold(sign: Float) {
        guard let adapter = lora else { return }
        adapter.fold(into: parameters.mutablePointer(), layout: layout, sign: sign)
    }
}
