/// Conversion between lorabook's per-slice LoRA tensors and PEFT's single fused `c_attn` LoRA.
enum PEFTLoRALayout {
    /// Validated shape of a native adapter.
    struct Native {
        var layerCount: Int
        var width: Int
        var rank: Int
        var targets: [LoRAAdapterFile.Target]

        /// PEFT tensors: `lora_A` [r × targets, d] stacks the A's; `lora_B` [3d, r × targets] puts each
        /// target's B in its slice's rows and its own columns, zero elsewhere.
        func peftTensors(_ tensors: [String: HostTensor]) -> [String: HostTensor] {
            let fusedRank = rank * targets.count
            var result: [String: HostTensor] = [:]
            for layer in 0..<layerCount {
                var a = [Float](repeating: 0, count: fusedRank * width)
                var b = [Float](repeating: 0, count: 3 * width * fusedRank)
                for (slot, target) in targets.enumerated() {
                    let nativeA = tensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: "A")]?.values ?? []
                    let nativeB = tensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: "B")]?.values ?? []
                    a.replaceSubrange(slot * rank * width..<(slot + 1) * rank * width, with: nativeA)
                    for row in 0..<width {
                        let fusedRow = target.sliceIndex * width + row
                        for column in 0..<rank {
                            b[fusedRow * fusedRank + slot * rank + column] = nativeB[row * rank + column]
                        }
                    }
                }
                result[LoRAAdapterFile.peftName(layer: layer, matrix: "A")] = HostTensor(shape: [fusedRank, width], values: a)
                result[LoRAAdapterFile.peftName(layer: layer, matrix: "B")] = HostTensor(shape: [3 * width, fusedRank], values: b)
            }
            return result
        }
    }

    /// Checks native tensor names and shapes: every layer 0..<n holds A [r, d] and B [d, r] for every target.
    static func native(_ tensors: [String: HostTensor], rank: Int, targets: [LoRAAdapterFile.Target],
                       base: GPT2Config?, file: String) throws -> Native {
        var layerCount = 0
        for name in tensors.keys.sorted() {
            guard let parsed = parseNative(name), targets.contains(parsed.target) else {
                throw CheckpointError(file: file, tensor: name, problem: .unexpectedTensor)
            }
            layerCount = max(layerCount, parsed.layer + 1)
        }
        if let base {
            if layerCount > base.nLayer {
                let name = LoRAAdapterFile.nativeName(layer: base.nLayer, target: targets[0], matrix: "A")
                throw CheckpointError(file: file, tensor: name, problem: .unexpectedTensor)
            }
            layerCount = base.nLayer
        }
        guard layerCount > 0 else {
            throw CheckpointError(file: file, tensor: LoRAAdapterFile.nativeName(layer: 0, target: targets[0], matrix: "A"),
                                  problem: .missingTensor)
        }
        let firstA = LoRAAdapterFile.nativeName(layer: 0, target: targets[0], matrix: "A")
        guard let width = base?.nEmbd ?? tensors[firstA]?.shape.last else {
            throw CheckpointError(file: file, tensor: firstA, problem: .missingTensor)
        }
        for layer in 0..<layerCount {
            for target in targets {
                for (matrix, shape) in [("A", [rank, width]), ("B", [width, rank])] {
                    let name = LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: matrix)
                    guard let tensor = tensors[name] else {
                        throw CheckpointError(file: file, tensor: name, problem: .missingTensor)
                    }
                    guard tensor.shape == shape else {
                        throw CheckpointError(file: file, tensor: name, problem: .wrongShape(found: tensor.shape, expected: shape))
                    }
                }
            }
        }
        return Native(layerCount: layerCount, width: width, rank: rank, targets: targets)
    }

    /// PEFT's fused adapter as read from a file: per layer `lora_A` [r_p, d] and `lora_B` [3d, r_p].
    struct Fused {
        var layerCount: Int
        var width: Int
        var fusedRank: Int
        var a: [HostTensor]
        var b: [HostTensor]
        var bNames: [String]

        /// Any fused adapter as an exact native one: rank r_p on each of q, k, v, all sharing `lora_A`.
        func generic() -> [String: HostTensor] {
            var tensors: [String: HostTensor] = [:]
            for layer in 0..<layerCount {
                for target in LoRAAdapterFile.Target.allCases {
                    let rows = b[layer].values[(target.sliceIndex * width * fusedRank)..<((target.sliceIndex + 1) * width * fusedRank)]
                    tensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: "A")] = a[layer]
                    tensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: "B")] =
                        HostTensor(shape: [width, fusedRank], values: Array(rows))
                }
            }
            return tensors
        }

        /// Inverse of `Native.peftTensors`; entries outside the targets' blocks must be exactly zero.
        func split(rank: Int, targets: [LoRAAdapterFile.Target], file: String) throws -> [String: HostTensor] {
            var tensors: [String: HostTensor] = [:]
            for layer in 0..<layerCount {
                let fusedB = b[layer].values
                for fusedRow in 0..<(3 * width) {
                    let slot = targets.firstIndex { $0.sliceIndex == fusedRow / width }
                    for column in 0..<fusedRank where fusedB[fusedRow * fusedRank + column] != 0 {
                        guard let slot, column / rank == slot else {
                            throw CheckpointError(file: file, tensor: bNames[layer], problem: .invalidTensor(
                                reason: "is not block-structured for targets \(targets.map(\.rawValue).joined(separator: ",")) "
                                    + "(entry [\(fusedRow), \(column)] is non-zero)"))
                        }
                    }
                }
                for (slot, target) in targets.enumerated() {
                    let a = Array(self.a[layer].values[(slot * rank * width)..<((slot + 1) * rank * width)])
                    var nativeB = [Float](repeating: 0, count: width * rank)
                    for row in 0..<width {
                        for column in 0..<rank {
                            nativeB[row * rank + column] = fusedB[(target.sliceIndex * width + row) * fusedRank + slot * rank + column]
                        }
                    }
                    tensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: "A")] =
                        HostTensor(shape: [rank, width], values: a)
                    tensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: "B")] =
                        HostTensor(shape: [width, rank], values: nativeB)
                }
            }
            return tensors
        }
    }

    /// Reads PEFT's `c_attn` LoRA tensors; keys for any other module are rejected by name.
    static func fused(_ weights: SafeTensorsFile, rank fusedRank: Int, base: GPT2Config?) throws -> Fused {
        let file = weights.url.path
        var names: [Int: [String: String]] = [:]
        for name in weights.names {
            guard let parsed = parsePEFT(name) else {
                throw CheckpointError(file: file, tensor: name, problem: .unsupported(
                    reason: "only LoRA on attn.c_attn can be loaded"))
            }
            if let base, parsed.layer >= base.nLayer {
                throw CheckpointError(file: file, tensor: name, problem: .unexpectedTensor)
            }
            names[parsed.layer, default: [:]][parsed.matrix] = name
        }
        let layerCount = base?.nLayer ?? ((names.keys.max() ?? -1) + 1)
        guard layerCount > 0 else {
            throw CheckpointError(file: file, tensor: LoRAAdapterFile.peftName(layer: 0, matrix: "A"), problem: .missingTensor)
        }
        var width = base?.nEmbd
        var a: [HostTensor] = [], b: [HostTensor] = [], bNames: [String] = []
        for layer in 0..<layerCount {
            guard let aName = names[layer]?["A"] else {
                throw CheckpointError(file: file, tensor: LoRAAdapterFile.peftName(layer: layer, matrix: "A"), problem: .missingTensor)
            }
            guard let bName = names[layer]?["B"] else {
                throw CheckpointError(file: file, tensor: LoRAAdapterFile.peftName(layer: layer, matrix: "B"), problem: .missingTensor)
            }
            let aEntry = try weights.entry(named: aName), bEntry = try weights.entry(named: bName)
            let d = width ?? aEntry.shape.last ?? 0
            width = d
            for (name, entry, shape) in [(aName, aEntry, [fusedRank, d]), (bName, bEntry, [3 * d, fusedRank])] {
                guard entry.dtype.isFloatingPoint else {
                    throw CheckpointError(file: file, tensor: name, problem: .wrongDType(found: entry.dtype.rawValue, expected: "F32, F16 or BF16"))
                }
                guard entry.shape == shape else {
                    throw CheckpointError(file: file, tensor: name, problem: .wrongShape(found: entry.shape, expected: shape))
                }
            }
            a.append(try weights.floats(aName))
            b.append(try weights.floats(bName))
            bNames.append(bName)
        }
        return Fused(layerCount: layerCount, width: width ?? 0, fusedRank: fusedRank, a: a, b: b, bNames: bNames)
    }

    private static func parseNative(_ name: String) -> (layer: Int, target: LoRAAdapterFile.Target, matrix: String)? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "transformer", parts[1] == "h", let layer = Int(parts[2]), layer >= 0,
              String(layer) == parts[2], parts[3] == "attn", parts[4] == "c_attn", parts[5].hasPrefix("lora_"),
              let target = LoRAAdapterFile.Target(rawValue: String(parts[5].dropFirst(5))),
              parts[6] == "A" || parts[6] == "B" else { return nil }
        return (layer, target, String(parts[6]))
    }

    /// Accepts `[base_model.model.][transformer.]h.{i}.attn.c_attn.lora_{A|B}.weight`.
    private static func parsePEFT(_ name: String) -> (layer: Int, matrix: String)? {
        var rest = Substring(name)
        if rest.hasPrefix("base_model.model.") { rest = rest.dropFirst("base_model.model.".count) }
        if rest.hasPrefix("transformer.") { rest = rest.dropFirst("transformer.".count) }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "h", let layer = Int(parts[1]), layer >= 0, String(layer) == parts[1],
              parts[2] == "attn", parts[3] == "c_attn", parts[4] == "lora_A" || parts[4] == "lora_B",
              parts[5] == "weight" else { return nil }
        return (layer, String(parts[4].dropFirst(5)))
    }
}
