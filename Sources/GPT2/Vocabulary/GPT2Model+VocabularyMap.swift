/// Moving a model between the full vocabulary and a compact one: only `wte` (and so the tied head) changes.
extension GPT2Model {
    /// The same model over `map`'s ids: wte rows gathered, every other weight, the LoRA adapter and the prefix kept.
    public func restricted(to map: VocabularyMap) throws -> GPT2Model {
        guard map.originalVocabSize == config.vocabSize else {
            throw GPT2Error.invalidConfig(reason: "vocabulary map is over \(map.originalVocabSize) ids, the model has \(config.vocabSize)")
        }
        var compactConfig = config
        compactConfig.vocabSize = map.count
        var tensors = namedParameters()
        let d = config.nEmbd
        let full = parameters.pointer + layout.wte
        var rows = [Float](repeating: 0, count: map.count * d)
        for (index, id) in map.originalIDs.enumerated() {
            for j in 0..<d { rows[index * d + j] = full[Int(id) * d + j] }
        }
        tensors["transformer.wte.weight"] = HostTensor(shape: [map.count, d], values: rows)
        var model = try GPT2Model(config: compactConfig, weights: tensors)
        model.lora = lora
        model.isLoRAMerged = isLoRAMerged
        model.adapter = adapter
        model.prefix = prefix
        return model
    }

    /// This compact model's weights over the full vocabulary: wte rows of mapped ids come from this model,
    /// the other rows from `base` (the full model the map was applied to).
    public func expanded(from map: VocabularyMap, base: GPT2Model) throws -> GPT2Model {
        guard map.count == config.vocabSize, map.originalVocabSize == base.config.vocabSize,
              base.config.nEmbd == config.nEmbd else {
            throw GPT2Error.invalidConfig(reason: "vocabulary map of \(map.count) ids over \(map.originalVocabSize) does not join a compact model of \(config.vocabSize) ids to a base of \(base.config.vocabSize)")
        }
        var tensors = namedParameters()
        let d = config.nEmbd
        var rows = base.namedParameters()["transformer.wte.weight"]?.values ?? []
        let compact = parameters.pointer + layout.wte
        for (index, id) in map.originalIDs.enumerated() {
            for j in 0..<d { rows[Int(id) * d + j] = compact[index * d + j] }
        }
        tensors["transformer.wte.weight"] = HostTensor(shape: [map.originalVocabSize, d], values: rows)
        var fullConfig = config
        fullConfig.vocabSize = map.originalVocabSize
        var model = try GPT2Model(config: fullConfig, weights: tensors)
        model.lora = lora
        model.isLoRAMerged = isLoRAMerged
        model.adapter = adapter
        model.prefix = prefix
        return model
    }
}
