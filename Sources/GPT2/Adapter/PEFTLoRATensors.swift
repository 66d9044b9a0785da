/// PEFT's LoRA tensors of a GPT-2 adapter file, by module: the fused `c_attn` one (q/k/v slices) and the whole
/// layers (`attn.c_proj`, `mlp.c_fc`, `mlp.c_proj`); names of any other module are rejected.
struct PEFTLoRATensors {
    var layerCount: Int
    var width: Int
    /// The `c_attn` LoRA, when the file has one.
    var fused: PEFTLoRALayout.Fused?
    /// The whole layers present (o, fc, proj), in order, and their tensors under native names.
    var layerTargets: [LoRATarget]
    var layerTensors: [String: HostTensor]

    /// Reads every LoRA tensor: `c_attn`'s at rank `fusedRank`, the whole layers' at `rank`; with `base`, another
    /// shape of model is an error naming the tensor. Every module present must be in every layer.
    static func read(_ weights: SafeTensorsFile, fusedRank: Int, rank: Int, base: GPT2Config?) throws -> PEFTLoRATensors {
        let file = weights.url.path
        var names: [LoRASite: [Int: [String: String]]] = [:]
        for name in weights.names {
            guard let parsed = parsePEFT(name) else {
                throw CheckpointError(file: file, tensor: name, problem: .unsupported(
                    reason: "only LoRA on attn.c_attn, attn.c_proj, mlp.c_fc and mlp.c_proj can be loaded"))
            }
            if let base, parsed.layer >= base.nLayer {
                throw CheckpointError(file: file, tensor: name, problem: .unexpectedTensor)
            }
            names[parsed.site, default: [:]][parsed.layer, default: [:]][parsed.matrix] = name
        }
        let layerCount = base?.nLayer ?? ((names.values.flatMap(\.keys).max() ?? -1) + 1)
        let sites = LoRASite.allCases.filter { names[$0] != nil }
        guard layerCount > 0, let firstSite = sites.first else {
            throw CheckpointError(file: file, tensor: LoRAAdapterFile.peftName(layer: 0, matrix: "A"), problem: .missingTensor)
        }
        var width = base?.nEmbd
        if width == nil, let name = names[firstSite]?[0]?["A"] {
            width = try weights.entry(named: name).shape.last.map { $0 / firstSite.inputWidth(dim: 1) }
        }
        let d = width ?? 0
        var result = PEFTLoRATensors(layerCount: layerCount, width: d, fused: nil, layerTargets: [], layerTensors: [:])
        for site in sites {
            let target = LoRATarget.allCases.first { $0.site == site } ?? .query
            let modulePath = target.modulePath
            let r = site == .qkv ? fusedRank : rank
            let shapes = site == .qkv ? [[r, d], [3 * d, r]] : [[r, target.inputWidth(dim: d)], [target.outputWidth(dim: d), r]]
            var pairs: [[HostTensor]] = [[], []], bNames: [String] = []
            for layer in 0..<layerCount {
                for (index, matrix) in ["A", "B"].enumerated() {
                    guard let name = names[site]?[layer]?[matrix] else {
                        throw CheckpointError(file: file, tensor: LoRAAdapterFile.peftName(layer: layer, module: modulePath, matrix: matrix),
                                              problem: .missingTensor)
                    }
                    let entry = try weights.entry(named: name)
                    guard entry.dtype.isFloatingPoint else {
                        throw CheckpointError(file: file, tensor: name, problem: .wrongDType(found: entry.dtype.rawValue, expected: "F32, F16 or BF16"))
                    }
                    guard entry.shape == shapes[index] else {
                        throw CheckpointError(file: file, tensor: name, problem: .wrongShape(found: entry.shape, expected: shapes[index]))
                    }
                    pairs[index].append(try weights.floats(name))
                    if matrix == "B" { bNames.append(name) }
                }
            }
            if site == .qkv {
                result.fused = PEFTLoRALayout.Fused(layerCount: layerCount, width: d, fusedRank: r, a: pairs[0], b: pairs[1],
                                                    bNames: bNames)
            } else {
                result.layerTargets.append(target)
                for layer in 0..<layerCount {
                    result.layerTensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: "A")] = pairs[0][layer]
                    result.layerTensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: "B")] = pairs[1][layer]
                }
            }
        }
        return result
    }

    /// Accepts `[base_model.model.][transformer.]h.{i}.{attn.c_attn|attn.c_proj|mlp.c_fc|mlp.c_proj}.lora_{A|B}.weight`.
    private static func parsePEFT(_ name: String) -> (layer: Int, site: LoRASite, matrix: String)? {
        var rest = Substring(name)
        if rest.hasPrefix("base_model.model.") { rest = rest.dropFirst("base_model.model.".count) }
        if rest.hasPrefix("transformer.") { rest = rest.dropFirst("transformer.".count) }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "h", let layer = Int(parts[1]), layer >= 0, String(layer) == parts[1],
              let target = LoRATarget.allCases.first(where: { $0.modulePath == "\(parts[2]).\(parts[3])" }),
              parts[4] == "lora_A" || parts[4] == "lora_B", parts[5] == "weight" else { return nil }
        return (layer, target.site, String(parts[4].dropFirst(5)))
    }
}
