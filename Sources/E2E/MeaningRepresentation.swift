/// An E2E meaning representation such as `name[The Vaults], eatType[pub], priceRange[more than £30]`:
/// slots in their written order, plus the original text (which identifies the MR when grouping references).
public struct MeaningRepresentation: Sendable, Hashable {
    public struct Slot: Sendable, Hashable {
        public var slot: E2ESlot
        public var value: String
    }

    /// A syntax error at a scalar offset into the MR text.
    public struct SyntaxError: Error, Equatable, Sendable {
        public var offset: Int
        public var message: String

        public init(offset: Int, message: String) {
            self.offset = offset
            self.message = message
        }
    }

    public var text: String
    public var slots: [Slot]

    /// Parses `slot[value], slot[value], ...`; spaces may follow each comma; slot names must be known.
    public init(parsing text: String) throws(SyntaxError) {
        let scalars = Array(text.unicodeScalars)
        var slots: [Slot] = []
        var index = 0
        while true {
            let nameStart = index
            while index < scalars.count, scalars[index] != "[", scalars[index] != "]", scalars[index] != "," {
                index += 1
            }
            let name = String(String.UnicodeScalarView(scalars[nameStart..<index]))
            guard index < scalars.count, scalars[index] == "[" else {
                let message = name.isEmpty ? "expected a slot such as name[...]" : "expected '[' after slot '\(name)'"
                throw SyntaxError(offset: index, message: message)
            }
            guard let slot = E2ESlot(rawValue: name) else {
                let known = E2ESlot.allCases.map(\.rawValue).joined(separator: ", ")
                throw SyntaxError(offset: nameStart, message: "unknown slot '\(name)' (known: \(known))")
            }
            index += 1
            let valueStart = index
            while index < scalars.count, scalars[index] != "]" {
                guard scalars[index] != "[" else {
                    throw SyntaxError(offset: index, message: "'[' inside the value of slot '\(name)'")
                }
                index += 1
            }
            guard index < scalars.count else {
                throw SyntaxError(offset: valueStart - 1, message: "slot '\(name)' has no closing ']'")
            }
            slots.append(Slot(slot: slot, value: String(String.UnicodeScalarView(scalars[valueStart..<index]))))
            index += 1
            if index == scalars.count { break }
            guard scalars[index] == "," else {
                throw SyntaxError(offset: index, message: "expected ',' between slots")
            }
            index += 1
            while index < scalars.count, scalars[index] == " " { index += 1 }
        }
        self.text = text
        self.slots = slots
    }

    /// The value of a slot, if present.
    public subscript(slot: E2ESlot) -> String? {
        slots.first { $0.slot == slot }?.value
    }

    /// The LoRA repo's context text: `name : The Vaults | Type : pub | price : more than £ 30`.
    /// Values are split into word runs and single other characters, joined by spaces.
    public var loraText: String {
        slots.map { "\($0.slot.loraName) : \(Self.splitValue($0.value))" }.joined(separator: " | ")
    }

    /// Python's `" ".join(re.findall(r"\w+|[^\w\s]", value))`.
    static func splitValue(_ value: String) -> String {
        var view = String.UnicodeScalarView()
        var previousWasWord = false
        for scalar in value.unicodeScalars {
            if TextClass.isSpace(scalar) {
                previousWasWord = false
                continue
            }
            let isWord = TextClass.isWord(scalar)
            if !view.isEmpty && !(isWord && previousWasWord) { view.append(" ") }
            view.append(scalar)
            previousWasWord = isWord
        }
        return String(view)
    }
}
