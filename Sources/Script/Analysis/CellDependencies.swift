/// Which names a cell reads from outside and which it defines, for caching: a cell's result can be
/// reused while its source and the values of the names it reads are unchanged.
public struct CellDependencies: Hashable, Sendable {
    /// Names read before the cell defines them (free variables), builtins excluded, in first-use order.
    public var reads: [String]
    /// Names the cell declares or assigns at top level, or assigns from inside its blocks, in first-seen order.
    public var defined: [String]

    public init(analyzing program: Program, builtins: Set<String>) {
        var walker = DependencyWalker(builtins: builtins)
        walker.visitTopLevel(program.statements)
        self.reads = walker.reads
        self.defined = walker.defined
    }

    /// The names a function body reads from outside (its parameters excluded), in first-use order.
    static func freeNames(of body: [Statement], parameters: Set<String>, builtins: Set<String>) -> [String] {
        var walker = DependencyWalker(builtins: builtins)
        walker.scopes = [[], parameters]
        walker.visit(body)
        return walker.reads
    }
}

/// Walks a cell with the interpreter's scoping: a block's declarations end with the block.
private struct DependencyWalker {
    let builtins: Set<String>
    var reads: [String] = []
    var defined: [String] = []
    /// The cell's top-level names first, then one set per open block.
    var scopes: [Set<String>] = [[]]

    init(builtins: Set<String>) {
        self.builtins = builtins
    }

    private func isDeclared(_ name: String) -> Bool {
        scopes.contains { $0.contains(name) }
    }

    private func isBlockLocal(_ name: String) -> Bool {
        scopes.dropFirst().contains { $0.contains(name) }
    }

    private mutating func read(_ name: String) {
        if !isDeclared(name), !builtins.contains(name), !reads.contains(name) { reads.append(name) }
    }

    private mutating func define(_ name: String) {
        if !isBlockLocal(name), !defined.contains(name) { defined.append(name) }
    }

    /// A cell: its top-level functions are visible from its first line, as the interpreter declares them first.
    mutating func visitTopLevel(_ statements: [Statement]) {
        for statement in statements {
            if case .function(let function) = statement.kind, let name = function.name {
                define(name)
                scopes[0].insert(name)
            }
        }
        visit(statements)
    }

    mutating func visit(_ statements: [Statement]) {
        for statement in statements { visit(statement) }
    }

    /// A function's body, in a scope of its parameters; what it reads from outside, the cell reads.
    private mutating func visit(_ function: Function) {
        for parameter in function.parameters {
            if let value = parameter.defaultValue { visit(value) }
        }
        scopes.append(Set(function.parameters.map(\.name)))
        visit(function.body)
        scopes.removeLast()
    }

    /// Binds a declared name in the innermost scope; at top level it is one the cell defines.
    private mutating func declare(_ name: String) {
        if scopes.count == 1 { define(name) }
        scopes[scopes.count - 1].insert(name)
    }

    private mutating func visit(_ conditions: [Condition]) {
        for condition in conditions {
            switch condition {
            case .boolean(let expression):
                visit(expression)
            case let .optionalBinding(name, _, value):
                visit(value)
                declare(name)
            }
        }
    }

    private mutating func visitBlock(_ statements: [Statement], declaring names: [String] = []) {
        scopes.append(Set(names))
        visit(statements)
        scopes.removeLast()
    }

    private mutating func visit(_ statement: Statement) {
        switch statement.kind {
        case .declaration(let declaration):
            visit(declaration.value)
            declare(declaration.name)
        case let .destructuring(_, names, value):
            visit(value)
            for name in names where name != "_" { declare(name) }
        case let .assignment(target, operation, value):
            visit(value)
            visitTarget(target, readsRoot: operation != nil)
        case .expression(let expression):
            visit(expression)
        case let .conditional(branches, otherwise):
            for branch in branches {
                scopes.append([])
                visit(branch.conditions)
                visitBlock(branch.body)
                scopes.removeLast()
            }
            if let otherwise { visitBlock(otherwise) }
        case .loop(let loop):
            visit(loop.sequence)
            visitBlock(loop.body, declaring: loop.names.filter { $0 != "_" })
        case let .whileLoop(conditions, body, _):
            scopes.append([])
            visit(conditions)
            visitBlock(body)
            scopes.removeLast()
        case .switchStatement(let statement):
            visit(statement.subject)
            for switchCase in statement.cases {
                for case let pattern? in switchCase.patterns { visit(pattern) }
                visitBlock(switchCase.body)
            }
        case let .guardStatement(conditions, otherwise):
            // The else block runs before the bindings exist.
            scopes.append([])
            visit(conditions)
            scopes.removeLast()
            visitBlock(otherwise)
            for case let .optionalBinding(name, _, _) in conditions { declare(name) }
        case .function(let function):
            if let name = function.name, scopes.count > 1 { declare(name) }
            visit(function)
        case .returnValue(let value):
            if let value { visit(value) }
        case .breakLoop, .continueLoop:
            break
        }
    }

    /// An assignment target defines its root variable; indices are read, and so is the root when the
    /// old value is used (`x += 1`, `xs[0] = 1`).
    private mutating func visitTarget(_ target: Expression, readsRoot: Bool) {
        switch target.kind {
        case .identifier(let name):
            if readsRoot { read(name) }
            define(name)
        case let .subscripting(base, index):
            visit(index)
            visitTarget(base, readsRoot: true)
        default:
            visit(target)
        }
    }

    private mutating func visit(_ expression: Expression) {
        switch expression.kind {
        case .integer, .double, .bool, .null:
            break
        case .string(let parts):
            for case .interpolation(let inner) in parts { visit(inner) }
        case .array(let elements), .tuple(let elements):
            for element in elements { visit(element) }
        case .closure(let function):
            visit(function)
        case .dictionary(let entries):
            for entry in entries {
                visit(entry.key)
                visit(entry.value)
            }
        case .identifier(let name):
            read(name)
        case .implicitMember(_, let arguments):
            for argument in arguments { visit(argument.value) }
        case .member(let base, _):
            visit(base)
        case let .subscripting(base, index):
            visit(base)
            visit(index)
        case let .call(callee, arguments):
            switch callee.kind {
            case .identifier(let name):
                // A builtin is no read; a function a cell defined is, and its fingerprint covers its body.
                read(name)
            case let .member(base, name) where name == "append":
                visitTarget(base, readsRoot: true)
            default:
                visit(callee)
            }
            for argument in arguments { visit(argument.value) }
        case let .unary(_, operand):
            visit(operand)
        case let .binary(_, left, right), let .range(left, right, _):
            visit(left)
            visit(right)
        case let .ternary(test, then, otherwise):
            visit(test)
            visit(then)
            visit(otherwise)
        }
    }
}
