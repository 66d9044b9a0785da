/// Conversion between lorabook's per-target LoRA tensors and PEFT's: one fused `c_attn` LoRA for the q, k, v
/// slices, and PEFT's own LoRA on each whole layer targeted (o: `attn.c_proj`, fc: `mlp.c_fc`, proj: `mlp.c_proj`).
enum PEFTLoRALayout {
    /// Validated shape of a native adapter.
    struct Native {
        var layerCount: Int
        var width: Int
        var rank: Int
        var targets: [LoRATarget]

        /// The q/k/v slices among the targets, in order.
        var slices: [LoRATarget] { targets.filter { $0.site == .qkv } }

        /// PEFT tensors. c_attn: `lora_A` [r × slices, d] stacks the slices' A; `lora_B` [3d, r × slices] puts each
        /// slice's B in its rows and its own columns, zero elsewhere. Whole layers: `lora_A` is A and `lora_B` is B.
        func peftTensors(_ tensors: [String: HostTensor]) -> [String: HostTensor] {
            let slices = self.slices, fusedRank = rank * slices.count
            var result: [String: HostTensor] = [:]
            for layer in 0..<layerCount {
                for target in targets where target.site != .qkv {
                    for matrix in ["A", "B"] {
                        result[LoRAAdapterFile.peftName(layer: layer, module: target.modulePath, matrix: matrix)] =
                            tensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: matrix)]
                    }
                }
                guard !slices.isEmpty else { continue }
                var a = [Float](repeating: 0, count: fusedRank * width)
                var b = [Float](repeating: 0, count: 3 * width * fusedRank)
                for (slot, target) in slices.enumerated() {
                    let nativeA = tensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: "A")]?.values ?? []
                    let nativeB = tensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: "B")]?.values ?? []
                    a.replaceSubrange(slot * rank * width..<(slot + 1) * rank * width, with: nativeA)
                    for row in 0..<width {
                        let fusedRow = target.column(dim: width) + row
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

    /// Checks native tensor names and shapes: every layer 0..<n holds A [r, in] and B [out, r] for every target.
    static func native(_ tensors: [String: HostTensor], rank: Int, targets: [LoRATarget],
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
        let firstA = LoRAAdapterFile.nativeName(layer: 0, target: targets[0], matrix: "A")
        guard layerCount > 0 else { throw CheckpointError(file: file, tensor: firstA, problem: .missingTensor) }
        guard let width = base?.nEmbd ?? tensors[firstA]?.shape.last.map({ $0 / targets[0].inputWidth(dim: 1) }) else {
            throw CheckpointError(file: file, tensor: firstA, problem: .missingTensor)
        }
        for layer in 0..<layerCount {
            for target in targets {
                let shapes = [("A", [rank, target.inputWidth(dim: width)]), ("B", [target.outputWidth(dim: width), rank])]
                for (matrix, shape) in shapes {
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

    /// PEFT's fused `c_attn` adapter as read from a file: per layer `lora_A` [r_p, d] and `lora_B` [3d, r_p].
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
                for target in LoRATarget.allCases where target.site == .qkv {
                    let first = target.column(dim: width) * fusedRank
                    let rows = b[layer].values[first..<(first + width * fusedRank)]
                    tensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: "A")] = a[layer]
                    tensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: "B")] =
                        HostTensor(shape: [width, fusedRank], values: Array(rows))
                }
            }
            return tensors
        }

        /// Inverse of `Native.peftTensors` for the q/k/v `slices`; entries outside their blocks must be exactly zero.
        func split(rank: Int, slices: [LoRATarget], file: String) throws -> [String: HostTensor] {
            var tensors: [String: HostTensor] = [:]
            for layer in 0..<layerCount {
                let fusedB = b[layer].values
                for fusedRow in 0..<(3 * width) {
                    let slot = slices.firstIndex { $0.column(dim: width) == fusedRow / width * width }
                    for column in 0..<fusedRank where fusedB[fusedRow * fusedRank + column] != 0 {
                        guard let slot, column / rank == slot else {
                            throw CheckpointError(file: file, tensor: bNames[layer], problem: .invalidTensor(
                                reason: "is not block-structured for targets \(slices.map(\.rawValue).joined(separator: ",")) "
                                    + "(entry [\(fusedRow), \(column)] is non-zero)"))
                        }
                    }
                }
                for (slot, target) in slices.enumerated() {
                    let a = Array(self.a[layer].values[(slot * rank * width)..<((slot + 1) * rank * width)])
                    var nativeB = [Float](repeating: 0, count: width * rank)
                    for row in 0..<width {
                        for column in 0..<rank {
                            nativeB[row * rank + column] = fusedB[(target.column(dim: width) + row) * fusedRank + slot * rank + column]
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

    private static func parseNative(_ name: String) -> (layer: Int, target: LoRATarget, matrix: String)? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "transformer", parts[1] == "h", let layer = Int(parts[2]), layer >= 0,
              String(layer) == parts[2], parts[5].hasPrefix("lora_"),
              let target = LoRATarget(rawValue: String(parts[5].dropFirst(5))),
              "\(parts[3]).\(parts[4])" == target.modulePath,
              parts[6] == "A" || parts[6] == "B" else { return nil }
        return (layer, target, String(parts[6]))
    }
}
