import Testing
@testable import GPT2

@Suite struct ModelWeightsTests {
    @Test func namedParametersUseHuggingFaceNamesAndShapes() throws {
        let model = try TinyModels.model()
        let tensors = model.namedParameters()
        #expect(tensors.count == 4 + 12 * 2)
        #expect(tensors["transformer.wte.weight"]?.shape == [16, 8])
        #expect(tensors["transformer.wpe.weight"]?.shape == [5, 8])
        #expect(tensors["transformer.h.1.attn.c_attn.weight"]?.shape == [8, 24])
        #expect(tensors["transformer.h.1.attn.c_proj.weight"]?.shape == [8, 8])
        #expect(tensors["transformer.h.0.mlp.c_fc.weight"]?.shape == [8, 32])
        #expect(tensors["transformer.h.0.mlp.c_proj.weight"]?.shape == [32, 8])
        #expect(tensors["transformer.ln_f.bias"]?.shape == [8])
        #expect(tensors.values.reduce(0) { $0 + $1.count } == model.config.parameterCount)
    }

    @Test func weightsRoundTripThroughNamedTensorsWithOrWithoutPrefix() throws {
        let model = try TinyModels.model()
        let tensors = model.namedParameters()
        let rebuilt = try GPT2Model(config: model.config, weights: tensors)
        #expect(rebuilt.parameters == model.parameters)
        var unprefixed: [String: HostTensor] = [:]
        for (name, tensor) in tensors { unprefixed[String(name.dropFirst("transformer.".count))] = tensor }
        unprefixed["lm_head.weight"] = tensors["transformer.wte.weight"]
        #expect(try GPT2Model(config: model.config, weights: unprefixed).parameters == model.parameters)
    }

    @Test func missingOrMisshapedTensorIsNamed() throws {
        let model = try TinyModels.model()
        var tensors = model.namedParameters()
        tensors["transformer.h.1.ln_2.bias"] = nil
        #expect(throws: GPT2Error.missingTensor(name: "transformer.h.1.ln_2.bias")) {
            try GPT2Model(config: model.config, weights: tensors)
        }
        tensors = model.namedParameters()
        tensors["transformer.h.0.attn.c_attn.weight"] = HostTensor(shape: [24, 8], values: Array(repeating: 0, count: 192))
        let error = GPT2Error.wrongShape(name: "transformer.h.0.attn.c_attn.weight", expected: [8, 24], found: [24, 8])
        #expect(throws: error) { try GPT2Model(config: model.config, weights: tensors) }
        #expect(error.description == "tensor 'transformer.h.0.attn.c_attn.weight' has shape [24, 8], expected [8, 24]")
    }

    @Test func randomInitFollowsHuggingFaceScales() throws {
        let config = GPT2Config(nLayer: 8, nHead: 4, nEmbd: 64, nPositions: 32, vocabSize: 512)
        let tensors = try GPT2Model(config: config, seed: 1).namedParameters()
        func std(_ values: [Float]) -> Double {
            let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
            return (values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)).squareRoot()
        }
        #expect(abs(std(tensors["transformer.wte.weight"]!.values) - 0.02) < 0.001)
        #expect(abs(std(tensors["transformer.h.3.mlp.c_fc.weight"]!.values) - 0.02) < 0.001)
        #expect(abs(std(tensors["transformer.h.3.mlp.c_proj.weight"]!.values) - 0.005) < 0.0003)
        #expect(abs(std(tensors["transformer.h.3.attn.c_proj.weight"]!.values) - 0.005) < 0.0005)
        #expect(tensors["transformer.h.3.ln_1.weight"]!.values.allSatisfy { $0 == 1 })
        #expect(tensors["transformer.h.3.attn.c_attn.bias"]!.values.allSatisfy { $0 == 0 })
        #expect(try GPT2Model(config: config, seed: 1).parameters == GPT2Model(config: config, seed: 1).parameters)
        #expect(try GPT2Model(config: config, seed: 1).parameters != GPT2Model(config: config, seed: 2).parameters)
    }

    @Test func gpt2SmallHas124MParameters() {
        #expect(GPT2Config.gpt2.parameterCount == 124_439_808)
        #expect(ParameterLayout(config: .gpt2).totalCount == 124_439_808)
    }

    @Test func widthNotDivisibleByHeadsIsRejected() {
        let config = GPT2Config(nLayer: 1, nHead: 3, nEmbd: 8, nPositions: 4, vocabSize: 4)
        #expect(throws: GPT2Error.invalidConfig(reason: "n_embd 8 is not a multiple of n_head 3")) {
            try GPT2Model(config: config, seed: 1)
        }
    }
}
