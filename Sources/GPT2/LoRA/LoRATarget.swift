/// Which linear layer of a block a LoRA pair adapts, named as `.lora(targets:)` takes them:
/// - "q", "k", "v": the query, key and value thirds of the fused attention projection (HF GPT-2's `attn.c_attn`),
///   each with its own pair, as loralib's MergedLinear and the LoRA paper adapt them;
/// - "o": the attention output projection (`attn.c_proj`), d -> d;
/// - "fc": the MLP's first layer (`mlp.c_fc`), d -> 4d;
/// - "proj": the MLP's second layer (`mlp.c_proj`), 4d -> d.
/// Each pair is A [r, in] and B [out, r]: the layer's output gains scale * dropout(x) A^T B^T, as PEFT's Conv1D LoRA.
public enum LoRATarget: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case query = "q", key = "k", value = "v", output = "o", fc = "fc", proj = "proj"

    /// Order in a block (and in the adapter's buffer): q, k, v, o, fc, proj.
    var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: LoRATarget, rhs: LoRATarget) -> Bool { lhs.order < rhs.order }

    /// The point of the block where this target's delta enters (q, k and v share c_attn's).
    var site: LoRASite {
        switch self {
        case .query, .key, .value: return .qkv
        case .output: return .attentionOutput
        case .fc: return .fc
        case .proj: return .mlpOutput
        }
    }

    /// Width of the adapted layer's input for model width `dim`.
    func inputWidth(dim: Int) -> Int { site.inputWidth(dim: dim) }

    /// Width of the adapted part of the layer's output for model width `dim`.
    func outputWidth(dim: Int) -> Int { self == .fc ? 4 * dim : dim }

    /// First output column the target adapts, within its layer's output of `site.outputStride` columns.
    func column(dim: Int) -> Int {
        switch self {
        case .key: return dim
        case .value: return 2 * dim
        default: return 0
        }
    }

    /// The adapted layer's path in a block, as HF's GPT-2 (and PEFT's target_modules) name it.
    var modulePath: String {
        switch site {
        case .qkv: return "attn.c_attn"
        case .attentionOutput: return "attn.c_proj"
        case .fc: return "mlp.c_fc"
        case .mlpOutput: return "mlp.c_proj"
        }
    }
}

/// The four linear layers of a block, where LoRA deltas enter `TransformerPass` and `IncrementalPass`.
enum LoRASite: Int, CaseIterable {
    case qkv, attentionOutput, fc, mlpOutput

    /// Width of the layer's input for model width `dim`.
    func inputWidth(dim: Int) -> Int { self == .mlpOutput ? 4 * dim : dim }

    /// Columns of the layer's whole output (the leading dimension deltas are added with).
    func outputStride(dim: Int) -> Int {
        switch self {
        case .qkv: return 3 * dim
        case .fc: return 4 * dim
        case .attentionOutput, .mlpOutput: return dim
        }
    }

    /// The layer's Conv1D weight [in, out] in a block's layout.
    func weightOffset(_ block: ParameterLayout.Block) -> Int {
        switch self {
        case .qkv: return block.qkvWeight
        case .attentionOutput: return block.attnProjWeight
        case .fc: return block.fcWeight
        case .mlpOutput: return block.mlpProjWeight
        }
    }
}
