@testable import Script

/// Parses a cell as if it sat at the top of `cell.md`.
func parse(_ source: String, file: String = "cell.md", line: Int = 1, column: Int = 1) throws -> Program {
    try Program(parsing: source, file: file, line: line, column: column)
}

/// Parses and runs a cell in `interpreter`.
@discardableResult
func run(_ source: String, in interpreter: Interpreter = Interpreter(builtins: .testing)) throws -> CellResult {
    try interpreter.execute(try parse(source))
}

/// The value of a cell's last expression.
func evaluate(_ source: String, in interpreter: Interpreter = Interpreter(builtins: .testing)) throws -> Value? {
    try run(source, in: interpreter).value
}

/// The diagnostic a cell fails with (parse or run), or nil when it succeeds.
func failure(_ source: String, in interpreter: Interpreter = Interpreter(builtins: .testing),
             line: Int = 1, column: Int = 1) -> Diagnostic? {
    do {
        _ = try interpreter.execute(try parse(source, line: line, column: column))
        return nil
    } catch let diagnostic as Diagnostic {
        return diagnostic
    } catch {
        return Diagnostic("not a diagnostic: \(error)", at: SourceLocation(file: "?", line: 0, column: 0))
    }
}

/// The token kinds of a source, without the final `.end`.
func tokenKinds(_ source: String) throws -> [TokenKind] {
    var lexer = Lexer(source: source, origin: SourceLocation(file: "cell.md", line: 1, column: 1))
    return try lexer.tokenize().dropLast().map(\.kind)
}

/// An expression as a compact S-expression, to check the parser's tree shape.
func sexpr(_ expression: Expression) -> String {
    func arguments(_ list: [Argument]) -> String {
        list.map { ($0.label.map { "\($0): " } ?? "") + sexpr($0.value) }.joined(separator: ", ")
    }
    switch expression.kind {
    case .integer(let value): return String(value)
    case .double(let value): return String(value)
    case .bool(let value): return String(value)
    case .null: return "nil"
    case .string(let parts):
        return "\"" + parts.map { part -> String in
            switch part {
            case .text(let text): return text
            case .interpolation(let inner): return "\\(\(sexpr(inner)))"
            }
        }.joined() + "\""
    case .array(let elements): return "[" + elements.map(sexpr).joined(separator: ", ") + "]"
    case .dictionary(let entries):
        return entries.isEmpty ? "[:]" : "[" + entries.map { "\(sexpr($0.key)): \(sexpr($0.value))" }.joined(separator: ", ") + "]"
    case .identifier(let name): return name
    case let .implicitMember(name, list): return list.isEmpty ? ".\(name)" : ".\(name)(\(arguments(list)))"
    case let .member(base, name): return "\(sexpr(base)).\(name)"
    case let .subscripting(base, index): return "\(sexpr(base))[\(sexpr(index))]"
    case let .call(callee, list): return "\(sexpr(callee))(\(arguments(list)))"
    case let .unary(operation, operand): return "(\(operation.rawValue) \(sexpr(operand)))"
    case let .binary(operation, left, right): return "(\(operation.rawValue) \(sexpr(left)) \(sexpr(right)))"
    case let .ternary(test, then, otherwise): return "(? \(sexpr(test)) \(sexpr(then)) \(sexpr(otherwise)))"
    case let .range(low, high, closed): return "(\(closed ? "..." : "..<") \(sexpr(low)) \(sexpr(high)))"
    case .tuple(let elements): return "(tuple " + elements.map(sexpr).joined(separator: " ") + ")"
    case .closure(let function): return "(closure \(function.parameters.map(\.name).joined(separator: " ")))"
    }
}

/// The single expression statement of a one-line cell, as an S-expression.
func parsedExpression(_ source: String) throws -> String {
    let program = try parse(source)
    guard program.statements.count == 1, case .expression(let expression) = program.statements[0].kind else {
        return "<not one expression statement>"
    }
    return sexpr(expression)
}

/// A host object standing in for a training run.
final class FakeRun: ScriptObject {
    let losses: [Double]

    init(losses: [Double]) {
        self.losses = losses
    }

    var typeName: String { "TrainingRun" }
    var memberNames: [String] { ["trainLoss", "steps"] }
    var methodNames: [String] { ["loss", "plot"] }
    var fingerprint: String { losses.map(\.description).joined(separator: ",") }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "trainLoss": return .array(losses.map { .double($0) })
        case "steps": return .int(losses.count)
        default: return nil
        }
    }

    func method(_ name: String) -> Builtin? {
        if name == "plot" {
            return Builtin("plot", summary: "Displays the losses.", returnsValue: false) { [losses] _, context in
                context.display(.array(losses.map { .double($0) }))
                return .null
            }
        }
        guard name == "loss" else { return nil }
        let losses = self.losses
        return Builtin("loss", parameters: [Parameter("atStep", .int)], summary: "The loss at a step.") { arguments, _ in
            let step = try arguments.int("atStep")
            guard losses.indices.contains(step) else { throw CallError("step \(step) is not in 0..<\(losses.count)") }
            return .double(losses[step])
        }
    }
}

/// A tiny engine failure with its own one-line description.
struct EngineFailure: Error, CustomStringConvertible {
    var description: String { "error: tensor 'h.0.attn.c_attn.weight' has shape [2, 3], expected [3, 2]" }
}

extension ScriptType {
    static let method: ScriptType = .oneOf([
        SymbolSignature("full"),
        SymbolSignature("lora", parameters: [Parameter("rank", .int), Parameter("alpha", .double, default: .double(32))]),
    ])
}

extension BuiltinRegistry {
    /// The standard library plus builtins shaped like the notebook's.
    static var testing: BuiltinRegistry {
        var registry = BuiltinRegistry.standard
        registry.register(Builtin("train", parameters: [
            Parameter("model", .string), Parameter("method", .method, default: .symbol(Symbol("full"))),
            Parameter("lr", .double, default: .double(2e-4)), Parameter("epochs", .int, default: .int(5)),
        ], summary: "Trains a model.") { arguments, context in
            context.reportProgress("epoch 1", fraction: 0.5)
            return .dictionary(ScriptDictionary([
                (.string("model"), .string(try arguments.string("model"))),
                (.string("method"), .symbol(try arguments.symbol("method"))),
                (.string("lr"), .double(try arguments.double("lr"))),
                (.string("epochs"), .int(try arguments.int("epochs"))),
            ]))
        })
        registry.register(Builtin("fakeRun", parameters: [.unlabeled("losses", .array(.double))],
                                  summary: "A training run with the given losses.") { arguments, _ in
            .object(FakeRun(losses: try arguments.array("losses").compactMap(\.numericValue)))
        })
        registry.register(Builtin("plot", parameters: [.unlabeled("values", .array(.double)), Parameter("title", .string, default: .string(""))],
                                  summary: "Displays a line chart.", returnsValue: false) { arguments, context in
            context.display(.dictionary(ScriptDictionary([(key: .string("plot"), value: .string(try arguments.string("title")))])))
            return .null
        })
        registry.register(Builtin("load", parameters: [.unlabeled("path", .string)], summary: "Fails like an engine.") { _, _ in
            throw EngineFailure()
        })
        return registry
    }
}
