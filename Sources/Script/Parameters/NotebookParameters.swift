/// A value a notebook declares in its parameters cell, overridable from the command line.
public struct NotebookParameter: Hashable, Sendable {
    public var name: String
    /// Int, Double, String, Bool, or an array of one of them.
    public var type: ScriptType
    public var value: Value
    /// Where the parameter is declared.
    public var location: SourceLocation
    /// The comment ending its declaration's line, if any: what it means (`ParameterNotes`).
    public var note: String? = nil
}

/// The parameters cell of a notebook: only `let name = literal` declarations, in order,
/// with `--set name=value` overrides checked against each parameter's type.
public struct NotebookParameters: Hashable, Sendable {
    public internal(set) var parameters: [NotebookParameter]

    /// Reads a parameters cell; anything but `let name (: Type)? = literal` is an error at its position.
    public init(reading program: Program) throws {
        parameters = []
        for statement in program.statements {
            guard case .declaration(let declaration) = statement.kind, !declaration.isMutable else {
                throw Diagnostic("a parameters cell holds only 'let name = literal' declarations", at: statement.location)
            }
            if let previous = parameters.first(where: { $0.name == declaration.name }) {
                throw Diagnostic("invalid redeclaration of '\(declaration.name)'", at: statement.location,
                                 notes: ["'\(declaration.name)' was declared at \(previous.location)"])
            }
            guard let literal = NotebookParameters.literal(declaration.value) else {
                throw Diagnostic("parameter '\(declaration.name)' must be a literal (a number, a string, a Bool, or an array of them) so that --set can override it",
                                 at: declaration.value.startLocation)
            }
            guard let type = declaration.type ?? NotebookParameters.type(of: literal),
                  NotebookParameters.isParameterType(type), let value = try? literal.converted(to: type)
            else {
                let written = declaration.type.map { "\($0)" } ?? literal.typeName
                throw Diagnostic("parameter '\(declaration.name)' has type '\(written)'; parameters are Int, Double, String, Bool, or arrays of one of them",
                                 at: declaration.value.startLocation)
            }
            parameters.append(NotebookParameter(name: declaration.name, type: type, value: value, location: statement.location))
        }
    }

    public var names: [String] { parameters.map(\.name) }

    public subscript(name: String) -> Value? {
        parameters.first { $0.name == name }?.value
    }

    /// Applies `name=value` overrides in order, as `--set` gives them.
    public mutating func override(with assignments: [String]) throws {
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ParameterError.malformed(assignment)
            }
            try override(String(assignment[..<equals]), with: String(assignment[assignment.index(after: equals)...]))
        }
    }

    /// Sets one parameter from its command-line text: Strings are taken as written, other types are
    /// read as cell literals (`2e-4`, `true`, `[1, 2]`) and checked against the parameter's type.
    public mutating func override(_ name: String, with text: String) throws {
        guard let index = parameters.firstIndex(where: { $0.name == name }) else {
            throw ParameterError.unknown(name, known: names)
        }
        let parameter = parameters[index]
        let value: Value
        if parameter.type == .string {
            value = .string(text)
        } else {
            guard let program = try? Program(parsing: text, file: "--set \(name)"), program.statements.count == 1,
                  case .expression(let expression) = program.statements[0].kind,
                  let literal = NotebookParameters.literal(expression),
                  let converted = try? literal.converted(to: parameter.type)
            else {
                throw ParameterError.wrongType(name, type: parameter.type, text: text)
            }
            value = converted
        }
        parameters[index].value = value
    }

    /// Binds every parameter as a top-level constant, in place of running the parameters cell.
    public func bind(into interpreter: Interpreter) {
        for parameter in parameters {
            interpreter.define(parameter.name, as: parameter.value, at: parameter.location)
        }
    }

    /// The value of a literal expression, if the expression is one (negative numbers included).
    static func literal(_ expression: Expression) -> Value? {
        switch expression.kind {
        case .integer(let value): return .int(value)
        case .double(let value): return .double(value)
        case .bool(let value): return .bool(value)
        case .string(let parts):
            if parts.isEmpty { return .string("") }
            guard parts.count == 1, case .text(let text) = parts[0] else { return nil }
            return .string(text)
        case .array(let elements):
            var values: [Value] = []
            for element in elements {
                guard let value = literal(element) else { return nil }
                values.append(value)
            }
            return .array(values)
        default:
            return nil
        }
    }

    /// The type a literal declares: an array of Ints and Doubles is `[Double]`; an empty array has none.
    static func type(of value: Value) -> ScriptType? {
        switch value {
        case .int: return .int
        case .double: return .double
        case .string: return .string
        case .bool: return .bool
        case .array(let elements):
            let types = Set(elements.compactMap { type(of: $0) })
            if types == [.int, .double] || types == [.double] { return .array(.double) }
            guard types.count == 1, let element = types.first, elements.count > 0 else { return nil }
            return .array(element)
        default: return nil
        }
    }

    static func isParameterType(_ type: ScriptType) -> Bool {
        switch type {
        case .int, .double, .string, .bool: return true
        case .array(let element): return [.int, .double, .string, .bool].contains(element)
        default: return false
        }
    }
}

/// A bad `--set` override; `description` is the one line a user sees.
public enum ParameterError: Error, Hashable, Sendable, CustomStringConvertible {
    case malformed(String)
    case unknown(String, known: [String])
    case wrongType(String, type: ScriptType, text: String)

    public var description: String {
        switch self {
        case .malformed(let text):
            return "error: --set expects name=value, got '\(text)'"
        case let .unknown(name, known):
            let hint = SpellingSuggestion.hint(for: name, among: known)
            let list = known.isEmpty ? "the notebook declares no parameters" : "known parameters: \(known.joined(separator: ", "))"
            return "error: unknown parameter '\(name)'\(hint); \(list)"
        case let .wrongType(name, type, text):
            return "error: parameter '\(name)' is \(type); '\(text)' is not a\(type.description.first.map { "AEIOU".contains($0) } == true ? "n" : "") \(type)"
        }
    }
}
