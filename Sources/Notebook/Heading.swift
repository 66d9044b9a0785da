import Foundation

/// A Markdown heading, for the table of contents; `id` is the anchor the prose HTML gives it.
public struct Heading: Hashable, Sendable {
    public var level: Int
    public var text: String
    public var id: String
    public var position: SourcePosition

    public init(level: Int, text: String, id: String, position: SourcePosition) {
        self.level = level
        self.text = text
        self.id = id
        self.position = position
    }
}

/// Makes GitHub-style anchor slugs ("LoRA: the idea" -> "lora-the-idea"), unique within one document.
struct SlugMaker {
    private var taken: Set<String>

    /// `reserved` holds ids already used in the page (cell ids) that a heading must not take.
    init(reserved: Set<String> = []) {
        taken = reserved
    }

    /// Lowercases, keeps letters, digits, `-` and `_`, turns spaces into `-`; repeats get `-1`, `-2`, ...
    mutating func slug(for text: String) -> String {
        var base = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "_" || character == "-" {
                base.append(character)
            } else if character == " " || character == "\t" {
                base.append("-")
            }
        }
        while base.contains("--") { base = base.replacingOccurrences(of: "--", with: "-") }
        base = String(base.drop(while: { $0 == "-" }).reversed().drop(while: { $0 == "-" }).reversed())
        if base.isEmpty { base = "section" }
        var candidate = base
        var counter = 0
        while taken.contains(candidate) {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        taken.insert(candidate)
        return candidate
    }
}
