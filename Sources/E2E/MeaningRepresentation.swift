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
        // Integer positions into an array of scalars: the position is also the offset errors report.
        // (An earlier version advanced a captured index in a nested function, which -O compiled wrongly.)
        let scalars = Array(text.unicodeScalars)
        var slots: [Slot] = []
        var i = 0
        while true {
            let nameStart = i
            while i < scalars.count, scalars[i] != "[", scalars[i] != "]", scalars[i] != "," { i += 1 }
            let name = String(String.UnicodeScalarView(scalars[nameStart..<i]))
            guard i < scalars.count, scalars[i] == "[" else {
                let message = name.isEmpty ? "expected a slot such as name[...]" : "expected '[' after slot '\(name)'"
                throw SyntaxError(offset: i, message: message)
            }
            guard let slot = E2ESlot(rawValue: name) else {
                let known = E2ESlot.allCases.map(\.rawValue).joined(separator: ", ")
                throw SyntaxError(offset: nameStart, message: "unknown slot '\(name)' (known: \(known))")
            }
            let open = i
            i += 1
            let valueStart = i
            while i < scalars.count, scalars[i] != "]" {
                guard scalars[i] != "[" else {
                    throw SyntaxError(offset: i, message: "'[' inside the value of slot '\(name)'")
                }
                i += 1
            }
            guard i < scalars.count else {
                throw SyntaxError(offset: open, message: "slot '\(name)' has no closing ']'")
            }
            slots.append(Slot(slot: slot, value: String(String.UnicodeScalarView(scalars[valueStart..<i]))))
            i += 1
            if i == scalars.count { break }
            guard scalars[i] == "," else {
                throw SyntaxError(offset: i, message: "expected ',' between slots")
            }
            i += 1
            while i < scalars.count, scalars[i] == " " { i += 1 }
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
