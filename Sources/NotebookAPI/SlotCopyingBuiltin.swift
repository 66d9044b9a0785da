import E2E
import Script

/// `slotCopying(_ generations:, on dataset:)`: the percentage of outputs that name each of their MR's copied values
/// (name, eatType, food, area, near) and of outputs that name all of them, as a dictionary keyed by slot and "all".
enum SlotCopyingBuiltin {
    static let builtin = Builtin(
        "slotCopying", parameters: [.unlabeled("generations", .object("Generations")), Parameter("on", .object("Dataset"))],
        summary: "Percent of outputs that copy each MR value (name, eatType, food, area, near) and all of them."
    ) { arguments, _ in
        let generations = try arguments.object("generations", as: GenerationsObject.self)
        let dataset = try arguments.object("on", as: DatasetObject.self)
        let mrs = dataset.split.groups.map(\.mr)
        guard mrs.count == generations.outputs.count else {
            throw NotebookAPIError("slotCopying: \(generations.outputs.count) outputs for \(mrs.count) MRs")
        }
        var entries: [(key: Value, value: Value)] = SlotCopying.counts(outputs: generations.outputs, mrs: mrs).map { count in
            (key: .string(count.slot.rawValue),
             value: count.present > 0 ? .double(100 * Double(count.copied) / Double(count.present)) : .null)
        }
        let complete = SlotCopying.complete(outputs: generations.outputs, mrs: mrs)
        entries.append((key: .string("all"), value: mrs.isEmpty ? .null : .double(100 * Double(complete) / Double(mrs.count))))
        return .dictionary(ScriptDictionary(entries))
    }
}
