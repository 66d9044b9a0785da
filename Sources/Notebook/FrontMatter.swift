/// The YAML front matter of a notebook: known keys (title, author, date, description) and any others, in order.
public struct FrontMatter: Equatable, Sendable {
    public var entries: [FrontMatterEntry]

    public init(entries: [FrontMatterEntry] = []) {
        self.entries = entries
    }

    /// The value under `key`, or `nil` when the key is absent.
    public subscript(key: String) -> FrontMatterValue? {
        entries.first(where: { $0.key == key })?.value
    }

    public var title: String? { self["title"]?.text }
    public var author: String? { self["author"]?.text }
    public var date: String? { self["date"]?.text }
    public var description: String? { self["description"]?.text }
}

/// One `key: value` line (or block) of front matter.
public struct FrontMatterEntry: Equatable, Sendable {
    public var key: String
    public var value: FrontMatterValue
    /// Where the key is written, for diagnostics about its value.
    public var position: SourcePosition

    public init(key: String, value: FrontMatterValue, position: SourcePosition) {
        self.key = key
        self.value = value
        self.position = position
    }
}

/// A front matter value: a scalar as written (quotes removed), a list of scalars, or a map (nested maps allowed).
public indirect enum FrontMatterValue: Equatable, Sendable {
    case scalar(String)
    case list([String])
    case map([FrontMatterEntry])

    /// The scalar's text; `nil` for lists and maps.
    public var text: String? {
        if case .scalar(let text) = self { return text }
        return nil
    }

    /// The scalar read as a decimal number (`0.02`, `1e-3`, `-4`); `nil` when it is not one.
    public var number: Double? {
        guard let text, !text.isEmpty else { return nil }
        return Double(text)
    }

    /// The value under `key` when this is a map.
    public subscript(key: String) -> FrontMatterValue? {
        if case .map(let entries) = self { return entries.first(where: { $0.key == key })?.value }
        return nil
    }
}

extension FrontMatter {
    /// Reads a stand-alone YAML file as front matter is read, such as a `--params` file.
    public init(parsingYAML text: String, file: String) throws(NotebookError) {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        do {
            self = try FrontMatterReader(lines: lines, firstLine: 1).read()
        } catch {
            throw error.inFile(file)
        }
    }
}
