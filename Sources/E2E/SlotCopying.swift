/// How often outputs name their MR's values: the slots whose values a correct text copies as written
/// (name, eatType, food, area, near), matched case-insensitively over letters and digits, so the tokenised
/// "family - friendly" or "Café" in any spacing still match. A measure of what a system drops, not a metric.
public enum SlotCopying {
    public static let copiedSlots: [E2ESlot] = [.name, .eatType, .food, .area, .near]

    public struct Count: Sendable, Hashable {
        public var slot: E2ESlot
        /// MRs that have the slot.
        public var present: Int
        /// Of those, outputs that contain its value.
        public var copied: Int
    }

    /// Per copied slot, in `copiedSlots` order; `outputs[i]` belongs to `mrs[i]`.
    public static func counts(outputs: [String], mrs: [MeaningRepresentation]) -> [Count] {
        var counts = copiedSlots.map { Count(slot: $0, present: 0, copied: 0) }
        for (output, mr) in zip(outputs, mrs) {
            let text = " " + normalized(output) + " "
            for (index, slot) in copiedSlots.enumerated() {
                guard let value = mr[slot] else { continue }
                counts[index].present += 1
                if text.contains(" " + normalized(value) + " ") { counts[index].copied += 1 }
            }
        }
        return counts
    }

    /// Outputs that contain every copied value of their MR.
    public static func complete(outputs: [String], mrs: [MeaningRepresentation]) -> Int {
        zip(outputs, mrs).filter { output, mr in
            let text = " " + normalized(output) + " "
            return copiedSlots.allSatisfy { slot in mr[slot].map { text.contains(" " + normalized($0) + " ") } ?? true }
        }.count
    }

    /// Lowercased words of letters and digits, one space apart.
    static func normalized(_ text: String) -> String {
        var words: [String] = []
        var word = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        return words.joined(separator: " ")
    }
}
